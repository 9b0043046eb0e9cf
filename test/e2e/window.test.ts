/**
 * Window functions, differentially: the same data and queries on kalamdb-pg and a throwaway
 * PostgreSQL 15 — rows (as text), column names and types must match, or both must fail with the
 * same SQLSTATE. Rows are compared in order only when the query has an ORDER BY.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { differentialPair, TEXT_TYPES } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept int, salary int, bonus numeric(8,2), score float8, hired date, seen timestamp)',
  `INSERT INTO emp VALUES
    (1, 'ada', 1, 300, 10.50, 1.5, '2020-01-05', '2020-01-05 09:00'),
    (2, 'bob', 1, 200, NULL, 2.5, '2020-01-06', '2020-01-05 10:30'),
    (3, 'cy', 2, 150, 3.25, NULL, '2020-01-08', '2020-01-06 08:00'),
    (4, 'di', 2, 150, 3.25, 0.5, NULL, NULL),
    (5, 'ed', NULL, 100, 1.00, 4.0, '2020-02-01', '2020-02-01 00:00'),
    (6, 'flo', 1, NULL, 7.00, 2.5, '2020-01-07', '2020-01-07 12:00'),
    (7, 'gus', 1, 200, 2.00, 3.0, '2020-01-06', '2020-01-06 23:59'),
    (8, 'hal', 2, 90, NULL, -1.0, '2020-03-01', '2020-03-01 01:00')`,
];

const QUERIES = [
  // ranking
  'SELECT id, row_number() OVER (ORDER BY id) FROM emp ORDER BY id',
  'SELECT id, salary, rank() OVER (ORDER BY salary DESC), dense_rank() OVER (ORDER BY salary DESC) FROM emp ORDER BY id',
  'SELECT id, percent_rank() OVER (PARTITION BY dept ORDER BY salary), cume_dist() OVER (PARTITION BY dept ORDER BY salary) FROM emp ORDER BY id',
  'SELECT id, ntile(3) OVER (ORDER BY id), ntile(5) OVER (PARTITION BY dept ORDER BY id), ntile(20) OVER (ORDER BY id) FROM emp ORDER BY id',
  'SELECT id, row_number() OVER w, rank() OVER w FROM emp WINDOW w AS (PARTITION BY dept ORDER BY salary NULLS FIRST) ORDER BY id',
  'SELECT row_number() OVER () AS rn, count(*) OVER () FROM emp WHERE id < 4 ORDER BY rn',
  // value functions
  'SELECT id, lag(salary) OVER (ORDER BY id), lead(salary, 2) OVER (ORDER BY id), lag(salary, 1, -1) OVER (ORDER BY id) FROM emp ORDER BY id',
  'SELECT id, lag(salary, 1, 0.5) OVER (ORDER BY id), lead(name, -1, \'none\') OVER (ORDER BY id) FROM emp ORDER BY id',
  'SELECT id, first_value(name) OVER w, last_value(name) OVER w, nth_value(name, 2) OVER w FROM emp WINDOW w AS (PARTITION BY dept ORDER BY salary) ORDER BY id',
  'SELECT id, last_value(name) OVER (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, nth_value(id, 3) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING EXCLUDE CURRENT ROW) FROM emp ORDER BY id',
  // aggregates over frames
  'SELECT id, sum(salary) OVER (ORDER BY id), avg(salary) OVER (PARTITION BY dept), count(*) OVER (PARTITION BY dept ORDER BY salary) FROM emp ORDER BY id',
  'SELECT id, sum(salary) OVER (ORDER BY salary), min(name) OVER (ORDER BY salary DESC), max(hired) OVER (PARTITION BY dept) FROM emp ORDER BY id',
  'SELECT id, sum(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, sum(salary) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND UNBOUNDED FOLLOWING), count(salary) OVER (ORDER BY id ROWS 2 PRECEDING) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary RANGE BETWEEN 50 PRECEDING AND 50 FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary DESC NULLS LAST RANGE BETWEEN 60 PRECEDING AND CURRENT ROW) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND 10 PRECEDING) FROM emp ORDER BY id',
  'SELECT id, string_agg(name, \',\') OVER (ORDER BY bonus RANGE BETWEEN 1.5 PRECEDING AND 1 FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, count(*) OVER (ORDER BY score RANGE BETWEEN 1 PRECEDING AND 0.5 FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, count(*) OVER (ORDER BY hired RANGE BETWEEN \'1 day\'::interval PRECEDING AND \'1 day\' FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, count(*) OVER (ORDER BY seen RANGE BETWEEN interval \'12 hours\' PRECEDING AND CURRENT ROW) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING EXCLUDE GROUP) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM emp ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY salary ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) FROM emp ORDER BY id',
  'SELECT id, count(*) FILTER (WHERE salary > 150) OVER (ORDER BY id) FROM emp ORDER BY id',
  'SELECT id, sum(salary) OVER (w ORDER BY id) FROM emp WINDOW w AS (PARTITION BY dept) ORDER BY id',
  // with GROUP BY
  'SELECT dept, sum(salary), sum(sum(salary)) OVER (), rank() OVER (ORDER BY sum(salary) DESC) FROM emp GROUP BY dept ORDER BY dept',
  'SELECT dept, count(*), row_number() OVER (ORDER BY count(*), dept) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept',
  // in ORDER BY, with DISTINCT and LIMIT
  'SELECT name FROM emp ORDER BY row_number() OVER (ORDER BY salary DESC NULLS LAST, id) LIMIT 3',
  'SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM emp ORDER BY 1',
  'SELECT id, salary - lag(salary) OVER (ORDER BY id) AS delta FROM emp ORDER BY delta NULLS FIRST, id',
  'SELECT * FROM (SELECT id, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM emp) s WHERE r = 1 ORDER BY id',
  // several windows: PostgreSQL's evaluation order decides where ties land
  'SELECT id, row_number() OVER (ORDER BY salary), row_number() OVER (PARTITION BY dept ORDER BY id) FROM emp',
  'SELECT id, row_number() OVER (PARTITION BY dept ORDER BY id), row_number() OVER (ORDER BY salary) FROM emp',
  'SELECT id, row_number() OVER (ORDER BY salary DESC), row_number() OVER (ORDER BY salary), row_number() OVER (ORDER BY hired) FROM emp',
  'SELECT id, row_number() OVER (ORDER BY dept), sum(id) OVER (ORDER BY dept ROWS 1 PRECEDING) FROM emp',
  'SELECT name, row_number() OVER (ORDER BY dept) FROM emp LIMIT 4',
  'SELECT id, salary, row_number() OVER (ORDER BY id) FROM emp ORDER BY salary',
  'SELECT row_number() OVER (), count(*) OVER ()',
  'SELECT x, sum(x) OVER (ORDER BY x DESC) FROM (VALUES (1), (2), (2), (5)) v(x) ORDER BY x',
  // edges
  'SELECT id, first_value(id) OVER (ORDER BY salary GROUPS BETWEEN 1 FOLLOWING AND 2 FOLLOWING), last_value(id) OVER (ORDER BY salary RANGE BETWEEN 100 FOLLOWING AND UNBOUNDED FOLLOWING EXCLUDE TIES) FROM emp ORDER BY id',
  'SELECT id, ntile(NULL::int) OVER (), lag(id, NULL::int) OVER (ORDER BY id), nth_value(id, NULL::int) OVER () FROM emp ORDER BY id',
  'SELECT id, sum(bonus) OVER (ORDER BY hired DESC RANGE BETWEEN \'2 days\' PRECEDING AND \'1 day\' FOLLOWING) FROM emp ORDER BY id',
  'SELECT id, count(*) OVER (ORDER BY seen RANGE BETWEEN \'1 mon\'::interval PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM emp ORDER BY id',
  'SELECT id, sum(salary) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), avg(score) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) FROM emp ORDER BY id',
  'SELECT dept, count(*) OVER (PARTITION BY dept), count(*) OVER () FROM emp GROUP BY dept ORDER BY dept NULLS FIRST',
  'SELECT DISTINCT r FROM (SELECT dense_rank() OVER (ORDER BY salary) AS r FROM emp) s ORDER BY r DESC',
  'SELECT id, coalesce(lag(salary) OVER w, 0) + coalesce(lead(salary) OVER w, 0) AS around FROM emp WINDOW w AS (ORDER BY id) ORDER BY id',
  'SELECT id, max(salary) OVER (PARTITION BY dept ORDER BY id RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) - salary FROM emp ORDER BY id',
  'UPDATE emp SET salary = salary WHERE id = 1 RETURNING row_number() OVER ()',
  'SELECT id FROM emp e JOIN (SELECT 1 AS k) s ON row_number() OVER () = s.k',
  // errors
  'SELECT id FROM emp WHERE row_number() OVER () > 1',
  'SELECT dept FROM emp GROUP BY row_number() OVER ()',
  'SELECT count(*) FROM emp HAVING rank() OVER () > 0',
  'SELECT sum(row_number() OVER ()) FROM emp',
  'SELECT row_number() OVER (ORDER BY rank() OVER ()) FROM emp',
  'SELECT ntile(0) OVER () FROM emp',
  'SELECT nth_value(id, 0) OVER () FROM emp',
  'SELECT sum(id) OVER (ORDER BY id ROWS -1 PRECEDING) FROM emp',
  'SELECT sum(id) OVER (ORDER BY id RANGE BETWEEN -1 PRECEDING AND CURRENT ROW) FROM emp',
  'SELECT count(*) OVER nosuch FROM emp',
  'SELECT row_number() FROM emp',
  'SELECT upper(name) OVER () FROM emp',
  'SELECT sum(DISTINCT id) OVER () FROM emp',
  'SELECT count(*) OVER (w ORDER BY id) FROM emp WINDOW w AS (ORDER BY salary)',
  'SELECT sum(id) OVER (RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM emp',
  'SELECT sum(id) OVER (GROUPS 1 PRECEDING) FROM emp',
  'SELECT sum(id) OVER (ORDER BY name RANGE 1 PRECEDING) FROM emp',
  'SELECT sum(id) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM emp',
];

const pair = differentialPair(SETUP);

async function answer(c: pg.Client, text: string) {
  try {
    const r = await c.query({ text, rowMode: 'array', types: TEXT_TYPES });
    const rows = r.rows.map((row) => JSON.stringify(row));
    return { rows: /\bORDER BY\b[^)]*$/i.test(text) ? rows : rows.sort(), fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`) };
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

describe('window function answers match PostgreSQL 15', () => {
  it('takes frame offsets and arguments as parameters (extended protocol)', async () => {
    const text = 'SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN $1 PRECEDING AND $2 FOLLOWING), lag(id, $3) OVER (ORDER BY id) FROM emp ORDER BY id';
    const run = (c: pg.Client) => c.query({ text, values: [1, 0, 2], rowMode: 'array', types: TEXT_TYPES }).then((r) => r.rows);
    expect(await run(pair.ours)).toEqual(await run(pair.reference));
  });
  for (const q of QUERIES) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }
});
