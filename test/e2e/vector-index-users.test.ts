/**
 * Issue 8, acceptance 4: 100 users × 10,000 vectors each in a USER table with an hnsw index. Each
 * user's partition has a graph of its own, so a user's kNN walks only that user's vectors: the
 * answers hold only the user's rows — also when the query is another user's vector, whose nearest
 * row overall is that other user's — and equal the exact scan of the user's partition.
 * KALAMDB_VECTOR_USERS / KALAMDB_VECTOR_ROWS scale it (the suite runs the full 100 × 10,000).
 */
import type pg from 'pg';
import { lit, vec as fixtureVec } from './vector-fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const USERS = Number(process.env.KALAMDB_VECTOR_USERS ?? 100);
const ROWS = Number(process.env.KALAMDB_VECTOR_ROWS ?? 10_000);
const DIMS = 8;
const BATCH = 2000;

let t: TestServer;
let c: pg.Client;

const vec = (i: number): number[] => fixtureVec(i, DIMS);

const userName = (u: number): string => `vu${u}`;

/** Row `i` of user `u`: ids and vectors differ between users, so a leak shows. */
const rowId = (u: number, i: number): number => u * 1_000_000 + i;

function asUser(u: number, sql: string): string {
  return `EXECUTE AS USER '${userName(u)}' (${sql})`;
}

beforeAll(async () => {
  t = await startTestServer();
  c = await t.client();
  await c.query('CREATE NAMESPACE app');
  await c.query(`CREATE USER TABLE app.docs (id bigint PRIMARY KEY, owner text, embedding vector(${DIMS}))`);
  for (let u = 0; u < USERS; u++) {
    await c.query(`CREATE USER '${userName(u)}' WITH PASSWORD 'pw-${u}' ROLE user`);
    for (let i = 0; i < ROWS; i += BATCH) {
      const values: string[] = [];
      for (let j = i; j < Math.min(ROWS, i + BATCH); j++) values.push(`(${rowId(u, j)}, '${userName(u)}', '${lit(vec(rowId(u, j)))}')`);
      await c.query(asUser(u, `INSERT INTO app.docs VALUES ${values.join(',')}`));
    }
  }
  await c.query('CREATE INDEX docs_e ON app.docs USING hnsw (embedding vector_l2_ops)');
}, 600_000);

afterAll(async () => {
  await t?.stop();
});

const KNN = 'SELECT id, owner, embedding <-> $1 AS d FROM app.docs ORDER BY embedding <-> $1 LIMIT 10';

async function knn(u: number, q: string, exact = false): Promise<{ ids: number[]; owners: string[]; d: string[] }> {
  const sql = asUser(u, KNN.replace('$1', `'${q}'`).replace('$1', `'${q}'`));
  if (exact) await c.query('SET enable_indexscan = off');
  try {
    const r = await c.query(sql);
    return {
      ids: r.rows.map((x: { id: string }) => Number(x.id)),
      owners: r.rows.map((x: { owner: string }) => x.owner),
      d: r.rows.map((x: { d: number }) => x.d.toFixed(6)),
    };
  } finally {
    if (exact) await c.query('RESET enable_indexscan');
  }
}

describe(`hnsw on a USER table, ${USERS} users × ${ROWS} vectors`, () => {
  it('each user has a graph of their own, and the plan uses it', async () => {
    const r = await c.query(asUser(3, `EXPLAIN ${KNN.replaceAll('$1', `'${lit(vec(1))}'`)}`));
    expect(r.rows.map((x: { 'QUERY PLAN': string }) => x['QUERY PLAN']).join('\n')).toContain('Index Scan using docs_e on docs');
    const counts = await c.query(asUser(3, 'SELECT count(*)::int AS n FROM app.docs'));
    expect(counts.rows[0].n).toBe(ROWS);
  });

  it("each user's kNN returns only their own rows, also for another user's vector", async () => {
    await c.query('SET hnsw.ef_search = 100');
    const sample = Array.from({ length: Math.min(USERS, 25) }, (_, k) => (k * 37) % USERS);
    for (const u of sample) {
      const other = (u + 1) % USERS;
      // Another user's own row: its exact match (distance 0) is theirs, never this user's answer.
      for (const q of [lit(vec(rowId(other, 5))), lit(vec(rowId(u, 5))), lit(vec(-u - 1))]) {
        const got = await knn(u, q);
        expect(got.ids.length).toBe(10);
        expect(new Set(got.owners)).toEqual(new Set([userName(u)]));
        expect(got.ids.every((id) => Math.floor(id / 1_000_000) === u)).toBe(true);
      }
      expect((await knn(u, lit(vec(rowId(u, 5))))).ids[0]).toBe(rowId(u, 5));
    }
  });

  it("answers match the exact scan of the user's partition at a high ef_search", async () => {
    await c.query('SET hnsw.ef_search = 1000');
    let equal = 0;
    const sample = Array.from({ length: Math.min(USERS, 10) }, (_, k) => (k * 53) % USERS);
    for (const u of sample) {
      const q = lit(vec(777_777 + u));
      const got = await knn(u, q);
      const want = await knn(u, q, true);
      if (got.d.join() === want.d.join()) equal++;
    }
    expect(equal).toBe(sample.length);
  });
});
