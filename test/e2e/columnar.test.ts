/**
 * The column path (src/executor/columnar): table mirrors and the scans, filters, aggregates and
 * top-N that read them give PostgreSQL's answers — with NULLs, NaN, -0 and ties, after updates,
 * deletes and rolled-back transactions, and with the mirrors turned off (the row path).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { answer, differentialPair, type Answer } from '../support/differential.js';
import { startTestServer, type TestServer } from './harness.js';
import { seededRandom } from '../support/seeded-random.js';

const SETUP = [
  'CREATE TABLE m (id int PRIMARY KEY, g int, f float8, s text, n numeric, b bigint)',
  `INSERT INTO m VALUES
    (1, 1, 1.5, 'a', 1.50, 10), (2, 1, -0, 'b', 2, 20), (3, 2, NULL, 'a', NULL, NULL),
    (4, 2, 'NaN', 'c', 3.25, 40), (5, NULL, 7, NULL, 4, 50), (6, 3, 'Infinity', 'b', 5, 60),
    (7, 3, 2.25, 'a', 1.5, 70), (8, 3, 2.25, 'c', -1, 80), (9, 4, -3.5, 'b', 0, 90), (10, 4, 100, 'a', 9.99, 100)`,
  'CREATE TABLE e (id int PRIMARY KEY, g int, f float8)',
  'CREATE TABLE d (id int PRIMARY KEY, cat text, weight float8, code bigint)',
  `INSERT INTO d VALUES (0, 'x', 0.5, 10), (1, 'y', 2, 20), (2, 'x', NULL, NULL), (3, 'z', 1, 10), (4, NULL, 3, 40)`,
  'CREATE TABLE w (id int PRIMARY KEY, g int, f float8, s text)',
];

const QUERIES: { sql: string; params?: unknown[] }[] = [
  { sql: 'SELECT count(*), count(f), count(g), count(s) FROM m' },
  { sql: 'SELECT sum(f), avg(f), min(f), max(f) FROM m' },
  { sql: 'SELECT sum(f), avg(f), min(f), max(f) FROM m WHERE f < 1000' },
  { sql: 'SELECT sum(g), avg(g), min(g), max(g), sum(b), avg(b), min(b), max(b) FROM m' },
  { sql: 'SELECT sum(n), avg(n), min(n), max(n), min(s), max(s) FROM m' },
  { sql: 'SELECT sum(f) FROM m WHERE id = 2' },
  { sql: 'SELECT avg(f) FROM m WHERE id = 2' },
  { sql: 'SELECT g, count(*), sum(f), max(f), min(f), avg(g) FROM m GROUP BY g' },
  { sql: 'SELECT s, count(*), sum(b), min(n) FROM m GROUP BY s' },
  { sql: 'SELECT g, s, count(*) FROM m GROUP BY g, s' },
  { sql: 'SELECT n, count(*) FROM m GROUP BY n' },
  { sql: 'SELECT g, count(*) FROM m GROUP BY g HAVING count(*) > 1' },
  { sql: 'SELECT g, sum(f) FROM m GROUP BY g ORDER BY sum(f) DESC NULLS LAST, g' },
  { sql: 'SELECT count(*), sum(f) FROM e' },
  { sql: 'SELECT g, count(*) FROM e GROUP BY g' },
  { sql: 'SELECT id FROM m WHERE f > 1' },
  { sql: 'SELECT id FROM m WHERE f BETWEEN -1 AND 2.25' },
  { sql: 'SELECT id FROM m WHERE f <> 2.25' },
  { sql: 'SELECT id FROM m WHERE 3 <= g AND f >= 2' },
  { sql: 'SELECT id FROM m WHERE g = 3 AND s = $$a$$' },
  { sql: 'SELECT id FROM m WHERE f = -0' },
  { sql: 'SELECT id FROM m WHERE f > $1', params: ['NaN'] },
  { sql: 'SELECT id FROM m WHERE f >= $1', params: ['NaN'] },
  { sql: 'SELECT id FROM m WHERE f < $1', params: ['NaN'] },
  { sql: 'SELECT id FROM m WHERE f > $1', params: [null] },
  { sql: 'SELECT id FROM m WHERE g < $1', params: [3] },
  { sql: 'SELECT id FROM m WHERE g < 2.5' },
  { sql: 'SELECT id, f FROM m ORDER BY f DESC LIMIT 3' },
  { sql: 'SELECT id, f FROM m ORDER BY f LIMIT 3' },
  { sql: 'SELECT id, f FROM m ORDER BY f NULLS FIRST, id LIMIT 2' },
  { sql: 'SELECT id, f FROM m ORDER BY f DESC NULLS LAST, id LIMIT 2 OFFSET 1' },
  { sql: 'SELECT id, g FROM m ORDER BY g, id LIMIT 4' },
  { sql: 'SELECT g FROM m ORDER BY g LIMIT 4' },
  { sql: 'SELECT id, g FROM m WHERE f > 0 ORDER BY g DESC, id LIMIT 2' },
  { sql: 'SELECT * FROM m WHERE b > 30' },
  { sql: 'SELECT count(*) FROM m WHERE s LIKE $$a%$$' },
  // Grouping over expressions: rows streamed through the row path's accumulators.
  { sql: 'SELECT g % 2 AS parity, count(*), sum(f * 2), string_agg(s, $$,$$ ORDER BY id) FROM m GROUP BY g % 2' },
  { sql: 'SELECT sum(b * 2), avg(f + 1), count(DISTINCT s), max(s || $$!$$) FROM m WHERE id > 2' },
  { sql: 'SELECT s, sum(g) FILTER (WHERE f > 0) FROM m GROUP BY s HAVING count(*) > 1' },
  // Hash joins probed from the left table's mirror.
  { sql: 'SELECT d.cat, count(*), sum(m.f * d.weight) FROM m JOIN d ON d.id = m.g % 5 GROUP BY d.cat' },
  { sql: 'SELECT m.id, d.cat FROM m JOIN d ON d.id = m.g' },
  { sql: 'SELECT m.id, d.cat FROM m JOIN d ON d.code = m.b' },
  { sql: 'SELECT m.id, d.id FROM m JOIN d ON d.weight = m.f' },
  { sql: 'SELECT m.id, d.id FROM m JOIN d ON d.id = m.g AND d.weight > 1' },
  { sql: 'SELECT m.id, d.id FROM m JOIN d ON d.id = m.g WHERE m.f > 1 OR d.cat = $$z$$' },
  { sql: 'SELECT m.id, d.id FROM m JOIN d ON d.cat = m.s' },
  { sql: 'SELECT m.id, d.id FROM m JOIN d ON d.id = m.g ORDER BY m.id DESC, d.id LIMIT 3' },
  { sql: 'SELECT d.cat, count(*) FROM m JOIN d ON d.id + 1 = m.g GROUP BY d.cat HAVING count(*) > 1' },
  { sql: 'SELECT count(*) FROM m JOIN d ON d.id = m.g JOIN e ON e.id = m.id' },
  { sql: 'SELECT m.id, d.id FROM m LEFT JOIN d ON d.id = m.g' },
  // Only the columns a query names are read into the scratch row: these name theirs indirectly.
  { sql: 'SELECT m.id, m.s, count(*) FROM m JOIN d ON d.id = m.g GROUP BY m.id ORDER BY m.id' },
  { sql: 'SELECT m.g AS k, count(*), max(d.cat) FROM m JOIN d ON d.id = m.g GROUP BY k ORDER BY k' },
  { sql: 'SELECT * FROM m JOIN d ON d.id = m.g WHERE m.f > 1 ORDER BY m.id' },
  { sql: 'SELECT g AS k, sum(f * 2) FROM m GROUP BY k ORDER BY k' },
];

/** Without ORDER BY the row order is not part of the answer. */
function normal(a: Answer, sql: string): Answer {
  if ('error' in a || /ORDER BY(?![^(]*\))/i.test(sql)) return a; // a top-level ORDER BY, not one inside a call
  return { ...a, rows: [...a.rows].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1)) };
}

