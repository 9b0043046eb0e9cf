/** Transactions: atomic commit, read-your-writes, 25P02, READ COMMITTED, first committer wins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, sqlstate, type TestServer } from './harness.js';
import type pg from 'pg';

let t: TestServer;
let a: pg.Client;
let b: pg.Client;
beforeAll(async () => {
  t = await startTestServer();
  a = await t.client();
  b = await t.client();
  await a.query('CREATE TABLE acct (id INT PRIMARY KEY, balance INT NOT NULL)');
  await a.query('INSERT INTO acct VALUES (1, 100), (2, 100)');
});
afterAll(async () => t.stop());

const balances = async (c: pg.Client) => (await c.query('SELECT id, balance FROM acct ORDER BY id')).rows.map((r) => r.balance);

describe('transactions', () => {
  it('see their own writes and publish them only at COMMIT', async () => {
    await a.query('BEGIN');
    await a.query('UPDATE acct SET balance = balance - 10 WHERE id = 1');
    await a.query('UPDATE acct SET balance = balance + 10 WHERE id = 2');
    await a.query('INSERT INTO acct VALUES (3, 0)');
    expect(await balances(a)).toEqual([90, 110, 0]);
    expect(await balances(b)).toEqual([100, 100]);
    await a.query('COMMIT');
    expect(await balances(b)).toEqual([90, 110, 0]);
  });

  it('ROLLBACK discards everything', async () => {
    await a.query('BEGIN');
    await a.query('DELETE FROM acct');
    expect(await balances(a)).toEqual([]);
    await a.query('ROLLBACK');
    expect(await balances(a)).toEqual([90, 110, 0]);
  });

  it('after an error, refuses statements with 25P02 until ROLLBACK', async () => {
    await a.query('BEGIN');
    await a.query('UPDATE acct SET balance = 0 WHERE id = 3');
    expect(await sqlstate(a.query('INSERT INTO acct VALUES (1, 1)'))).toBe('23505');
    expect(await sqlstate(a.query('SELECT 1'))).toBe('25P02');
    const r = await a.query('COMMIT');
    expect(r.command).toBe('ROLLBACK');
    expect(await balances(a)).toEqual([90, 110, 0]);
  });

  it('rolls back to a savepoint', async () => {
    await a.query('BEGIN');
    await a.query('UPDATE acct SET balance = 1 WHERE id = 1');
    await a.query('SAVEPOINT s1');
    await a.query('UPDATE acct SET balance = 2 WHERE id = 2');
    expect(await sqlstate(a.query('SELECT 1/0'))).toBe('22012');
    await a.query('ROLLBACK TO SAVEPOINT s1');
    await a.query('COMMIT');
    expect(await balances(a)).toEqual([1, 110, 0]);
    await a.query('UPDATE acct SET balance = 90 WHERE id = 1');
  });

  it('a multi-statement simple query is one implicit transaction', async () => {
    expect(await sqlstate(a.query('INSERT INTO acct VALUES (9, 9); SELECT 1/0'))).toBe('22012');
    expect(await balances(a)).toEqual([90, 110, 0]);
  });

  it('when two open transactions write the same row, the later commit fails with 40001', async () => {
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('UPDATE acct SET balance = balance + 1 WHERE id = 1');
    await b.query('UPDATE acct SET balance = balance + 5 WHERE id = 1');
    await a.query('COMMIT');
    expect(await sqlstate(b.query('COMMIT'))).toBe('40001');
    expect(await balances(a)).toEqual([91, 110, 0]);
  });

  it('READ COMMITTED: writing a row another transaction committed before the statement began is no conflict', async () => {
    await a.query('BEGIN');
    await a.query('SELECT 1');
    await b.query('UPDATE acct SET balance = balance + 100 WHERE id = 2');
    await a.query('UPDATE acct SET balance = balance + 1 WHERE id = 2');
    await a.query('COMMIT');
    expect(await balances(a)).toEqual([91, 211, 0]);
    await a.query('UPDATE acct SET balance = 110 WHERE id = 2');
  });

  it('two concurrent inserts of one key: the loser gets 23505', async () => {
    await a.query('BEGIN');
    await b.query('BEGIN');
    await a.query('INSERT INTO acct VALUES (50, 1)');
    await b.query('INSERT INTO acct VALUES (50, 2)');
    await b.query('COMMIT');
    expect(await sqlstate(a.query('COMMIT'))).toBe('23505');
    expect((await a.query('SELECT balance FROM acct WHERE id = 50')).rows).toEqual([{ balance: 2 }]);
  });

  it('READ COMMITTED: a statement sees rows committed before it started', async () => {
    await a.query('BEGIN');
    expect((await a.query('SELECT count(*)::int AS n FROM acct')).rows[0].n).toBe(4);
    await b.query('INSERT INTO acct VALUES (60, 6)');
    expect((await a.query('SELECT count(*)::int AS n FROM acct')).rows[0].n).toBe(5);
    await a.query('COMMIT');
  });

  it('reports transaction status in ReadyForQuery and refuses unsupported isolation', async () => {
    expect(await sqlstate(a.query('BEGIN ISOLATION LEVEL SERIALIZABLE'))).toBe('0A000');
    await a.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    await a.query('COMMIT');
  });
});
