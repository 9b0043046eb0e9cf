/** statement_timeout is enforced (57014), and the time settings read and print as PostgreSQL 15's do. */
import { describe, expect, it } from 'vitest';
import { answerWithTag, differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair(['CREATE TABLE big (id int PRIMARY KEY)', 'INSERT INTO big SELECT g FROM generate_series(1, 3000) g']);

describe('statement_timeout', () => {
  it('reads and shows durations as PostgreSQL does', async () => {
    const steps: string[] = [];
    for (const v of ["'5s'", '5000', '1500', "'1min'", "'90s'", "'2h'", '0', "'1d'", "'0.5s'", "'100 ms'", "'-1'", "'abc'", "'10us'", "'5 weeks'"]) {
      steps.push(`SET statement_timeout = ${v}`, 'SHOW statement_timeout');
    }
    steps.push("SET lock_timeout = '2s'", 'SHOW lock_timeout', "SET idle_in_transaction_session_timeout = 60000", 'SHOW idle_in_transaction_session_timeout', 'RESET ALL');
    await expectSameSteps(pair, steps);
  });

  it('cancels a statement that runs past it with 57014, and the session goes on', async () => {
    await expectSameSteps(pair, [
      "SET statement_timeout = '150ms'",
      'SELECT pg_sleep(2)',
      'SELECT count(*) FROM big a, big b, big c',
      'SELECT 1',
      'BEGIN',
      'SELECT pg_sleep(2)',
      'SELECT 1',
      'ROLLBACK',
      'SET statement_timeout = 0',
      'SELECT pg_sleep(0.3)',
    ]);
    const c = await pair.server.client();
    try {
      // The message says why, as PostgreSQL's does (a CancelRequest says "user request").
      await c.query("SET statement_timeout = '100ms'");
      await expect(c.query('SELECT pg_sleep(5)')).rejects.toThrow('canceling statement due to statement timeout');
      expect(await answerWithTag(c, 'SELECT 2')).toMatchObject({ rows: [['2']] });
    } finally {
      await c.end();
    }
  });

  it('idle_in_transaction_session_timeout ends a session left waiting inside a transaction with FATAL 25P03', async () => {
    const c = await pair.server.client();
    const errors: { code?: string; message: string }[] = [];
    c.on('error', (e: Error & { code?: string }) => errors.push({ code: e.code, message: e.message }));
    await c.query("SET idle_in_transaction_session_timeout = '200ms'");
    await new Promise((r) => setTimeout(r, 400)); // idle outside a transaction: nothing happens
    await c.query('BEGIN');
    await c.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 120));
    await c.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 120)); // each statement in time resets the clock
    await c.query('SELECT 2');
    await new Promise((r) => setTimeout(r, 800));
    // node-postgres then reports the closed socket too, as it does after PostgreSQL's FATAL.
    expect(errors[0]).toEqual({ code: '25P03', message: 'terminating connection due to idle-in-transaction timeout' });
    await expect(c.query('SELECT 3')).rejects.toThrow();
  });
});
