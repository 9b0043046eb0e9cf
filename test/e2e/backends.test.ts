/**
 * pg_stat_activity, pg_backend_pid, pg_cancel_backend and pg_terminate_backend against live
 * sessions of our server (the session-level columns are compared with PostgreSQL 15's where the
 * two servers can agree: the reading session's own row).
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { sqlstate } from './harness.js';
import { answer, differentialPair } from '../support/differential.js';

const pair = differentialPair(["CREATE ROLE alice LOGIN PASSWORD 'alice-pw'"]);

const OWN_ROW = `SELECT state, query, backend_type, datname, wait_event_type, wait_event, client_addr, client_port > 0 AS port,
  backend_start <= query_start AS ordered, xact_start = query_start AS xact, pid = pg_backend_pid() AS mine
  FROM pg_stat_activity WHERE pid = pg_backend_pid()`;

function pidOf(c: pg.Client): number {
  return (c as unknown as { processID: number }).processID;
}

describe('backends', () => {
  it('a session sees its own row as PostgreSQL shows it', async () => {
    expect(await answer(pair.ours, OWN_ROW)).toEqual(await answer(pair.reference, OWN_ROW));
  });

  it('lists every session with its state, and pg_backend_pid is the BackendKeyData pid', async () => {
    const b = await pair.server.client();
    try {
      expect((await b.query('SELECT pg_backend_pid() AS p')).rows[0].p).toBe(pidOf(b));
      await b.query("SET application_name = 'second'");
      const stateOf = async () =>
        (await pair.ours.query('SELECT state, query, application_name FROM pg_stat_activity WHERE pid = $1', [pidOf(b)])).rows[0];
      expect(await stateOf()).toEqual({ state: 'idle', query: "SET application_name = 'second'", application_name: 'second' });
      await b.query('BEGIN');
      await b.query('SELECT 1');
      expect(await stateOf()).toMatchObject({ state: 'idle in transaction', query: 'SELECT 1' });
      await b.query('SELECT 1/0').catch(() => undefined);
      expect(await stateOf()).toMatchObject({ state: 'idle in transaction (aborted)' });
      await b.query('ROLLBACK');
      const sleeping = b.query('SELECT pg_sleep(5)');
      await new Promise((r) => setTimeout(r, 200));
      expect(await stateOf()).toMatchObject({ state: 'active', query: 'SELECT pg_sleep(5)' });
      expect((await pair.ours.query('SELECT pg_cancel_backend($1) AS ok', [pidOf(b)])).rows[0].ok).toBe(true);
      expect(await sqlstate(sleeping)).toBe('57014');
      expect((await b.query('SELECT 2 AS two')).rows[0].two).toBe(2);
    } finally {
      await b.end();
    }
  });

  it('pg_terminate_backend ends the session with FATAL 57P01; only a superuser may end a superuser\'s', async () => {
    const b = await pair.server.client();
    const alice = await pair.server.client({ user: 'alice', password: 'alice-pw' });
    const bErrors: string[] = [];
    b.on('error', (e: Error & { code?: string }) => bErrors.push(e.code ?? e.message));
    try {
      expect(await sqlstate(alice.query('SELECT pg_terminate_backend($1)', [pidOf(b)]))).toBe('42501');
      expect(await sqlstate(alice.query('SELECT pg_cancel_backend($1)', [pidOf(b)]))).toBe('42501');
      const notices: string[] = [];
      pair.ours.on('notice', (n) => notices.push(`${n.severity} ${n.message}`));
      expect((await pair.ours.query('SELECT pg_terminate_backend(1) AS ok')).rows[0].ok).toBe(false);
      expect(notices).toEqual(['WARNING PID 1 is not a PostgreSQL backend process']);
      expect(await sqlstate(pair.ours.query('SELECT pg_terminate_backend($1, -1)', [pidOf(b)]))).toBe('22023');
      expect((await pair.ours.query('SELECT pg_terminate_backend($1) AS ok', [pidOf(b)])).rows[0].ok).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect(bErrors[0]).toBe('57P01');
      expect((await pair.ours.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [pidOf(b)])).rows[0].n).toBe(0);
      // alice may end her own session.
      const own = (await alice.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
      expect(await sqlstate(alice.query('SELECT pg_terminate_backend($1)', [own]))).toBe('57P01');
    } finally {
      await b.end().catch(() => undefined);
      await alice.end().catch(() => undefined);
    }
  });
});
