/**
 * DDL inside a transaction block rolls back, as in PostgreSQL: every step runs on our server and
 * on a throwaway PostgreSQL 15 and must answer the same (rows, tag, or SQLSTATE).
 */
import { describe, expect, it } from 'vitest';
import { answerWithTag as answer, differentialPair } from '../support/differential.js';

const STEPS = [
  'CREATE TABLE keep (id int PRIMARY KEY, v text)',
  "INSERT INTO keep VALUES (1, 'a'), (2, 'b')",
  // CREATE TABLE + rows, rolled back: gone.
  'BEGIN',
  'CREATE TABLE t1 (id serial PRIMARY KEY, v text)',
  "INSERT INTO t1 (v) VALUES ('x')",
  'SELECT * FROM t1',
  'ROLLBACK',
  'SELECT * FROM t1',
  'CREATE TABLE t1 (id serial PRIMARY KEY, v text)',
  'SELECT * FROM t1',
  // DROP TABLE rolled back: the table and its rows are back.
  'BEGIN',
  'DROP TABLE keep',
  'SELECT * FROM keep',
  'ROLLBACK',
  'SELECT * FROM keep ORDER BY id',
  // ALTER TABLE rolled back.
  'BEGIN',
  'ALTER TABLE keep ADD COLUMN n int DEFAULT 7',
  'ALTER TABLE keep RENAME COLUMN v TO w',
  'SELECT * FROM keep ORDER BY id',
  'ROLLBACK',
  'SELECT * FROM keep ORDER BY id',
  'BEGIN',
  'ALTER TABLE keep RENAME TO kept',
  'SELECT count(*) FROM kept',
  'ROLLBACK',
  'SELECT count(*) FROM keep',
  // Views and schemas.
  'BEGIN',
  'CREATE SCHEMA s2',
  'CREATE TABLE s2.x (id int PRIMARY KEY)',
  'CREATE VIEW kv AS SELECT v FROM keep',
  'SELECT * FROM kv ORDER BY v',
  'ROLLBACK',
  'SELECT * FROM kv',
  'SELECT * FROM s2.x',
  'CREATE VIEW kv AS SELECT v FROM keep',
  'BEGIN',
  'DROP VIEW kv',
  'ROLLBACK',
  'SELECT * FROM kv ORDER BY v',
  // Savepoints: only what came after the savepoint is undone.
  'BEGIN',
  'CREATE TABLE a1 (id int PRIMARY KEY)',
  'SAVEPOINT sp',
  'CREATE TABLE a2 (id int PRIMARY KEY)',
  'DROP TABLE keep',
  'ROLLBACK TO SAVEPOINT sp',
  'SELECT count(*) FROM keep',
  'SELECT * FROM a2',
  'COMMIT',
  'SELECT * FROM a1',
  // DROP committed: the rows go too (a new table of the same name starts empty).
  'BEGIN',
  'DROP TABLE nosuch',
  'ROLLBACK',
  'BEGIN',
  'DROP VIEW kv',
  'DROP TABLE keep',
  'COMMIT',
  'SELECT * FROM keep',
  'CREATE TABLE keep (id int PRIMARY KEY, v text)',
  'SELECT count(*) FROM keep',
  // A failed block that is committed rolls its DDL back.
  'BEGIN',
  'CREATE TABLE f1 (id int PRIMARY KEY)',
  'SELECT 1/0',
  'COMMIT',
  'SELECT * FROM f1',
];

const pair = differentialPair();

describe('DDL in a transaction block answers as in PostgreSQL 15', () => {
  it('refuses what it cannot undo yet (DROP SCHEMA, roles) inside a block, and runs it outside', async () => {
    expect(await answer(pair.ours, 'CREATE SCHEMA s9')).toMatchObject({ tag: 'CREATE null' });
    for (const sql of ['DROP SCHEMA s9', "CREATE ROLE r9 LOGIN PASSWORD 'x'"]) {
      await answer(pair.ours, 'BEGIN');
      expect(await answer(pair.ours, sql)).toEqual({ error: '0A000' });
      await answer(pair.ours, 'ROLLBACK');
    }
    expect(await answer(pair.ours, 'DROP SCHEMA s9')).toMatchObject({ tag: 'DROP null' });
  });

  it('rolls back CREATE, DROP, ALTER, views and schemas; savepoints; COMMIT keeps them', async () => {
    for (const step of STEPS) {
      const [x, y] = [await answer(pair.ours, step), await answer(pair.reference, step)];
      expect({ step, ...x }).toEqual({ step, ...y });
    }
  });
});
