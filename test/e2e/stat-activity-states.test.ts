/**
 * pg_stat_activity's row for another session in each state, against PostgreSQL 15's: idle, idle
 * in transaction, idle in transaction (aborted), active — what each column holds (or whether it
 * is null) and how the timestamps relate.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { answer, differentialPair, type DifferentialPair } from '../support/differential.js';

const pair = differentialPair();

const ROW = `SELECT state, query, usename, application_name, datname, client_addr, client_hostname, client_port > 0 AS port,
  backend_type, wait_event_type, wait_event, backend_xid IS NULL AS no_xid,
  backend_start IS NOT NULL AS has_backend_start, query_start IS NOT NULL AS has_query_start,
  xact_start IS NOT NULL AS has_xact_start, state_change IS NOT NULL AS has_state_change,
  backend_start <= query_start AS started_before, xact_start <= query_start AS xact_first,
  query_start <= state_change AS changed_after, leader_pid IS NULL AS no_leader
  FROM pg_stat_activity WHERE pid = $1`;

async function other(p: DifferentialPair, side: 'ours' | 'reference'): Promise<pg.Client> {
  const c = side === 'ours'
    ? await p.server.client()
    : new pg.Client({ host: '127.0.0.1', port: p.ref.port, user: p.ref.user, database: 'postgres' });
  if (side === 'reference') await c.connect();
  await c.query("SET application_name = 'watched'");
  return c;
}

function pidOf(c: pg.Client): number {
  return (c as unknown as { processID: number }).processID;
}

/** The watched session's row on both servers, after `steps` ran in it. */
async function rowsAfter(steps: (c: pg.Client) => Promise<unknown>): Promise<[unknown, unknown]> {
  const out: unknown[] = [];
  for (const side of ['ours', 'reference'] as const) {
    const c = await other(pair, side);
    try {
      await steps(c);
      await new Promise((r) => setTimeout(r, 50));
      out.push(await answer(pair[side], ROW, [pidOf(c)]));
    } finally {
      await c.end();
    }
  }
  return [out[0], out[1]];
}

describe('pg_stat_activity states, as PostgreSQL 15 shows them', () => {
  it('idle after a statement', async () => {
    const [ours, theirs] = await rowsAfter((c) => c.query('SELECT 1 AS x'));
    expect(ours).toEqual(theirs);
  });

  it('idle in transaction', async () => {
    const [ours, theirs] = await rowsAfter(async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT 2 AS y');
    });
    expect(ours).toEqual(theirs);
  });

  it('idle in transaction (aborted)', async () => {
    const [ours, theirs] = await rowsAfter(async (c) => {
      await c.query('BEGIN');
      await c.query('SELECT 1/0').catch(() => undefined);
    });
    expect(ours).toEqual(theirs);
  });

  it('idle after a parameterized (extended protocol) statement', async () => {
    const [ours, theirs] = await rowsAfter((c) => c.query('SELECT $1::int AS z', [3]));
    expect(ours).toEqual(theirs);
  });

  it('active while a statement runs (wait event aside: PostgreSQL names its sleep)', async () => {
    const out: unknown[] = [];
    for (const side of ['ours', 'reference'] as const) {
      const c = await other(pair, side);
      try {
        const running = c.query('SELECT pg_sleep(0.5)');
        await new Promise((r) => setTimeout(r, 150));
        out.push(await answer(pair[side], ROW.replace('wait_event_type, wait_event, ', ''), [pidOf(c)]));
        await running;
      } finally {
        await c.end();
      }
    }
    expect(out[0]).toEqual(out[1]);
  });
});
