/** ALTER TABLE | SEQUENCE … SET SCHEMA and RENAME TO, committed and rolled back, against PostgreSQL 15. */
import { describe, it } from 'vitest';
import { differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair([
  'CREATE SCHEMA s2',
  'CREATE TABLE mv (id serial PRIMARY KEY, v text UNIQUE)',
  'CREATE INDEX mv_v_idx2 ON mv (v)',
  "INSERT INTO mv (v) VALUES ('a')",
]);

const WHERE_IS = `SELECT c.relname, n.nspname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relname LIKE 'mv%' OR c.relname LIKE 'free%' ORDER BY 1, 2`;

describe('SET SCHEMA', () => {
  it('moves a table with its indexes and owned sequence, as PostgreSQL does', async () => {
    await expectSameSteps(pair, [
      'ALTER TABLE mv SET SCHEMA public',
      'ALTER TABLE mv SET SCHEMA nosuch',
      'CREATE TABLE s2.mv (x int)',
      'ALTER TABLE mv SET SCHEMA s2',
      'DROP TABLE s2.mv',
      'ALTER TABLE IF EXISTS nosuch SET SCHEMA s2',
      'ALTER TABLE nosuch SET SCHEMA s2',
      'BEGIN',
      'ALTER TABLE mv SET SCHEMA s2',
      WHERE_IS,
      'ROLLBACK',
      WHERE_IS,
      "INSERT INTO mv (v) VALUES ('b') RETURNING *",
      'ALTER TABLE mv SET SCHEMA s2',
      WHERE_IS,
      'SELECT * FROM mv',
      "INSERT INTO s2.mv (v) VALUES ('c') RETURNING *",
      "INSERT INTO s2.mv (v) VALUES ('c')",
      "SELECT pg_get_serial_sequence('s2.mv', 'id')",
      'SELECT * FROM s2.mv ORDER BY id',
      'ALTER SEQUENCE s2.mv_id_seq SET SCHEMA public',
      'ALTER TABLE s2.mv_id_seq SET SCHEMA public',
      'CREATE SEQUENCE free_seq',
      "SELECT nextval('free_seq')",
      'ALTER SEQUENCE free_seq SET SCHEMA s2',
      "SELECT nextval('s2.free_seq')",
      'ALTER SEQUENCE IF EXISTS free_seq SET SCHEMA s2',
      'DROP TABLE s2.mv',
      WHERE_IS,
    ]);
  });

  it('puts a renamed table and its sequence back on ROLLBACK', async () => {
    await expectSameSteps(pair, [
      'CREATE TABLE rb (id serial PRIMARY KEY, v text)',
      'BEGIN',
      'ALTER TABLE rb RENAME TO rb2',
      "INSERT INTO rb2 (v) VALUES ('in block') RETURNING id",
      'ROLLBACK',
      "INSERT INTO rb (v) VALUES ('x') RETURNING id",
      "SELECT pg_get_serial_sequence('rb', 'id')",
      'ALTER TABLE rb RENAME TO rb2',
      "INSERT INTO rb2 (v) VALUES ('y') RETURNING id",
      "SELECT pg_get_serial_sequence('rb2', 'id')",
    ]);
  });
});
