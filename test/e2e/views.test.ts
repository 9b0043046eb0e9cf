/**
 * Views and CREATE TABLE AS, statement by statement on kalamdb-pg and a throwaway PostgreSQL 15:
 * each answer (rows as text, column names and types, command tag, or SQLSTATE) must match.
 * Then what is ours alone: views survive a restart, and DML on a view PostgreSQL could update but
 * view-dml-rewrite.ts does not (renamed columns, views over views) answers 0A000 here.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, startTestServer } from './harness.js';
import { postgresAvailable } from '../support/pg-reference.js';
import { answerWithTag, differentialPair } from '../support/differential.js';

const STEPS = [
  'CREATE TABLE dept (id int PRIMARY KEY, name text NOT NULL)',
  "INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty')",
  'CREATE TABLE emp (id int PRIMARY KEY, name varchar(20) NOT NULL, dept_id int, salary int, active boolean)',
  "INSERT INTO emp VALUES (1, 'ada', 1, 300, true), (2, 'bob', 1, 200, true), (3, 'cy', 2, 150, false), (4, 'di', NULL, 100, true)",
  'CREATE VIEW active_emp AS SELECT * FROM emp WHERE active',
  'SELECT * FROM active_emp ORDER BY id',
  'CREATE VIEW emp_dept AS SELECT e.id, e.name, d.name AS dept FROM emp e LEFT JOIN dept d ON d.id = e.dept_id',
  'SELECT * FROM emp_dept ORDER BY id',
  'CREATE VIEW pay (dept, n, total) AS SELECT dept_id, count(*), sum(salary) FROM emp GROUP BY dept_id',
  'SELECT * FROM pay ORDER BY dept NULLS LAST',
  'CREATE VIEW rich AS SELECT id, name FROM active_emp WHERE salary >= 200',
  'SELECT r.name, d.dept FROM rich r JOIN emp_dept d USING (id) ORDER BY 1',
  'SELECT x.a FROM rich x(a) ORDER BY 1',
  // * was expanded at creation: a new column does not show up in the view.
  'ALTER TABLE emp ADD COLUMN note text',
  'SELECT * FROM active_emp ORDER BY id',
  'CREATE VIEW active_emp AS SELECT 1 AS x',
  'CREATE TABLE rich (a int)',
  'CREATE OR REPLACE VIEW emp AS SELECT 1 AS x',
  'CREATE OR REPLACE VIEW rich AS SELECT id FROM emp',
  'CREATE OR REPLACE VIEW rich AS SELECT id, salary AS name FROM emp',
  'CREATE OR REPLACE VIEW rich AS SELECT id, name::text FROM emp',
  'CREATE OR REPLACE VIEW rich AS SELECT id, name, salary FROM emp',
  'SELECT * FROM rich ORDER BY id',
  'CREATE VIEW bad (a, b, c) AS SELECT 1, 2',
  'CREATE VIEW bad AS SELECT 1 AS a, 2 AS a',
  'CREATE VIEW bad AS SELECT $1',
  'SELECT salary FROM emp_dept',
  'UPDATE pay SET n = 0',
  'DELETE FROM emp_dept',
  'DROP VIEW emp',
  'DROP TABLE active_emp',
  'DROP VIEW nosuch',
  'DROP VIEW IF EXISTS nosuch',
  'DROP VIEW active_emp',
  'ALTER TABLE emp DROP COLUMN salary',
  'DROP TABLE emp',
  'CREATE TABLE emp_copy AS SELECT id, name, salary * 2 AS double_pay FROM emp WHERE salary IS NOT NULL',
  'SELECT * FROM emp_copy ORDER BY id',
  'CREATE TABLE emp_copy AS SELECT 1',
  'CREATE TABLE IF NOT EXISTS emp_copy AS SELECT 1',
  'CREATE TABLE shape (a, b) AS SELECT id, name, active FROM emp WITH NO DATA',
  'SELECT * FROM shape',
  'CREATE TABLE bad (a, b, c) AS SELECT 1, 2',
  'CREATE TABLE bad AS SELECT 1 AS a, 2 AS a',
  "SELECT NULL AS n, 'abc' AS s, 1.5 AS d INTO typed",
  'SELECT * FROM typed',
  // Whatever CREATE TABLE may declare, CREATE TABLE AS may produce: intervals, arrays, numeric(p,s).
  "CREATE TABLE kinds AS SELECT interval '1 day 2 hours' AS iv, ARRAY[1, 2] AS arr, ARRAY['a', 'b'] AS ta, 1.5::numeric(4,1) AS n",
  'SELECT * FROM kinds',
  "SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = 'kinds' ORDER BY ordinal_position",
  "SELECT column_name, data_type FROM information_schema.columns WHERE table_name IN ('typed', 'shape', 'pay') ORDER BY table_name, ordinal_position",
  "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
  "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1",
  'DROP VIEW active_emp CASCADE',
  'SELECT * FROM rich',
  'DROP TABLE emp CASCADE',
  "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' ORDER BY 1",
];

describe.skipIf(!postgresAvailable())('views and CREATE TABLE AS match PostgreSQL 15', () => {
  const pair = differentialPair();

  // One test: the steps build on each other.
  it('answers every step as PostgreSQL does', async () => {
    for (const step of STEPS) {
      const [x, y] = await Promise.all([answerWithTag(pair.ours, step), answerWithTag(pair.reference, step)]);
      expect({ step, ...x }).toEqual({ step, ...y });
    }
  });
});

describe('views, ours alone', () => {
  it('survive a restart, with their columns fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-views-'));
    const first = await startTestServer(dir);
    const c = await first.client();
    await c.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await c.query("INSERT INTO t VALUES (1, 'x')");
    await c.query('CREATE VIEW tv AS SELECT * FROM t');
    await c.query('CREATE VIEW tv2 AS SELECT id FROM tv');
    await first.stop();
    const again = await startTestServer(dir);
    try {
      const d = await again.client();
      expect((await d.query('SELECT * FROM tv')).rows).toEqual([{ id: 1, v: 'x' }]);
      expect((await d.query('SELECT * FROM tv2')).rows).toEqual([{ id: 1 }]);
      await expect(d.query('DROP TABLE t')).rejects.toMatchObject({ code: '2BP01' });
    } finally {
      await again.stop();
      removeDir(dir);
    }
  });

  it('refuse DML PostgreSQL would rewrite but we do not yet (renamed columns, views over views), with 0A000', async () => {
    const s = await startTestServer();
    try {
      const c = await s.client();
      await c.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
      await c.query('CREATE VIEW tv (ident, val) AS SELECT id, v FROM t WHERE id > 0');
      await c.query('CREATE VIEW tvv AS SELECT ident FROM tv');
      await expect(c.query("INSERT INTO tv VALUES (1, 'x')")).rejects.toMatchObject({ code: '0A000' });
      await expect(c.query('UPDATE tv SET val = 1')).rejects.toMatchObject({ code: '0A000' });
      await expect(c.query('DELETE FROM tvv')).rejects.toMatchObject({ code: '0A000' });
    } finally {
      await s.stop();
    }
  });
});
