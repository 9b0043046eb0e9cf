/** CREATE / ALTER / DROP SEQUENCE and the sequence functions against PostgreSQL 15, step by step. */
import { describe, it } from 'vitest';
import { differentialPair, expectSameSteps } from '../support/differential.js';

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
