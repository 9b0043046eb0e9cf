/**
 * Data-modifying WITH queries and WITH on INSERT/UPDATE/DELETE, step by step on our server and on
 * a throwaway PostgreSQL 15: every answer (rows, or SQLSTATE) must match. Where PostgreSQL's
 * single-snapshot semantics would differ from ours, we refuse with 0A000 instead.
 */
import { describe, expect, it } from 'vitest';
import { answerWithTag as answer, differentialPair } from '../support/differential.js';

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

const pair = differentialPair();

describe('data-modifying WITH answers as in PostgreSQL 15', () => {
  it('runs every step with the same answers', async () => {
    for (const step of STEPS) {
      const [x, y] = [await answer(pair.ours, step), await answer(pair.reference, step)];
      expect({ step, ...x }).toEqual({ step, ...y });
    }
  });

  it('refuses to read a table a WITH query modifies (PostgreSQL reads it from before the change)', async () => {
    for (const sql of REFUSED) expect(await answer(pair.ours, sql)).toEqual({ error: '0A000' });
  });
});
