/**
 * Equality joins run as hash joins (hash-join-keys.ts): the same rows, in the same order, as
 * PostgreSQL gives — across mixed key types, NULL keys, -0 = 0, numerics of different scale,
 * several keys plus a non-equality condition, and every join type.
 */
import { describe, expect, it } from 'vitest';
import { answerWithTag as answer, differentialPair } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE a (id int PRIMARY KEY, k int, n numeric(6,2), f float8, s text, d date)',
  'CREATE TABLE b (id int PRIMARY KEY, k bigint, n numeric(8,3), f float8, s varchar(10), d timestamp)',
  `INSERT INTO a VALUES (1, 1, 1.50, 0, 'x', '2024-01-01'), (2, 2, 2.00, -0.0, 'y', '2024-01-02'), (3, NULL, NULL, NULL, NULL, NULL),
    (4, 2, 3.10, 1.5, 'z', '2024-01-03'), (5, 7, 7.00, 'NaN', 'x', '2024-01-01')`,
  `INSERT INTO b VALUES (10, 2, 1.500, -0.0, 'x', '2024-01-01 00:00'), (11, 1, 2.000, 0, 'y', '2024-01-02 12:00'), (12, NULL, NULL, NULL, NULL, NULL),
    (13, 2, 3.100, 'NaN', 'x', '2024-01-03 00:00'), (14, 9, 9.000, 1.5, 'q', '2024-01-01 00:00')`,
];

const QUERIES = [
  'SELECT a.id, b.id FROM a JOIN b ON a.k = b.k ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a LEFT JOIN b ON a.k = b.k ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a RIGHT JOIN b ON a.k = b.k ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a FULL JOIN b ON a.k = b.k ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON a.n = b.n ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON a.f = b.f ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON b.s = a.s ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON a.d = b.d ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON a.k = b.k AND a.s = b.s ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON a.k = b.k AND b.id > 10 ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a LEFT JOIN b ON a.k = b.k AND a.id + b.id > 13 ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b ON a.k + 1 = b.k + 0 ORDER BY 1, 2',
  'SELECT a.id, b.id FROM a JOIN b USING (k) ORDER BY 1, 2',
  'SELECT k, a.id, b.id FROM a FULL JOIN b USING (k) ORDER BY 1, 2, 3',
  'SELECT a.id, b.id FROM a JOIN b ON a.k = b.k OR a.s = b.s ORDER BY 1, 2',
  // No ORDER BY: the join's own output order must be PostgreSQL's too for the rows to compare.
  'SELECT count(*), sum(a.id * b.id) FROM a JOIN b ON a.k = b.k',
];

const pair = differentialPair(SETUP);

describe('hash joins answer as PostgreSQL 15', () => {
  for (const q of QUERIES) {
    it(q, async () => {
      expect(await answer(pair.ours, q)).toEqual(await answer(pair.reference, q));
    });
  }

  it('EXPLAIN shows the hash join for equality keys', async () => {
    const r = await pair.ours.query('EXPLAIN SELECT a.id FROM a JOIN b ON a.k = b.k');
    expect(r.rows.map((row) => row['QUERY PLAN'])[0]).toBe('Hash Join');
  });

  it('keeps the hash join when a side holds a parameter (literals of a cached query shape are parameters)', async () => {
    const r = await pair.ours.query('EXPLAIN SELECT a.id FROM a JOIN b ON a.k % $1 = b.k', [100]);
    expect(r.rows.map((row) => row['QUERY PLAN'])[0]).toBe('Hash Join');
    const q = 'SELECT a.id, b.id FROM a JOIN b ON a.k % $1 = b.k ORDER BY 1, 2';
    expect(await answer(pair.ours, q, [100])).toEqual(await answer(pair.reference, q, [100]));
  });
});
