/**
 * The same data and the same queries on kalamdb-pg and a throwaway PostgreSQL 15: rows (as text),
 * column names and types must match, or both must fail with the same SQLSTATE.
 */
import { describe, expect, it } from 'vitest';
import { answer, differentialPair } from '../test/support/differential.js';

const SETUP = [
  'CREATE TABLE dept (id int PRIMARY KEY, name text NOT NULL, budget numeric(12,2))',
  'CREATE TABLE emp (id int PRIMARY KEY, name varchar(40) NOT NULL, dept_id int, salary int, hired date, active boolean)',
  "INSERT INTO dept VALUES (1, 'eng', 1000000.50), (2, 'sales', 250000), (3, 'empty', NULL)",
  `INSERT INTO emp VALUES
    (1, 'ada', 1, 300, '2020-01-05', true), (2, 'bob', 1, 200, '2021-03-01', true),
    (3, 'cy', 2, 150, '2019-07-15', false), (4, 'di', 2, 150, NULL, true),
    (5, 'ed', NULL, 100, '2022-11-30', NULL), (6, 'flo', 1, NULL, '2023-02-28', true)`,
];

const QUERIES = [
  'SELECT * FROM emp ORDER BY id',
  'SELECT name, salary FROM emp WHERE salary > 120 AND active ORDER BY salary DESC, name',
  'SELECT name FROM emp WHERE salary IS NULL OR dept_id IS NULL ORDER BY 1',
  'SELECT name FROM emp WHERE name LIKE \'%d%\' ORDER BY name',
  'SELECT name FROM emp WHERE dept_id IN (2, 3) ORDER BY name',
  'SELECT name FROM emp WHERE salary BETWEEN 150 AND 250 ORDER BY id',
  'SELECT count(*), count(salary), sum(salary), avg(salary), min(hired), max(name) FROM emp',
  'SELECT dept_id, count(*) AS n, sum(salary) FROM emp GROUP BY dept_id ORDER BY dept_id NULLS FIRST',
  'SELECT dept_id, count(*) FROM emp GROUP BY 1 HAVING count(*) > 1 ORDER BY 1',
  'SELECT e.name, d.name AS dept FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.id',
  'SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON d.id = e.dept_id ORDER BY e.id',
  'SELECT d.name, count(e.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name ORDER BY d.name',
  'SELECT e.name, d.name FROM emp e RIGHT JOIN dept d ON d.id = e.dept_id ORDER BY d.id, e.id',
  'SELECT e.name FROM emp e, dept d WHERE d.id = e.dept_id AND d.name = \'sales\' ORDER BY 1',
  'SELECT DISTINCT dept_id FROM emp ORDER BY dept_id',
  'SELECT name FROM emp ORDER BY hired DESC NULLS LAST LIMIT 3 OFFSET 1',
  'SELECT id FROM emp WHERE dept_id = 1 UNION SELECT id FROM dept ORDER BY 1',
  'SELECT dept_id FROM emp UNION ALL SELECT id FROM dept ORDER BY 1',
  'SELECT id FROM dept EXCEPT SELECT dept_id FROM emp ORDER BY 1',
  'SELECT id FROM dept INTERSECT SELECT dept_id FROM emp ORDER BY 1',
  'SELECT s.n FROM (SELECT name AS n, salary FROM emp WHERE salary > 100) s ORDER BY s.n',
  'SELECT * FROM (VALUES (1, \'a\'), (2, \'b\')) AS v(x, y) ORDER BY x DESC',
  'SELECT id, CASE WHEN salary >= 200 THEN \'high\' WHEN salary IS NULL THEN \'?\' ELSE \'low\' END FROM emp ORDER BY id',
  'SELECT COALESCE(dept_id, -1), NULLIF(salary, 150), upper(name) || \'!\' FROM emp ORDER BY id',
  'SELECT salary / 7, salary % 7, salary * 1.5, salary::float8 / 3, -salary FROM emp WHERE salary IS NOT NULL ORDER BY id',
  'SELECT budget * 2, round(budget / 3, 2), budget::int FROM dept ORDER BY id',
  'SELECT hired + 30, hired - \'2020-01-01\'::date FROM emp WHERE hired IS NOT NULL ORDER BY id',
  'SELECT name FROM emp WHERE active IS NOT TRUE ORDER BY id',
  'SELECT name FROM emp WHERE salary IS DISTINCT FROM 150 ORDER BY id',
  'SELECT string_agg(name, \',\' ORDER BY name), bool_and(active), bool_or(active) FROM emp',
  'SELECT count(DISTINCT dept_id), count(*) FILTER (WHERE active) FROM emp',
  'SELECT length(name), substr(name, 2), position(\'d\' in name), replace(name, \'d\', \'D\') FROM emp ORDER BY id',
  'SELECT max(salary) - min(salary) AS spread FROM emp',
  'SELECT 1 WHERE false',
  'SELECT nosuch FROM emp',
  'SELECT * FROM nosuch',
  'SELECT name FROM emp WHERE salary = \'abc\'',
  'SELECT name, count(*) FROM emp',
  'SELECT 1/0',
  'SELECT e.name FROM emp e JOIN dept d ON d.id = e.dept_id WHERE id = 1',
];

const pair = differentialPair(SETUP);

describe('SELECT answers match PostgreSQL 15', () => {
  for (const q of QUERIES) {
    it(q, async () => {
      const [x, y] = await Promise.all([answer(pair.ours, q), answer(pair.reference, q)]);
      expect(x).toEqual(y);
    });
  }
});
