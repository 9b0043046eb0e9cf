/**
 * Subqueries in expressions, differentially: each query runs on kalamdb-pg and on a throwaway
 * PostgreSQL 15 with the same data; rows (as text), column names and types must match, or both
 * must fail with the same SQLSTATE. DML runs inside a transaction that is rolled back on both.
 * Then the things a differential test cannot show: prepared statements re-run with new
 * parameters, and cancelling a long correlated subquery.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import postgres from 'postgres';
import { PASSWORD, SUPERUSER } from './harness.js';
import { differentialPair, TEXT_TYPES } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept_id int, salary int)',
  "INSERT INTO emp VALUES (1, 'ada', 1, 300), (2, 'bob', 1, 200), (3, 'cy', 2, 150), (4, 'di', 2, 150), (5, 'ed', NULL, 100), (6, 'flo', 3, NULL)",
  'CREATE TABLE dept (id int PRIMARY KEY, name text NOT NULL, budget int)',
  "INSERT INTO dept VALUES (1, 'eng', 1000), (2, 'sales', 400), (3, 'ops', NULL), (4, 'legal', 50)",
  'CREATE TABLE orders (id int PRIMARY KEY, emp_id int, amount numeric(8,2))',
  'INSERT INTO orders VALUES (1, 1, 10.00), (2, 1, 25.50), (3, 2, 5.00), (4, 3, 40.00), (5, 3, NULL), (6, 9, 7.00)',
  'CREATE TABLE nums (id int PRIMARY KEY, n int)',
  'INSERT INTO nums VALUES (1, 1), (2, 2), (3, NULL)',
  'CREATE TABLE pairs (id int PRIMARY KEY, a int, b text)',
  "INSERT INTO pairs VALUES (1, 1, 'eng'), (2, 2, 'x'), (3, NULL, 'sales'), (4, 3, NULL)",
  'CREATE TABLE empty_t (id int PRIMARY KEY, n int)',
];

const QUERIES = [
  // A subquery two levels in that reads only the outermost row (an init plan of the middle one).
  'SELECT d.id, (SELECT count(*) FROM emp e WHERE e.salary > (SELECT min(salary) FROM emp x WHERE x.dept_id = d.id)) AS n FROM dept d ORDER BY d.id',
  // LATERAL subqueries read the left row; a subquery inside one reaches it two levels out.
  'SELECT d.id, t.name FROM dept d, LATERAL (SELECT e.name FROM emp e WHERE e.dept_id = d.id ORDER BY e.salary DESC, e.id LIMIT 1) t ORDER BY d.id',
  'SELECT d.id, t.n FROM dept d LEFT JOIN LATERAL (SELECT count(*) AS n FROM emp e WHERE e.dept_id = d.id AND e.salary > (SELECT min(salary) FROM emp x WHERE x.dept_id = d.id)) t ON true ORDER BY d.id',
  'SELECT d.id, v.x FROM dept d CROSS JOIN LATERAL (VALUES (d.id), (d.id * 10)) AS v(x) ORDER BY 1, 2',
  // A WITH query inside a correlated subquery reads the outer row: it must run per row, not once.
  'SELECT d.id, (WITH x AS (SELECT count(*) AS c FROM emp e WHERE e.dept_id = d.id) SELECT c FROM x) AS n FROM dept d ORDER BY d.id',
  'SELECT d.id FROM dept d WHERE EXISTS (WITH RECURSIVE r(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM r WHERE k < d.id) SELECT 1 FROM r WHERE k = 3) ORDER BY d.id',
  // A top-level WITH query read from a correlated subquery is computed once and shared.
  'WITH big AS (SELECT dept_id, salary FROM emp WHERE salary > 120) SELECT d.id, (SELECT count(*) FROM big WHERE big.dept_id = d.id) AS n FROM dept d ORDER BY d.id',
  // NOT IN and NULLs: a NULL on either side makes "not found" unknown, never true.
  'SELECT id, id NOT IN (SELECT n FROM nums) AS r FROM dept ORDER BY id',
  'SELECT id, id IN (SELECT n FROM nums) AS r FROM dept ORDER BY id',
  'SELECT n, n NOT IN (SELECT id FROM dept) AS r FROM nums ORDER BY id',
  'SELECT NULL::int NOT IN (SELECT n FROM empty_t) AS a, NULL::int IN (SELECT n FROM nums) AS b',
  'SELECT count(*) FROM dept WHERE id NOT IN (SELECT n FROM nums)',
  'SELECT count(*) FROM dept WHERE NOT (id IN (SELECT n FROM nums WHERE n IS NOT NULL))',
  // ANY / ALL three-valued logic.
  'SELECT id, id < ALL (SELECT n FROM nums) AS lt_all, id >= ANY (SELECT n FROM nums) AS ge_any FROM dept ORDER BY id',
  'SELECT id, id <> ALL (SELECT n FROM nums WHERE n IS NOT NULL) AS r FROM dept ORDER BY id',
  "SELECT '2' = ANY (SELECT n FROM nums) AS untyped",
  // Rows: = is AND of columns, <> is OR, ordering compares left to right.
  'SELECT id, (id, name) IN (SELECT a, b FROM pairs) AS r FROM dept ORDER BY id',
  'SELECT id, (id, name) NOT IN (SELECT a, b FROM pairs) AS r FROM dept ORDER BY id',
  'SELECT id, (id, budget) > (SELECT 2, 100) AS r FROM dept ORDER BY id',
  'SELECT id, (id, name) <> ANY (SELECT a, b FROM pairs WHERE id = 4) AS r FROM dept ORDER BY id',
  "SELECT (1, 'eng') = (SELECT a, b FROM pairs WHERE id = 99) AS none",
  'SELECT (1, 2) = (SELECT a, a FROM pairs) AS too_many',
  // Scalar subqueries: labels, types, empty and errors.
  'SELECT (SELECT 42), (SELECT name FROM dept WHERE id = 2), (SELECT sum(amount) FROM orders)',
  'SELECT (SELECT n FROM empty_t) + 1 AS x',
  'SELECT CASE WHEN false THEN (SELECT 1/0) ELSE 1 END AS lazy',
  'SELECT (SELECT 1/0) AS eager FROM emp',
  // An init plan is evaluated when first used: never, if no row needs it.
  'SELECT (SELECT 1 / min(n - 1) FROM nums) AS never FROM empty_t',
  'SELECT id, CASE WHEN id > 100 THEN (SELECT 1 / min(n - 1) FROM nums) END AS never FROM dept ORDER BY id',
  'SELECT id, CASE WHEN id > 3 THEN (SELECT 1 / min(n - 1) FROM nums) END AS once FROM dept ORDER BY id',
  'SELECT name FROM emp WHERE id = (SELECT id FROM dept)',
  'SELECT (SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 1) AS u',
  'SELECT name FROM emp WHERE dept_id IN (VALUES (1), (3)) ORDER BY id',
  'SELECT name FROM emp ORDER BY id LIMIT (SELECT count(*) FROM dept WHERE budget > 100)',
  // Correlated, several levels deep, and through derived tables.
  'SELECT d.name, (SELECT count(*) FROM emp e WHERE e.dept_id = d.id AND EXISTS (SELECT 1 FROM orders o WHERE o.emp_id = e.id AND o.amount > d.budget / 100)) AS n FROM dept d ORDER BY d.id',
  'SELECT d.name FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE e.dept_id = d.id AND e.salary = (SELECT max(x.salary) FROM emp x WHERE x.dept_id = d.id AND x.id <> e.id)) ORDER BY 1',
  'SELECT e.name, (SELECT max(t.amount) FROM (SELECT o.amount FROM orders o WHERE o.emp_id = e.id) t) AS best FROM emp e ORDER BY e.id',
  'SELECT e.name, (SELECT count(*) FROM orders o JOIN emp x ON x.id = o.emp_id AND x.dept_id = e.dept_id) AS n FROM emp e ORDER BY e.id',
  'SELECT e.name, d.name FROM emp e JOIN dept d ON d.id = e.dept_id AND d.budget > (SELECT avg(budget) FROM dept) ORDER BY e.id',
  'SELECT e.name FROM emp e LEFT JOIN dept d ON EXISTS (SELECT 1 FROM orders o WHERE o.emp_id = e.id) AND d.id = e.dept_id WHERE d.id IS NULL ORDER BY 1',
  'SELECT name, (SELECT count(*) FROM emp x WHERE x.salary > e.salary) + 1 AS rank FROM emp e ORDER BY rank, name',
  'SELECT d.id FROM dept d WHERE EXISTS (SELECT 1 FROM emp e WHERE EXISTS (SELECT 1 FROM orders o WHERE o.emp_id = e.id AND e.dept_id = d.id AND o.amount > 20)) ORDER BY 1',
  'SELECT d.id, (SELECT count(*) FROM (SELECT id FROM emp e WHERE e.dept_id = d.id UNION ALL SELECT id FROM orders o WHERE o.emp_id = d.id) s) AS n FROM dept d ORDER BY 1',
  'SELECT t.id, (SELECT sum(o.amount + t.id) FROM orders o) AS s FROM dept t ORDER BY 1',
  'SELECT sum((SELECT count(*) FROM orders o WHERE o.emp_id = e.id)) AS n FROM emp e',
  'SELECT e.name FROM emp e WHERE e.salary IS NOT NULL AND e.salary >= ALL (SELECT x.salary FROM emp x WHERE x.dept_id = e.dept_id AND x.salary IS NOT NULL) ORDER BY 1',
  // Grouped enclosing queries: keys are visible, other columns are not; outer aggregates.
  'SELECT dept_id, (SELECT name FROM dept WHERE id = e.dept_id) AS dept, count(*) FROM emp e GROUP BY dept_id ORDER BY 1',
  'SELECT dept_id, (SELECT max(e.salary) + count(*) FROM dept) AS m FROM emp e GROUP BY dept_id ORDER BY 1',
  'SELECT (SELECT count(e.id)) AS n, (SELECT max(e.salary) FROM dept WHERE id = 1) AS m FROM emp e',
  'SELECT dept_id FROM emp e GROUP BY dept_id HAVING (SELECT e.name) IS NOT NULL',
  'SELECT name FROM emp e WHERE (SELECT count(e.id)) > 0',
  'SELECT dept_id, sum(salary) FROM emp GROUP BY dept_id HAVING sum(salary) >= ALL (SELECT sum(salary) FROM emp GROUP BY dept_id HAVING sum(salary) IS NOT NULL) ORDER BY 1',
  // Errors.
  'SELECT (SELECT id, name FROM dept WHERE id = 1)',
  'SELECT name FROM emp WHERE name IN (SELECT id FROM dept)',
  'SELECT name FROM emp WHERE (id, name) IN (SELECT id FROM dept)',
  'SELECT (SELECT nosuch FROM dept)',
  'SELECT (SELECT x.salary FROM dept) FROM emp',
];

const DML = [
  'INSERT INTO nums VALUES (10, (SELECT max(n) FROM nums) + 1), (11, (SELECT count(*) FROM nums)) RETURNING id, n',
  'UPDATE emp SET salary = (SELECT max(salary) FROM emp) WHERE salary < (SELECT avg(salary) FROM emp) RETURNING id, salary',
  'UPDATE dept d SET budget = (SELECT sum(salary) FROM emp e WHERE e.dept_id = d.id) RETURNING id, budget',
  'DELETE FROM orders o WHERE NOT EXISTS (SELECT 1 FROM emp e WHERE e.id = o.emp_id) RETURNING id',
  'DELETE FROM dept WHERE id NOT IN (SELECT dept_id FROM emp) RETURNING id',
  'DELETE FROM emp WHERE salary = (SELECT min(salary) FROM emp) RETURNING id, (SELECT count(*) FROM emp) AS before',
];

const pair = differentialPair(SETUP);

async function answer(c: pg.Client, text: string, values?: unknown[]) {
  try {
    const r = await c.query({ text, values, rowMode: 'array', types: TEXT_TYPES });
    return { rows: r.rows, fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`), command: r.command, count: r.rowCount };
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

async function rolledBack(c: pg.Client, text: string) {
  await c.query('BEGIN');
  try {
    return await answer(c, text);
  } finally {
    await c.query('ROLLBACK');
  }
}

describe('subqueries answer as in PostgreSQL 15', () => {
  for (const q of QUERIES) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }
  for (const q of DML) {
    it(q, async () => {
      const [x, y] = await Promise.all([rolledBack(pair.ours, q), rolledBack(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }
});

describe('ARRAY(subquery)', () => {
  it('collects the column into an array, as PostgreSQL does', async () => {
    for (const q of ['SELECT ARRAY(SELECT 1)', 'SELECT d.id, ARRAY(SELECT e.name FROM emp e WHERE e.dept_id = d.id ORDER BY e.id) FROM dept d ORDER BY d.id', 'SELECT ARRAY(SELECT id, name FROM dept)']) {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    }
  });
});

describe('subqueries in prepared statements', () => {
  it('re-run with new parameters and fresh data, never a stale init plan', async () => {
    const text = 'SELECT name FROM emp e WHERE salary > (SELECT avg(salary) FROM emp x WHERE x.dept_id = $1) AND EXISTS (SELECT 1 FROM dept d WHERE d.id = e.dept_id AND d.budget >= $2) ORDER BY id';
    for (const values of [[1, 0], [2, 500], [2, 0]]) {
      const [x, y] = await Promise.all([answer(pair.ours, text, values), answer(pair.reference, text, values)]);
      expect(x).toEqual(y);
    }
    const count = 'SELECT (SELECT count(*) FROM nums) AS n';
    const q = { name: 'count-nums', text: count };
    const before = (await pair.ours.query(q)).rows[0].n;
    await pair.ours.query('BEGIN');
    await pair.ours.query('INSERT INTO nums VALUES (100, 100)');
    expect((await pair.ours.query(q)).rows[0].n).toBe(String(Number(before) + 1));
    await pair.ours.query('ROLLBACK');
    expect((await pair.ours.query(q)).rows[0].n).toBe(before);
  });
});

describe('cancelling a correlated subquery', () => {
  it('stops with 57014 while rows are evaluated, and the connection goes on', async () => {
    await pair.ours.query('CREATE TABLE ten (id int PRIMARY KEY)');
    await pair.ours.query('INSERT INTO ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)');
    await pair.ours.query('CREATE TABLE big (id int PRIMARY KEY, v int)');
    await pair.ours.query('INSERT INTO big SELECT x.id * 1000 + y.id * 100 + z.id * 10 + w.id, x.id FROM ten x, ten y, ten z, ten w');
    const sql = postgres({ host: '127.0.0.1', port: pair.server.port, username: SUPERUSER, password: PASSWORD, database: 'postgres', max: 1 });
    try {
      await sql`SELECT 1`; // connected, types fetched: the cancel below meets the running query
      const q = sql`SELECT count(*) FROM big p WHERE NOT EXISTS (SELECT 1 FROM big q WHERE q.id = p.id + 100000)`;
      const started = Date.now();
      setTimeout(() => void q.cancel(), 300);
      const err = await q.then(() => null, (e: { code?: string }) => e);
      expect(err?.code).toBe('57014');
      expect(Date.now() - started).toBeLessThan(3000);
      expect([...(await sql`SELECT (SELECT count(*) FROM ten) AS n`)]).toEqual([{ n: '10' }]);
    } finally {
      await sql.end();
    }
  });
});
