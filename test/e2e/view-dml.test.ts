/**
 * INSERT/UPDATE/DELETE through a simple view (view-dml-rewrite.ts), step by step on our server
 * and a throwaway PostgreSQL 15: the same answers, including what the view's WHERE hides and
 * PostgreSQL's errors for columns the view does not have.
 */
import { describe, expect, it } from 'vitest';
import { answerWithTag as answer, differentialPair } from '../support/differential.js';

const SETUP = [
  'CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, salary int DEFAULT 10, active boolean DEFAULT true)',
  "INSERT INTO emp VALUES (1, 'ada', 300, true), (2, 'bob', 200, false), (3, 'cy', 100, true)",
  'CREATE VIEW active_emp AS SELECT id, name, salary FROM emp WHERE emp.active',
];

const STEPS = [
  'UPDATE active_emp SET salary = salary + 1 RETURNING id, salary',
  'UPDATE active_emp SET salary = 0 WHERE id = 2',
  "INSERT INTO active_emp VALUES (4, 'di') RETURNING *",
  "INSERT INTO active_emp (name, id) VALUES ('ed', 5)",
  'SELECT * FROM emp ORDER BY id',
  'SELECT * FROM active_emp ORDER BY id',
  'DELETE FROM active_emp WHERE salary < 200 RETURNING id',
  'DELETE FROM active_emp WHERE id = 2',
  'SELECT id, name FROM emp ORDER BY id',
  'UPDATE active_emp SET active = false',
  'UPDATE active_emp SET salary = 1 WHERE active',
  "INSERT INTO active_emp (id, name, active) VALUES (9, 'x', true)",
  'UPDATE active_emp v SET salary = v.salary * 2 WHERE v.id = 1 RETURNING v.id, salary AS s',
];

const pair = differentialPair(SETUP);

describe('DML through a simple view answers as in PostgreSQL 15', () => {
  it('rewrites onto the base table, within the view', async () => {
    for (const step of STEPS) {
      const [x, y] = [await answer(pair.ours, step), await answer(pair.reference, step)];
      expect({ step, ...x }).toEqual({ step, ...y });
    }
  });
});
