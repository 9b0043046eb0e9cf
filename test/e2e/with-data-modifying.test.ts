/**
 * Data-modifying WITH queries and WITH on INSERT/UPDATE/DELETE, step by step on our server and on
 * a throwaway PostgreSQL 15: every answer (rows, or SQLSTATE) must match. Where PostgreSQL's
 * single-snapshot semantics would differ from ours, we refuse with 0A000 instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startTestServer, type TestServer } from './harness.js';
import { startReferencePostgres, type ReferencePostgres } from '../support/pg-reference.js';

const STEPS = [
  'CREATE TABLE log (id int PRIMARY KEY, msg text, lvl int)',
  'CREATE TABLE archive (id int PRIMARY KEY, msg text)',
  "INSERT INTO log VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 2), (4, 'd', 3)",
  'WITH gone AS (DELETE FROM log WHERE lvl = 2 RETURNING id, msg) INSERT INTO archive SELECT id, msg FROM gone RETURNING id',
  'SELECT * FROM log ORDER BY id',
  'SELECT * FROM archive ORDER BY id',
  // Runs even though nothing reads it.
  "WITH x AS (INSERT INTO archive VALUES (9, 'z')) SELECT 1 AS one",
  'SELECT count(*) FROM archive',
  'WITH u AS (UPDATE log SET lvl = lvl * 10 RETURNING id, lvl) SELECT sum(lvl) AS s, count(*) AS n FROM u',
  // Plain WITH on DML statements.
  'WITH ids AS (SELECT id FROM archive WHERE id > 5) DELETE FROM log WHERE id IN (SELECT id - 8 FROM ids) RETURNING id',
  "WITH v(k) AS (VALUES (20), (21)) INSERT INTO log SELECT k, 'new', 0 FROM v RETURNING id, msg",
  'SELECT * FROM log ORDER BY id',
  // Referencing a data-modifying query without RETURNING.
  'WITH x AS (DELETE FROM archive) SELECT * FROM x',
  // Nested data-modifying WITH.
  'SELECT * FROM (WITH d AS (DELETE FROM archive RETURNING id) SELECT id FROM d) s',
];

/** Statements we refuse (0A000) where PostgreSQL answers from one snapshot. */
const REFUSED = ['WITH d AS (DELETE FROM log WHERE id = 4 RETURNING id) SELECT count(*) FROM log'];

let ours: TestServer;
let ref: ReferencePostgres;
let a: pg.Client;
let b: pg.Client;
const raw = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

beforeAll(async () => {
  [ours, ref] = await Promise.all([startTestServer(), startReferencePostgres()]);
  a = await ours.client();
  b = new pg.Client({ host: '127.0.0.1', port: ref.port, user: ref.user, database: 'postgres' });
  await b.connect();
});
afterAll(async () => {
  await b?.end();
  await ours?.stop();
  await ref?.stop();
});

async function answer(c: pg.Client, text: string) {
  try {
    const r = await c.query({ text, rowMode: 'array', types: raw });
    return { rows: r.rows, fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`), tag: `${r.command} ${r.rowCount}` };
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

describe('data-modifying WITH answers as in PostgreSQL 15', () => {
  it('runs every step with the same answers', async () => {
    for (const step of STEPS) {
      const [x, y] = [await answer(a, step), await answer(b, step)];
      expect({ step, ...x }).toEqual({ step, ...y });
    }
  });

  it('refuses to read a table a WITH query modifies (PostgreSQL reads it from before the change)', async () => {
    for (const sql of REFUSED) expect(await answer(a, sql)).toEqual({ error: '0A000' });
  });
});
