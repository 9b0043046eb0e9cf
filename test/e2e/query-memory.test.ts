/**
 * --max-query-memory: a statement that would hold more rows than the limit fails with 53200
 * (PostgreSQL's "out of memory"), the session goes on — its transaction aborted, as PostgreSQL
 * aborts one on any error — and other connections are answered while the big statement runs.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlstate, startTestServer, type TestServer } from './harness.js';

const LIMIT = 16 * 1024 * 1024;
const BIG_ROWS = 100_000;
const SMALL_ROWS = 20_000;

let t: TestServer;
let c: pg.Client;

async function fill(table: string, rows: number): Promise<void> {
  // In slices: one INSERT … SELECT of every row would itself pass the limit.
  for (let from = 1; from <= rows; from += 5000) {
    const to = Math.min(rows, from + 4999);
    await c.query(`INSERT INTO ${table} SELECT i, i % 1000, repeat('x', 40) FROM generate_series(${from}, ${to}) AS i`);
  }
}

beforeAll(async () => {
  t = await startTestServer(undefined, { maxQueryMemory: LIMIT });
  c = await t.client();
  await c.query('CREATE TABLE big (id int PRIMARY KEY, v int, pad text)');
  await c.query('CREATE TABLE small (id int PRIMARY KEY, v int, pad text)');
  await fill('big', BIG_ROWS);
  await fill('small', SMALL_ROWS);
}, 120_000);

afterAll(async () => t?.stop());

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message?: string; detail?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message?: string; detail?: string };
  }
  throw new Error('the statement succeeded');
}

describe('max query memory', () => {
  it('fails a full scan of a table bigger than the limit with 53200', async () => {
    const e = await rejection(c.query('SELECT * FROM big'));
    expect(e.code).toBe('53200');
    expect(e.message).toBe('out of memory');
    expect(e.detail).toContain('16 MiB');
  });

  it('fails ORDER BY, cross joins, joins, series and recursive queries that need more', async () => {
    expect(await sqlstate(c.query('SELECT id FROM big ORDER BY v, id'))).toBe('53200');
    expect(await sqlstate(c.query('SELECT count(*) FROM small a CROSS JOIN small b'))).toBe('53200');
    expect(await sqlstate(c.query('SELECT a.id, b.id FROM small a LEFT JOIN small b ON a.v < 500'))).toBe('53200');
    expect(await sqlstate(c.query('SELECT count(*) FROM generate_series(1, 100000000)'))).toBe('53200');
    expect(await sqlstate(c.query('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'))).toBe('53200');
  });

  it('runs queries under the limit', async () => {
    const all = await c.query('SELECT * FROM small ORDER BY v DESC, id');
    expect(all.rows).toHaveLength(SMALL_ROWS);
    expect(all.rows[0]).toEqual({ id: 999, v: 999, pad: 'x'.repeat(40) });
    const grouped = await c.query('SELECT v, count(*)::int AS n FROM small GROUP BY v ORDER BY v LIMIT 2');
    expect(grouped.rows).toEqual([{ v: 0, n: 20 }, { v: 1, n: 20 }]);
    // A correlated subquery's rows are charged per outer row, then credited back.
    const correlated = await c.query('SELECT count(*)::int AS n FROM small a WHERE a.id <= 200 AND a.v IN (SELECT b.v FROM small b WHERE b.id > a.id)');
    expect(correlated.rows).toEqual([{ n: 200 }]);
    const point = await c.query('SELECT id, v FROM big WHERE id = 4242');
    expect(point.rows).toEqual([{ id: 4242, v: 242 }]);
  });

  it('leaves an autocommit session usable, and aborts a transaction block as PostgreSQL does', async () => {
    expect(await sqlstate(c.query('SELECT * FROM big'))).toBe('53200');
    expect((await c.query('SELECT count(*)::int AS n FROM small')).rows).toEqual([{ n: SMALL_ROWS }]);

    await c.query('BEGIN');
    await c.query("INSERT INTO small VALUES (-1, 0, 'in the block')");
    expect(await sqlstate(c.query('SELECT * FROM big ORDER BY pad'))).toBe('53200');
    expect(await sqlstate(c.query('SELECT 1'))).toBe('25P02');
    expect((await c.query('COMMIT')).command).toBe('ROLLBACK');
    expect((await c.query('SELECT count(*)::int AS n FROM small WHERE id = -1')).rows).toEqual([{ n: 0 }]);
  });

  it('keeps answering other connections while a big query runs', async () => {
    const other = await t.client();
    // Fails only after looking at a few million pairs: long enough to watch the other session.
    let settled = false;
    const big = c.query('SELECT a.id, b.id FROM small a JOIN small b ON a.id >= b.id').then(
      () => 'no error',
      (e: { code?: string }) => e.code,
    ).finally(() => {
      settled = true;
    });
    const latencies: number[] = [];
    let answeredWhileRunning = 0;
    while (!settled && latencies.length < 200) {
      const start = performance.now();
      const r = await other.query('SELECT id FROM small WHERE id = 7');
      latencies.push(performance.now() - start);
      expect(r.rows).toEqual([{ id: 7 }]);
      if (!settled) answeredWhileRunning++;
    }
    expect(await big).toBe('53200');
    expect(answeredWhileRunning).toBeGreaterThan(2);
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });
});
