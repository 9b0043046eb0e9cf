/**
 * Issue 8: hnsw indexes on EMBEDDING columns, through node-postgres over a real socket. The index
 * only chooses which rows a query looks at, so every answer is checked against the exact scan
 * (`SET enable_indexscan = off`) of the same data: with ef_search at its maximum on a few thousand
 * low-dimensional vectors the graph finds the true nearest rows, and any row it must never return
 * (deleted, changed, another transaction's uncommitted one) would show as a difference.
 */
import type pg from 'pg';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPsql } from '../../compat/psql-runner.js';
import { flushAndWait } from './flush-support.js';
import { lit, vec as fixtureVec } from './vector-fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER, sqlstate, startTestServer, type TestServer } from './harness.js';

const N = 3000;
const DIMS = 8;

let t: TestServer;
let c: pg.Client;

const vec = (i: number): number[] => fixtureVec(i, DIMS);

async function explain(sql: string, params: unknown[] = []): Promise<string> {
  const r = await c.query(`EXPLAIN ${sql}`, params);
  return r.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n');
}

/** ids and distances (rounded: ties among equal distances may come in either order). */
async function nearest(sql: string, params: unknown[]): Promise<{ ids: number[]; d: string[] }> {
  const r = await c.query(sql, params);
  return { ids: r.rows.map((x: { id: string }) => Number(x.id)), d: r.rows.map((x: { d: number }) => x.d.toFixed(6)) };
}

async function exact<T>(run: () => Promise<T>): Promise<T> {
  await c.query('SET enable_indexscan = off');
  try {
    return await run();
  } finally {
    await c.query('RESET enable_indexscan');
  }
}

beforeAll(async () => {
  t = await startTestServer();
  c = await t.client();
  await c.query(`CREATE TABLE items (id bigint PRIMARY KEY, grp int, embedding vector(${DIMS}))`);
  const values: string[] = [];
  for (let i = 1; i <= N; i++) values.push(`(${i}, ${i % 10}, '${lit(vec(i))}')`);
  await c.query(`INSERT INTO items VALUES ${values.join(',')}`);
  await c.query('CREATE INDEX items_l2 ON items USING hnsw (embedding vector_l2_ops) WITH (m = 16, ef_construction = 100)');
  await c.query('SET hnsw.ef_search = 1000');
});

afterAll(async () => {
  await t?.stop();
});

const TOP10 = 'SELECT id, embedding <-> $1 AS d FROM items ORDER BY embedding <-> $1 LIMIT 10';