async function both(pair: { ours: pg.Client; reference: pg.Client }, sql: string, params?: unknown[]): Promise<[Answer, Answer]> {
  return [normal(await answer(pair.ours, sql, params), sql), normal(await answer(pair.reference, sql, params), sql)];
}

const pair = differentialPair(SETUP);

describe('the column path answers as PostgreSQL does', () => {
  it.each(QUERIES.map((q) => [q.sql, q] as const))('%s', async (_s, q) => {
    // Twice: the first run builds the mirror, the second reads it (and a cached plan).
    for (let i = 0; i < 2; i++) {
      const [ours, theirs] = await both(pair, q.sql, q.params);
      expect(ours).toEqual(theirs);
    }
  });

  it('EXPLAIN ANALYZE counts what the column path scanned, filtered and grouped', async () => {
    const r = await pair.ours.query('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT g, count(*) FROM m WHERE f > 1 GROUP BY g');
    const lines = r.rows.map((x: Record<string, string>) => x['QUERY PLAN']);
    expect(lines.some((l: string) => /^HashAggregate\s+\(actual rows=5 loops=1\)/.test(l))).toBe(true);
    expect(lines.some((l: string) => /Seq Scan on m\s+\(actual rows=7 loops=1\)/.test(l))).toBe(true);
    expect(lines.some((l: string) => /Rows Removed by Filter: 3$/.test(l))).toBe(true);
    const j = await pair.ours.query('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM m JOIN d ON d.id = m.g');
    const jl = j.rows.map((x: Record<string, string>) => x['QUERY PLAN']);
    expect(jl.some((l: string) => /Hash Join\s+\(actual rows=9 loops=1\)/.test(l)), jl.join('\n')).toBe(true);
    expect(jl.some((l: string) => /Seq Scan on m\s+\(actual rows=10 loops=1\)/.test(l)), jl.join('\n')).toBe(true);
  });
});

