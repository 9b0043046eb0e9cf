/**
 * Secondary indexes and UNIQUE against PostgreSQL 15: names, duplicate errors with DETAIL,
 * NULLs distinct, CREATE/DROP INDEX, ON CONFLICT on a unique index, and uniqueness across two
 * sessions committing concurrently.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { differentialPair } from '../support/differential.js';
import { expectSameFullSteps, fullAnswer } from '../support/full-answer.js';

const pair = differentialPair();

describe('UNIQUE', () => {
  it('refuses duplicates with PostgreSQL messages; NULLs are distinct', async () => {
    await expectSameFullSteps(pair, [
      'CREATE TABLE u (id int PRIMARY KEY, email text UNIQUE, a int, b int, UNIQUE (a, b))',
      "INSERT INTO u VALUES (1, 'a@b.c', 1, 2)",
      "INSERT INTO u VALUES (2, 'a@b.c', 3, 4)",
      "INSERT INTO u VALUES (2, 'x', 1, 2)",
      'INSERT INTO u VALUES (2, NULL, NULL, 2), (3, NULL, NULL, 2)',
      "INSERT INTO u VALUES (4, 'q', 7, 8), (5, 'q', 9, 10)",
      "UPDATE u SET email = 'a@b.c' WHERE id = 2",
      "UPDATE u SET email = 'z' WHERE id = 1",
      "INSERT INTO u VALUES (6, 'a@b.c', 11, 12)",
      'DELETE FROM u WHERE id = 6',
      "INSERT INTO u VALUES (7, 'a@b.c', 11, 12)",
      'SELECT * FROM u ORDER BY id',
      'TRUNCATE u',
      "INSERT INTO u VALUES (1, 'z', 1, 2)",
      'CREATE TABLE u_email_key (z int)',
      'CREATE TABLE u2 (id int, email text UNIQUE)',
      'CREATE TABLE u2b (email text UNIQUE)',
    ]);
  });

  it('is an ON CONFLICT arbiter', async () => {
    await expectSameFullSteps(pair, [
      "CREATE TABLE oc (id int PRIMARY KEY, email text UNIQUE, n int)",
      "INSERT INTO oc VALUES (1, 'a', 0)",
      "INSERT INTO oc VALUES (2, 'a', 0) ON CONFLICT (email) DO NOTHING",
      "INSERT INTO oc VALUES (2, 'a', 0) ON CONFLICT (email) DO UPDATE SET n = oc.n + 1 RETURNING *",
      "INSERT INTO oc VALUES (3, 'b', 0), (4, 'b', 0) ON CONFLICT DO NOTHING",
      "INSERT INTO oc VALUES (5, 'c', 0) ON CONFLICT ON CONSTRAINT oc_email_key DO UPDATE SET n = 9",
      "INSERT INTO oc VALUES (6, 'a', 0) ON CONFLICT (n) DO NOTHING",
      'SELECT * FROM oc ORDER BY id',
    ]);
  });
});

describe('CREATE INDEX / DROP INDEX', () => {
  it('names, builds over existing rows, and drops as PostgreSQL does', async () => {
    await expectSameFullSteps(pair, [
      "CREATE TABLE ix (id int PRIMARY KEY, email text UNIQUE, a int, b int)",
      "INSERT INTO ix VALUES (1, 'x', 1, 1), (2, 'y', 1, 2)",
      'DROP INDEX ix_email_key',
      'DROP INDEX ix_pkey',
      'DROP INDEX nope',
      'DROP INDEX IF EXISTS nope',
      'CREATE UNIQUE INDEX ON ix (a)',
      'CREATE UNIQUE INDEX ON ix (a, b)',
      'INSERT INTO ix VALUES (3, NULL, 1, 1)',
      'CREATE INDEX ON ix (email)',
      'CREATE INDEX ON ix (email)',
      'CREATE INDEX ix_b ON ix (b DESC NULLS FIRST)',
      'CREATE INDEX ix ON ix (a)',
      'CREATE INDEX IF NOT EXISTS ix_b ON ix (a)',
      'CREATE TABLE ix_b (z int)',
      'DROP INDEX ix_email_idx1',
      'CREATE INDEX ON ix (email)',
      'DROP INDEX ix_email_idx, ix_email_idx1',
      'ALTER TABLE ix ADD CONSTRAINT ix_ab UNIQUE (a)',
      'ALTER TABLE ix ADD CONSTRAINT ix_ab UNIQUE (a, b)',
      'INSERT INTO ix VALUES (4, NULL, 1, 2)',
      'ALTER TABLE ix DROP CONSTRAINT ix_ab',
      'INSERT INTO ix VALUES (4, NULL, 1, 2)',
      'SELECT id FROM ix WHERE b = 2 ORDER BY id',
    ]);
  });
});

describe('uniqueness across sessions', () => {
  it('the second of two concurrent inserts of one value fails at COMMIT', async () => {
    await pair.ours.query('CREATE TABLE cu (id int PRIMARY KEY, email text UNIQUE)');
    const other = await pair.server.client();
    await pair.ours.query('BEGIN');
    await other.query('BEGIN');
    await pair.ours.query("INSERT INTO cu VALUES (1, 'same')");
    await other.query("INSERT INTO cu VALUES (2, 'same')");
    await pair.ours.query('COMMIT');
    const second = await fullAnswer(other, 'COMMIT');
    expect(second).toMatchObject({ code: '23505', message: 'duplicate key value violates unique constraint "cu_email_key"', detail: 'Key (email)=(same) already exists.' });
    expect(await fullAnswer(pair.ours, 'SELECT id FROM cu')).toMatchObject({ rows: [['1']] });
    // PostgreSQL makes the second wait and then fail at its INSERT: same outcome, one row.
    const ref2 = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres' });
    await ref2.connect();
    try {
      await pair.reference.query('CREATE TABLE cu (id int PRIMARY KEY, email text UNIQUE)');
      await pair.reference.query('BEGIN');
      await ref2.query('BEGIN');
      await pair.reference.query("INSERT INTO cu VALUES (1, 'same')");
      const waiting = fullAnswer(ref2, "INSERT INTO cu VALUES (2, 'same')");
      await pair.reference.query('COMMIT');
      expect(await waiting).toMatchObject({ code: '23505', detail: 'Key (email)=(same) already exists.' });
    } finally {
      await ref2.end();
    }
  });
});
