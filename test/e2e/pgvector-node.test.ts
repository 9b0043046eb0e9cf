/**
 * node-postgres with the `pgvector` npm helper (issue 8, acceptance 1), used exactly as its README
 * says: registerTypes() finds the vector type in pg_type, toSql() writes parameters, and results
 * come back as number arrays. Also the array casts pgvector defines (integer[], real[],
 * double precision[], numeric[] → vector as assignment casts; vector → real[] implicitly) with
 * its messages, and halfvec and sparsevec answering 0A000.
 */
import pgvector from 'pgvector/pg';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlstate, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
let c: pg.Client;

beforeAll(async () => {
  t = await startTestServer();
  c = await t.client();
  await c.query('CREATE EXTENSION IF NOT EXISTS vector');
  await pgvector.registerTypes(c);
  await c.query('CREATE TABLE items (id bigserial PRIMARY KEY, embedding vector(3))');
});

afterAll(async () => {
  await t?.stop();
});

describe('pgvector for node-postgres', () => {
  it('inserts with toSql and reads vectors back as arrays, nearest first', async () => {
    for (const e of [[1, 1, 1], [2, 2, 2], [1, 1, 2]]) {
      await c.query('INSERT INTO items (embedding) VALUES ($1)', [pgvector.toSql(e)]);
    }
    const r = await c.query('SELECT id, embedding FROM items ORDER BY embedding <-> $1 LIMIT 5', [pgvector.toSql([1, 1, 1])]);
    expect(r.rows.map((x) => [Number(x.id), x.embedding])).toEqual([[1, [1, 1, 1]], [3, [1, 1, 2]], [2, [2, 2, 2]]]);
    const cos = await c.query('SELECT embedding <=> $1 AS d, embedding <#> $1 AS ip FROM items WHERE id = 2', [pgvector.toSql([1, 0, 0])]);
    expect(cos.rows[0].d).toBeCloseTo(1 - 1 / Math.sqrt(3), 6);
    expect(cos.rows[0].ip).toBe(-2);
  });

  it('reads the same nearest rows through an hnsw index, as its README shows it', async () => {
    await c.query('CREATE TABLE hitems (id bigserial PRIMARY KEY, embedding vector(3))');
    for (let i = 0; i < 50; i++) await c.query('INSERT INTO hitems (embedding) VALUES ($1)', [pgvector.toSql([i % 7, i % 5, i % 3])]);
    await c.query('CREATE INDEX ON hitems USING hnsw (embedding vector_l2_ops)');
    const q = 'SELECT id, embedding FROM hitems ORDER BY embedding <-> $1 LIMIT 5';
    const exact = await c.query(q, [pgvector.toSql([3, 0, 1])]);
    await c.query('SET enable_seqscan = off'); // 50 rows: PostgreSQL would scan too, unless told not to
    const plan = await c.query(`EXPLAIN ${q}`, [pgvector.toSql([3, 0, 1])]);
    expect(plan.rows[1]['QUERY PLAN']).toContain('Index Scan using hitems_embedding_idx on hitems');
    const viaIndex = await c.query(q, [pgvector.toSql([3, 0, 1])]);
    await c.query('RESET enable_seqscan');
    const dist = (r: pg.QueryResult) => r.rows.map((x) => Math.hypot(x.embedding[0] - 3, x.embedding[1] - 0, x.embedding[2] - 1));
    expect(dist(viaIndex)).toEqual(dist(exact));
    expect(viaIndex.rows[0].embedding).toEqual([3, 0, 1]);
  });

  it('converts arrays with pgvector\'s casts and its errors', async () => {
    await c.query('INSERT INTO items (id, embedding) VALUES (10, $1::real[])', [[0.5, 0.25, 3]]);
    await c.query('INSERT INTO items (id, embedding) VALUES (11, ARRAY[1, 2, 3])');
    await c.query('INSERT INTO items (id, embedding) VALUES (12, ARRAY[1.5, 2, 3]::numeric[])');
    const r = await c.query('SELECT id, embedding, embedding::real[] AS arr FROM items WHERE id >= 10 ORDER BY id');
    expect(r.rows).toEqual([
      { id: '10', embedding: [0.5, 0.25, 3], arr: [0.5, 0.25, 3] },
      { id: '11', embedding: [1, 2, 3], arr: [1, 2, 3] },
      { id: '12', embedding: [1.5, 2, 3], arr: [1.5, 2, 3] },
    ]);
    const typed = await c.query("SELECT pg_typeof('[1,2]'::vector::real[])::text AS t, '[1,2]'::vector(2) = ARRAY[1,2]::vector AS same");
    expect(typed.rows[0]).toEqual({ t: 'real[]', same: true });
    const err = async (sql: string) => c.query(sql).then(() => 'no error', (e: { code: string; message: string }) => `${e.code} ${e.message}`);
    expect(await err('SELECT ARRAY[1, NULL]::int[]::vector')).toBe('22004 array must not contain nulls');
    expect(await err('SELECT ARRAY[[1, 2], [3, 4]]::int[]::vector')).toBe('22000 array must be 1-D');
    expect(await err("SELECT '{}'::real[]::vector")).toBe('22000 vector must have at least 1 dimension');
    expect(await err("SELECT ARRAY['NaN']::float8[]::vector")).toBe('22000 NaN not allowed in vector');
    expect(await err('INSERT INTO items (id, embedding) VALUES (13, ARRAY[1, 2])')).toBe('22000 expected 3 dimensions, not 2');
    expect(await err("SELECT '[1,2]'::vector::float8[]")).toMatch(/^42846 cannot cast type vector to double precision\[\]/);
  });

  it('answers halfvec and sparsevec with 0A000, never a wrong value', async () => {
    expect(await sqlstate(c.query("SELECT '[1,2,3]'::halfvec"))).toBe('0A000');
    expect(await sqlstate(c.query('CREATE TABLE hv (id int PRIMARY KEY, e sparsevec(3))'))).toBe('0A000');
  });
});

describe('CREATE INDEX access methods', () => {
  it('builds hnsw (issue 8), answers ivfflat and gist with 0A000, and never builds another kind instead', async () => {
    await c.query('CREATE TABLE am (id int PRIMARY KEY, n int, e vector(3))');
    expect(await sqlstate(c.query('CREATE INDEX am_e ON am USING ivfflat (e vector_cosine_ops) WITH (lists = 10)'))).toBe('0A000');
    expect(await sqlstate(c.query('CREATE INDEX am_n ON am USING hnsw (n vector_l2_ops)'))).toBe('42804');
    expect(await sqlstate(c.query('CREATE INDEX am_n ON am USING gist (n)'))).toBe('0A000');
    expect(await sqlstate(c.query('CREATE INDEX am_n ON am USING nosuch (n)'))).toBe('42704');
    const left = await c.query("SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'am'");
    expect(left.rows[0].n).toBe(1); // the primary key's only
    await c.query('CREATE INDEX am_e ON am USING hnsw (e vector_l2_ops)');
    await c.query('CREATE INDEX am_n ON am USING hash (n)');
    await c.query('CREATE INDEX am_n2 ON am USING btree (n)');
    const made = await c.query("SELECT count(*)::int AS n FROM pg_indexes WHERE tablename = 'am'");
    expect(made.rows[0].n).toBe(4);
  });
});