describe('hnsw index scans', () => {
  it('EXPLAIN shows the index for ORDER BY … <-> … LIMIT, and the exact plan without it', async () => {
    const q = lit(vec(7));
    expect(await explain(TOP10, [q])).toBe('Limit\n  ->  Index Scan using items_l2 on items\n        Order By: (embedding <-> $1)');
    expect(await explain(`SELECT id FROM items ORDER BY embedding <-> '${q}' LIMIT 3`)).toContain(`Order By: (embedding <-> '${q}'::vector)`);
    expect(await explain(`SELECT * FROM items ORDER BY embedding <-> '${q}' LIMIT 3`)).toContain('Index Scan using items_l2 on items');
    expect(await explain('SELECT id, embedding <-> $1 AS dist FROM items ORDER BY dist LIMIT 3', [q])).toContain('Index Scan using items_l2 on items');
    expect(await explain('SELECT id, embedding <-> $1 AS dist FROM items ORDER BY 2 LIMIT 3', [q])).toContain('Index Scan using items_l2 on items');
    // No index for this operator, or DESC, or no LIMIT: the exact plan.
    expect(await explain(`SELECT id FROM items ORDER BY embedding <=> '${q}' LIMIT 3`)).toContain('Seq Scan on items');
    expect(await explain(`SELECT id FROM items ORDER BY embedding <-> '${q}' DESC LIMIT 3`)).toContain('Seq Scan on items');
    expect(await explain(`SELECT id FROM items ORDER BY embedding <-> '${q}'`)).toContain('Seq Scan on items');
    expect(await exact(() => explain(TOP10, [q]))).toContain('Seq Scan on items');
  });

  it("pg_relation_size of an hnsw index is its saved files' size", async () => {
    const r = await c.query("SELECT pg_relation_size('items_l2')::int AS n, pg_indexes_size('items')::int AS all");
    // 3,000 vectors of 8 floats, with their links: well over the vectors' own 96,000 bytes.
    expect(r.rows[0].n).toBeGreaterThan(96_000);
    expect(r.rows[0].all).toBeGreaterThanOrEqual(r.rows[0].n);
  });

  it('returns what the exact scan returns, with the same distances', async () => {
    for (const i of [1, 500, 2999, 1234567]) {
      const q = lit(vec(i));
      const got = await nearest(TOP10, [q]);
      const want = await exact(() => nearest(TOP10, [q]));
      expect(got.d).toEqual(want.d);
      expect(got.ids.length).toBe(10);
    }
  });

  it('applies WHERE to the candidates, widening the search until LIMIT rows pass', async () => {
    const q = lit(vec(42));
    const sql = 'SELECT id, embedding <-> $1 AS d FROM items WHERE grp = 3 ORDER BY embedding <-> $1 LIMIT 10';
    expect(await explain(sql, [q])).toContain('Filter: (grp = 3)');
    const got = await nearest(sql, [q]);
    expect(got.ids.every((id) => id % 10 === 3)).toBe(true);
    expect(got.d).toEqual((await exact(() => nearest(sql, [q]))).d);
    // A WHERE only 2 rows pass: the exact scan answers, and finds both.
    const rare = await nearest('SELECT id, embedding <-> $1 AS d FROM items WHERE id IN (5, 2500) ORDER BY embedding <-> $1 LIMIT 10', [q]);
    expect(rare.ids.sort((a, b) => a - b)).toEqual([5, 2500]);
  });

  it('never returns deleted rows, and ranks changed vectors by their new value', async () => {
    const q = lit(vec(900));
    const before = await nearest(TOP10, [q]);
    expect(before.ids[0]).toBe(900);
    const gone = before.ids.slice(0, 5);
    await c.query(`DELETE FROM items WHERE id IN (${gone.join(',')})`);
    const after = await nearest(TOP10, [q]);
    expect(after.ids.filter((id) => gone.includes(id))).toEqual([]);
    expect(after.d).toEqual((await exact(() => nearest(TOP10, [q]))).d);
    // A far row moved onto the query vector comes first; moved away, it is gone from the answer.
    await c.query('UPDATE items SET embedding = $1 WHERE id = 2', [q]);
    expect((await nearest(TOP10, [q])).ids[0]).toBe(2);
    await c.query(`UPDATE items SET embedding = '${lit(vec(5000))}' WHERE id = 2`);
    expect((await nearest(TOP10, [q])).ids).not.toContain(2);
    // A NULL vector leaves the index; a row inserted again under a deleted key comes back.
    await c.query('UPDATE items SET embedding = NULL WHERE id = 901');
    await c.query(`INSERT INTO items VALUES (${gone[0]}, 0, $1)`, [q]);
    const again = await nearest(TOP10, [q]);
    expect(again.ids[0]).toBe(gone[0]);
    expect(again.ids).not.toContain(901);
    expect(again.d).toEqual((await exact(() => nearest(TOP10, [q]))).d);
  });

  it("sees its own transaction's uncommitted rows, and no other transaction's", async () => {
    const q = lit(vec(12345));
    const other = await t.client();
    await other.query('SET hnsw.ef_search = 1000');
    await other.query('BEGIN');
    await other.query('INSERT INTO items VALUES (90001, 0, $1)', [q]);
    await other.query('DELETE FROM items WHERE id = 1');
    const inside = await other.query(TOP10, [q]);
    expect(Number(inside.rows[0].id)).toBe(90001);
    const outside = await nearest(TOP10, [q]);
    expect(outside.ids).not.toContain(90001);
    // Its own change to a row the graph ranks first: answered by the new vector, as the scan does.
    const first = Number(inside.rows[1].id);
    await other.query('UPDATE items SET embedding = $1 WHERE id = $2', [lit(vec(999_999)), first]);
    const moved = await other.query(TOP10, [q]);
    await other.query('SET enable_indexscan = off');
    const scanned = await other.query(TOP10, [q]);
    await other.query('RESET enable_indexscan');
    expect(moved.rows.map((r: { id: string }) => r.id)).not.toContain(String(first));
    expect(moved.rows.map((r: { d: number }) => r.d.toFixed(6))).toEqual(scanned.rows.map((r: { d: number }) => r.d.toFixed(6)));
    await other.query('ROLLBACK');
    expect((await nearest(TOP10, [q])).ids).not.toContain(90001);
    await other.end();
  });

  it('checks CREATE INDEX … USING hnsw as pgvector does', async () => {
    const err = async (sql: string): Promise<string> => {
      try {
        await c.query(sql);
        return 'no error';
      } catch (e) {
        return `${(e as { code: string }).code} ${(e as Error).message}`;
      }
    };
    expect(await err('CREATE INDEX ON items USING hnsw (embedding)')).toBe('42704 data type vector has no default operator class for access method "hnsw"');
    expect(await err('CREATE INDEX ON items USING hnsw (embedding vector_foo_ops)')).toBe('42704 operator class "vector_foo_ops" does not exist for access method "hnsw"');
    expect(await err('CREATE INDEX ON items USING hnsw (grp vector_l2_ops)')).toBe('42804 operator class "vector_l2_ops" does not accept data type integer');
    expect(await err('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (m = 1)')).toBe('22023 value 1 out of bounds for option "m"');
    expect(await err('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (ef_construction = 1001)')).toBe('22023 value 1001 out of bounds for option "ef_construction"');
    expect(await err('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (m = 32, ef_construction = 40)')).toBe('22023 ef_construction must be greater than or equal to 2 * m');
    expect(await err('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops) WITH (lists = 4)')).toBe('22023 unrecognized parameter "lists"');
    expect(await sqlstate(c.query('CREATE UNIQUE INDEX ON items USING hnsw (embedding vector_l2_ops)'))).toBe('0A000');
    expect(await sqlstate(c.query('CREATE INDEX ON items USING hnsw (embedding vector_l2_ops, grp)'))).toBe('0A000');
    expect(await sqlstate(c.query('CREATE INDEX ON items USING ivfflat (embedding vector_l2_ops)'))).toBe('0A000');
    expect(await err('SET hnsw.ef_search = 0')).toBe('22023 0 is outside the valid range for parameter "hnsw.ef_search" (1 .. 1000)');
    expect(await err("SET hnsw.ef_search = 'many'")).toBe('22023 invalid value for parameter "hnsw.ef_search": "many"');
    expect((await c.query('SHOW hnsw.ef_search')).rows[0]['hnsw.ef_search']).toBe('1000');
    await c.query('CREATE TABLE nodims (id int PRIMARY KEY, e vector)');
    expect(await err('CREATE INDEX ON nodims USING hnsw (e vector_l2_ops)')).toBe('22023 column does not have dimensions');
  });

  it("KalamDB's ALTER TABLE … CREATE VECTOR INDEX makes the same index; DROP INDEX and ROLLBACK remove it", async () => {
    const q = lit(vec(77));
    const cosine = 'SELECT id, embedding <=> $1 AS d FROM items ORDER BY embedding <=> $1 LIMIT 10';
    await c.query('ALTER TABLE items CREATE VECTOR INDEX items_cos ON embedding USING COSINE');
    expect(await explain(cosine, [q])).toContain('Index Scan using items_cos on items');
    expect((await nearest(cosine, [q])).d).toEqual((await exact(() => nearest(cosine, [q]))).d);
    await c.query('ALTER TABLE items CREATE VECTOR INDEX items_dot ON embedding USING DOT');
    const dot = 'SELECT id, embedding <#> $1 AS d FROM items ORDER BY embedding <#> $1 LIMIT 10';
    expect(await explain(dot, [q])).toContain('Index Scan using items_dot on items');
    expect(await sqlstate(c.query('ALTER TABLE items CREATE VECTOR INDEX items_x ON embedding USING MANHATTAN'))).toBe('22023');
    expect(await sqlstate(c.query('ALTER TABLE items CREATE VECTOR INDEX items_cos ON embedding USING L2'))).toBe('42P07');

    const files = join(t.dataDir, 'vector-indexes');
    const before = readdirSync(files).length;
    await c.query('DROP INDEX items_dot');
    expect(await explain(dot, [q])).toContain('Seq Scan on items');
    expect(readdirSync(files).length).toBe(before - 1);

    await c.query('BEGIN');
    await c.query('CREATE INDEX items_tx ON items USING hnsw (embedding vector_ip_ops)');
    expect(await explain(dot, [q])).toContain('Index Scan using items_tx on items');
    await c.query('ROLLBACK');
    expect(await explain(dot, [q])).toContain('Seq Scan on items');
    expect((await c.query("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'items_tx'")).rows[0].n).toBe(0);
    expect(readdirSync(files).length).toBe(before - 1);

    await c.query('DROP TABLE nodims');
    await c.query('CREATE TABLE gone (id int PRIMARY KEY, e vector(2))');
    await c.query('CREATE INDEX gone_e ON gone USING hnsw (e vector_l2_ops)');
    const oid = (await c.query("SELECT 'gone_e'::regclass::oid AS oid")).rows[0].oid as number;
    expect(existsSync(join(files, String(oid)))).toBe(true);
    await c.query('DROP TABLE gone');
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(join(files, String(oid)))).toBe(false);
  });

  it('uses the exact scan for a small table unless enable_seqscan is off', async () => {
    await c.query('CREATE TABLE small (id int PRIMARY KEY, e vector(2))');
    await c.query("INSERT INTO small SELECT g, ('[' || g || ',' || (g % 7) || ']')::vector FROM generate_series(1, 50) g");
    await c.query('CREATE INDEX small_e ON small USING hnsw (e vector_l2_ops)');
    const sql = "SELECT id FROM small ORDER BY e <-> '[10.2,3]' LIMIT 3";
    expect(await explain(sql)).toContain('Seq Scan on small');
    await c.query('SET enable_seqscan = off');
    expect(await explain(sql)).toContain('Index Scan using small_e on small');
    expect((await c.query(sql)).rows.map((r: { id: number }) => r.id)).toEqual([10, 11, 9]);
    await c.query('RESET enable_seqscan');
  });

  it('covers rows flushed to Parquet segments: found, updated and deleted there like hot rows', async () => {
    await c.query(`CREATE TABLE cold (id bigint PRIMARY KEY, embedding vector(${DIMS}))`);
    const values: string[] = [];
    for (let i = 1; i <= 2000; i++) values.push(`(${i}, '${lit(vec(i))}')`);
    await c.query(`INSERT INTO cold VALUES ${values.join(',')}`);
    await c.query('CREATE INDEX cold_e ON cold USING hnsw (embedding vector_l2_ops)');
    expect((await flushAndWait(c, 'cold')).status).toBe('completed');
    const sql = 'SELECT id, embedding <-> $1 AS d FROM cold ORDER BY embedding <-> $1 LIMIT 10';
    const q = lit(vec(1500));
    expect(await explain(sql, [q])).toContain('Index Scan using cold_e on cold');
    expect((await nearest(sql, [q])).ids[0]).toBe(1500);
    await c.query('DELETE FROM cold WHERE id = 1500');
    await c.query('UPDATE cold SET embedding = $1 WHERE id = 3', [q]);
    const got = await nearest(sql, [q]);
    expect(got.ids[0]).toBe(3);
    expect(got.ids).not.toContain(1500);
    expect(got.d).toEqual((await exact(() => nearest(sql, [q]))).d);
  });

  it('reads a bulk COPY into an indexed table again (a job), then answers from the index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-vec-copy-'));
    try {
      await c.query(`CREATE TABLE loaded (id bigint PRIMARY KEY, embedding vector(${DIMS}))`);
      await c.query('CREATE INDEX loaded_e ON loaded USING hnsw (embedding vector_l2_ops)');
      const file = join(dir, 'rows.txt');
      writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `${i + 1}\t${lit(vec(i + 1))}`).join('\n') + '\n');
      const r = await runPsql(`host=127.0.0.1 port=${t.port} user=${SUPERUSER} dbname=postgres`, `\\copy loaded FROM '${file}'\n`, ['-v', 'ON_ERROR_STOP=1'], PASSWORD);
      expect(r.stdout).toContain('COPY 3000');
      const sql = 'SELECT id, embedding <-> $1 AS d FROM loaded ORDER BY embedding <-> $1 LIMIT 10';
      const q = lit(vec(2222));
      for (let i = 0; i < 500; i++) {
        const jobs = await c.query("SELECT count(*)::int AS n FROM system.jobs WHERE job_type = 'vector_index' AND status IN ('new', 'running')");
        if (jobs.rows[0].n === 0) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      expect(await explain(sql, [q])).toContain('Index Scan using loaded_e on loaded');
      expect((await nearest(sql, [q])).ids[0]).toBe(2222);
      expect((await nearest(sql, [q])).d).toEqual((await exact(() => nearest(sql, [q]))).d);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
