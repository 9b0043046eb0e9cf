/**
 * Transaction characteristics against PostgreSQL 15: READ ONLY refusing writes with 25006 and the
 * command's name, READ UNCOMMITTED accepted and shown, defaults from SET SESSION CHARACTERISTICS,
 * and what each transaction's end resets. REPEATABLE READ and SERIALIZABLE differ on purpose
 * (0A000 here), so they are checked apart.
 */
import { describe, expect, it } from 'vitest';
import { answerWithTag, differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair([
  'CREATE TABLE ro (id serial PRIMARY KEY, v text)',
  "INSERT INTO ro (v) VALUES ('a')",
  'CREATE SEQUENCE ro_seq',
]);

const SHOW = 'SELECT current_setting(\'transaction_read_only\'), current_setting(\'transaction_isolation\'), current_setting(\'default_transaction_read_only\')';

describe('transaction characteristics', () => {
  it('READ ONLY refuses what writes, as PostgreSQL does', async () => {
    await expectSameSteps(pair, [
      'BEGIN READ ONLY',
      SHOW,
      'SELECT * FROM ro',
      "INSERT INTO ro (v) VALUES ('b')",
      'ROLLBACK',
      'START TRANSACTION READ ONLY',
      "UPDATE ro SET v = 'x'",
      'ROLLBACK',
      'BEGIN READ ONLY',
      'DELETE FROM ro',
      'ROLLBACK',
      'BEGIN READ ONLY',
      'CREATE TABLE nope (x int)',
      'ROLLBACK',
      'BEGIN READ ONLY',
      'DROP TABLE ro',
      'ROLLBACK',
      'BEGIN READ ONLY',
      'TRUNCATE ro',
      'ROLLBACK',
      'BEGIN READ ONLY',
      "SELECT nextval('ro_seq')",
      'ROLLBACK',
      'BEGIN READ ONLY',
      "SELECT setval('ro_seq', 5)",
      'ROLLBACK',
      'BEGIN READ ONLY',
      "WITH w AS (INSERT INTO ro (v) VALUES ('c') RETURNING id) SELECT * FROM w",
      'ROLLBACK',
      'BEGIN READ ONLY',
      'EXPLAIN (COSTS OFF) SELECT 1',
      "EXPLAIN ANALYZE INSERT INTO ro (v) VALUES ('d')",
      'ROLLBACK',
      'BEGIN',
      'SET TRANSACTION READ ONLY',
      SHOW,
      "INSERT INTO ro (v) VALUES ('e')",
      'ROLLBACK',
      SHOW,
      'SET TRANSACTION READ ONLY',
      "INSERT INTO ro (v) VALUES ('f') RETURNING v",
      'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY',
      SHOW,
      "INSERT INTO ro (v) VALUES ('g')",
      'SELECT count(*) FROM ro',
      'BEGIN READ WRITE',
      "INSERT INTO ro (v) VALUES ('h') RETURNING v",
      'COMMIT',
      SHOW,
      'SET default_transaction_read_only = off',
      "INSERT INTO ro (v) VALUES ('i') RETURNING v",
      'SELECT v FROM ro ORDER BY id',
    ]);
  });

  it('READ UNCOMMITTED and READ COMMITTED are accepted and shown; bad levels are 22023', async () => {
    await expectSameSteps(pair, [
      'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ UNCOMMITTED',
      'SHOW default_transaction_isolation',
      'SHOW transaction_isolation',
      'BEGIN ISOLATION LEVEL READ COMMITTED',
      'SHOW TRANSACTION ISOLATION LEVEL',
      'COMMIT',
      'SHOW transaction_isolation',
      'BEGIN',
      'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
      'SHOW transaction_isolation',
      'COMMIT',
      "SET default_transaction_isolation = 'read committed'",
      'SHOW transaction_isolation',
      "SET default_transaction_isolation = 'sometimes'",
      'RESET ALL',
      'SHOW default_transaction_isolation',
    ]);
  });

  it('REPEATABLE READ and SERIALIZABLE answer 0A000 and open no transaction', async () => {
    for (const sql of ['BEGIN ISOLATION LEVEL SERIALIZABLE', 'START TRANSACTION ISOLATION LEVEL REPEATABLE READ', "SET default_transaction_isolation = 'serializable'"]) {
      expect(await answerWithTag(pair.ours, sql)).toEqual({ error: '0A000' });
      expect(await answerWithTag(pair.ours, 'SELECT 1')).toMatchObject({ rows: [['1']] });
      expect(await answerWithTag(pair.ours, 'SHOW transaction_isolation')).toMatchObject({ rows: [['read committed']] });
    }
  });
});

describe('client_min_messages', () => {
  it('holds back notices and warnings below it, as PostgreSQL does', async () => {
    const seen = { ours: [] as string[], reference: [] as string[] };
    const onOurs = (n: { severity?: string; message?: string }): void => {
      seen.ours.push(`${n.severity} ${n.message}`);
    };
    const onRef = (n: { severity?: string; message?: string }): void => {
      seen.reference.push(`${n.severity} ${n.message}`);
    };
    pair.ours.on('notice', onOurs);
    pair.reference.on('notice', onRef);
    try {
      await expectSameSteps(pair, [
        "SET client_min_messages = 'bogus'",
        "SET client_min_messages = 'INFO'",
        'SHOW client_min_messages',
        'DROP TABLE IF EXISTS nope_info',
        'SET client_min_messages = warning',
        'DROP TABLE IF EXISTS nope_warning',
        'COMMIT',
        'SET client_min_messages = error',
        'COMMIT',
        'SET client_min_messages = debug',
        'SHOW client_min_messages', // (PostgreSQL's DEBUG messages have no counterpart here)
        'RESET client_min_messages',
        'DROP TABLE IF EXISTS nope_reset',
      ]);
      expect(seen.ours).toEqual(seen.reference);
      expect(seen.ours.length).toBe(3);
    } finally {
      pair.ours.off('notice', onOurs);
      pair.reference.off('notice', onRef);
    }
  });
});
