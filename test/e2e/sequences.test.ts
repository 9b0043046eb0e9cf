/** CREATE / ALTER / DROP SEQUENCE and the sequence functions against PostgreSQL 15, step by step. */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { answerWithTag, differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair(['CREATE TABLE owner (id serial PRIMARY KEY)']);

describe('sequences', () => {
  it('answer as PostgreSQL does', async () => {
    await expectSameSteps(pair, [
      'CREATE SEQUENCE s1',
      "SELECT nextval('s1'), nextval('s1'), currval('s1')",
      'CREATE SEQUENCE s1',
      'CREATE SEQUENCE IF NOT EXISTS s1',
      'CREATE SEQUENCE s2 AS integer INCREMENT BY 5 START WITH 10 MAXVALUE 20',
      "SELECT nextval('s2'), nextval('s2'), nextval('s2')",
      "SELECT nextval('s2')",
      'CREATE SEQUENCE s3 INCREMENT BY -1',
      "SELECT nextval('s3'), nextval('s3')",
      "SELECT setval('s3', -10), nextval('s3')",
      'ALTER SEQUENCE s1 RESTART WITH 100',
      "SELECT nextval('s1')",
      'ALTER SEQUENCE s1 RESTART',
      "SELECT nextval('s1')",
      'CREATE SEQUENCE bad INCREMENT BY 0',
      'CREATE SEQUENCE bad MINVALUE 10 MAXVALUE 5',
      'CREATE SEQUENCE bad START WITH 0',
      'CREATE SEQUENCE bad AS smallint MAXVALUE 100000',
      'CREATE TABLE s1 (x int)',
      'BEGIN',
      'CREATE SEQUENCE s4',
      "SELECT nextval('s4')",
      'ROLLBACK',
      "SELECT nextval('s4')",
      'DROP SEQUENCE s2, s3',
      "SELECT nextval('s2')",
      'DROP SEQUENCE IF EXISTS s2',
      'DROP SEQUENCE owner_id_seq',
      'CREATE TABLE uses (id bigint DEFAULT nextval(\'s1\') PRIMARY KEY, v text)',
      "INSERT INTO uses (v) VALUES ('a'), ('b') RETURNING id",
      'DROP SEQUENCE s1',
      'DROP SEQUENCE nosuch',
    ]);
  });
});

describe('currval and lastval', () => {
  it('are per session, as in PostgreSQL: another session\'s nextval does not move them', async () => {
    const second = {
      ours: await pair.server.client(),
      reference: new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres' }),
    };
    await second.reference.connect();
    try {
      const steps: ['first' | 'second', string][] = [
        ['second', 'SELECT lastval()'],
        ['first', 'CREATE SEQUENCE "Mixed"'],
        ['first', 'CREATE SEQUENCE per_session START 10'],
        ['second', "SELECT currval('per_session')"],
        ['first', "SELECT nextval('per_session'), nextval('per_session'), lastval()"],
        ['second', "SELECT nextval('per_session'), currval('per_session'), lastval()"],
        ['first', "SELECT currval('per_session'), lastval()"],
        ['first', "SELECT setval('per_session', 50), currval('per_session'), lastval()"],
        ['first', "SELECT setval('per_session', 70, false), currval('per_session')"],
        ['first', `SELECT nextval('"Mixed"'), lastval(), currval('"Mixed"')`],
        ['first', "SELECT nextval('mixed')"],
        ['first', `SELECT nextval('public."Mixed"')`],
        ['first', 'DROP SEQUENCE "Mixed"'],
        ['first', 'SELECT lastval()'],
        ['second', 'SELECT lastval()'],
        ['first', 'INSERT INTO owner DEFAULT VALUES RETURNING id, lastval()'],
      ];
      for (const [who, sql] of steps) {
        const c = who === 'first' ? pair : second;
        const [ours, theirs] = [await answerWithTag(c.ours, sql), await answerWithTag(c.reference, sql)];
        expect([who, sql, ours]).toEqual([who, sql, theirs]);
      }
    } finally {
      await second.ours.end();
      await second.reference.end();
    }
  });
});