describe('a mirror follows every write', () => {
  const CHECKS = [
    // Float sums are rounded: PostgreSQL adds in heap order (updated rows move to its end), we in key order.
    'SELECT count(*), round(sum(f)::numeric, 6), min(f), max(f), sum(g), count(s) FROM w',
    'SELECT g, count(*), round(sum(f)::numeric, 6), avg(g) FROM w GROUP BY g',
    'SELECT id, g, f, s FROM w WHERE f > 50',
    'SELECT id, f FROM w ORDER BY f DESC, id LIMIT 5',
    'SELECT d.cat, count(*), round(sum(w.f)::numeric, 6) FROM w JOIN d ON d.id = w.g GROUP BY d.cat',
    'SELECT * FROM w ORDER BY id',
  ];

  async function compare(label: string): Promise<void> {
    for (const sql of CHECKS) {
      const [ours, theirs] = await both(pair, sql);
      expect(ours, `${label}: ${sql}`).toEqual(theirs);
    }
  }

  it('through inserts, updates, deletes, transactions and rollbacks, past compaction', async () => {
    const next = seededRandom(42);
    const stmt = (): string => {
      const id = Math.floor(next() * 400);
      const g = Math.floor(next() * 7);
      const f = Math.round(next() * 10000) / 100;
      const r = next();
      if (r < 0.45) return `INSERT INTO w VALUES (${id}, ${g}, ${f}, 's${g}') ON CONFLICT (id) DO UPDATE SET f = EXCLUDED.f, g = EXCLUDED.g`;
      if (r < 0.7) return `UPDATE w SET f = f + 1, s = NULL WHERE g = ${g} AND id < ${id}`;
      if (r < 0.85) return `DELETE FROM w WHERE id BETWEEN ${id} AND ${id + 5}`;
      return `UPDATE w SET g = NULL WHERE id = ${id}`;
    };
    await compare('empty');
    for (let round = 0; round < 40; round++) {
      const inTx = round % 5 === 3;
      const rollback = round % 10 === 3;
      const batch = Array.from({ length: 40 }, stmt);
      if (inTx) {
        await pair.ours.query('BEGIN');
        if (!rollback) await pair.reference.query('BEGIN');
      }
      for (const sql of batch) {
        await pair.ours.query(sql);
        if (!rollback) await pair.reference.query(sql);
      }
      if (inTx && !rollback) {
        // Own uncommitted writes are seen by the writer's scans.
        await compare(`round ${round}, inside the transaction`);
        await pair.ours.query('COMMIT');
        await pair.reference.query('COMMIT');
      }
      if (rollback) await pair.ours.query('ROLLBACK');
      await compare(`round ${round}`);
    }
  }, 120_000);

  it('another session sees only what was committed', async () => {
    const other = await pair.server.client();
    try {
      const before = await answer(other, 'SELECT count(*), sum(f) FROM w');
      await pair.ours.query('BEGIN');
      await pair.ours.query('DELETE FROM w WHERE g = 1');
      await pair.ours.query('INSERT INTO w VALUES (10001, 1, 1, $$x$$)');
      expect(await answer(other, 'SELECT count(*), sum(f) FROM w')).toEqual(before);
      await pair.ours.query('ROLLBACK');
      expect(await answer(pair.ours, 'SELECT count(*), sum(f) FROM w')).toEqual(before);
    } finally {
      await other.end();
    }
  });
});

describe('with the mirrors turned off (--column-cache-memory 0) or too small', () => {
  let off: TestServer;
  let tiny: TestServer;
  beforeAll(async () => {
    [off, tiny] = await Promise.all([startTestServer(undefined, { columnCacheMemory: 0 }), startTestServer(undefined, { columnCacheMemory: 2000 })]);
  });
  afterAll(async () => {
    await off?.stop();
    await tiny?.stop();
  });

  it('the row path gives the same answers', async () => {
    for (const server of [off, tiny]) {
      const c = await server.client();
      for (const sql of SETUP) await c.query(sql);
      await c.query('INSERT INTO w SELECT x, x % 5, x * 1.5, $$t$$ FROM generate_series(1, 300) AS x');
      await pair.reference.query('CREATE TABLE w2 (id int PRIMARY KEY, g int, f float8, s text)');
      await pair.reference.query('INSERT INTO w2 SELECT x, x % 5, x * 1.5, $$t$$ FROM generate_series(1, 300) AS x');
      for (const q of QUERIES) {
        const ours = normal(await answer(c, q.sql, q.params), q.sql);
        const theirs = normal(await answer(pair.reference, q.sql, q.params), q.sql);
        expect(ours, q.sql).toEqual(theirs);
      }
      const sum = 'SELECT g, count(*), round(sum(f)::numeric, 6) FROM %t GROUP BY g';
      expect(normal(await answer(c, sum.replace('%t', 'w')), sum)).toEqual(normal(await answer(pair.reference, sum.replace('%t', 'w2')), sum));
      await pair.reference.query('DROP TABLE w2');
      expect(server.server.db.mirrors.bytes).toBeLessThanOrEqual(server === off ? 0 : 2000);
    }
  });
});
