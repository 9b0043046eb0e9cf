/**
 * ALTER TABLE … ALTER COLUMN … TYPE against PostgreSQL 15: the same type is a no-op (what
 * Sequelize's sync({ alter: true }) sends for every column), a new type rewrites the rows by
 * assignment cast or USING, indexes (and the row keys, for a key column) follow, and the errors
 * — no cast, a default that cannot follow, NULLs in a NOT NULL column, a violated CHECK, a
 * duplicated key, a column a view reads — leave the table as it was.
 */
import { describe, it } from 'vitest';
import { differentialPair } from '../support/differential.js';
import { expectSameFullSteps } from '../support/full-answer.js';

const pair = differentialPair();

describe('ALTER COLUMN TYPE', () => {
  it('keeps the same type as it is and rewrites rows for a new one', async () => {
    await expectSameFullSteps(pair, [
      "CREATE TABLE act (id int PRIMARY KEY, a text, b varchar(10) DEFAULT 'xy', c int DEFAULT 7, n numeric(10,2) CHECK (n > 0))",
      "INSERT INTO act VALUES (1, '5', 'hello', 3, 5.5), (2, '05', 'hi', NULL, 1.25)",
      'ALTER TABLE act ALTER COLUMN c TYPE integer',
      'ALTER TABLE act ALTER COLUMN b TYPE varchar(10), ALTER COLUMN n SET DATA TYPE numeric(10,2)',
      'ALTER TABLE act ALTER COLUMN c TYPE bigint',
      'ALTER TABLE act ALTER COLUMN a TYPE int',
      'ALTER TABLE act ALTER COLUMN a TYPE int USING a::int',
      'SELECT * FROM act ORDER BY id',
      'ALTER TABLE act ALTER COLUMN b TYPE varchar(3)',
      'ALTER TABLE act ALTER COLUMN b TYPE varchar(20)',
      'ALTER TABLE act ALTER COLUMN b TYPE int USING length(b)',
      'ALTER TABLE act ALTER COLUMN n TYPE int',
      'ALTER TABLE act ALTER COLUMN n TYPE numeric(3,0) USING n - 10',
      'ALTER TABLE act ALTER COLUMN n TYPE int, ALTER COLUMN n TYPE bigint',
      'ALTER TABLE act ALTER COLUMN a TYPE serial',
      'ALTER TABLE act ALTER COLUMN nope TYPE int',
      'SELECT * FROM act ORDER BY id',
      "SELECT attname, format_type(atttypid, atttypmod), pg_get_expr(adbin, adrelid) FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum WHERE attrelid = 'act'::regclass AND attnum > 0 ORDER BY attnum",
      'INSERT INTO act (id) VALUES (3)',
      'SELECT * FROM act ORDER BY id',
    ]);
  });

  it('moves rows to their new keys and rebuilds indexes, or changes nothing on an error', async () => {
    await expectSameFullSteps(pair, [
      'CREATE TABLE at4 (id int PRIMARY KEY, v text UNIQUE, w int NOT NULL)',
      'CREATE INDEX at4_w ON at4 (w)',
      "INSERT INTO at4 VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)",
      'ALTER TABLE at4 ALTER COLUMN id TYPE bigint USING id + 1',
      'SELECT * FROM at4 WHERE id = 3',
      "SELECT * FROM at4 WHERE v = 'b'",
      'SELECT * FROM at4 WHERE w = 20',
      'ALTER TABLE at4 ALTER COLUMN id TYPE int USING 1',
      'ALTER TABLE at4 ALTER COLUMN w TYPE text USING NULL',
      "ALTER TABLE at4 ALTER COLUMN v TYPE int USING 0",
      'ALTER TABLE at4 ALTER COLUMN w TYPE text',
      "SELECT * FROM at4 WHERE w = '30'",
      "INSERT INTO at4 VALUES (5, 'a', '1')",
      'SELECT * FROM at4 ORDER BY id',
      'CREATE VIEW at4v AS SELECT w FROM at4',
      'ALTER TABLE at4 ALTER COLUMN w TYPE text',
      'BEGIN',
      'ALTER TABLE at4 ALTER COLUMN id TYPE numeric(5,1)',
      'SELECT * FROM at4 ORDER BY id',
      'ROLLBACK',
      'SELECT * FROM at4 ORDER BY id',
      "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'at4'::regclass AND attname = 'id'",
    ]);
  });
});
