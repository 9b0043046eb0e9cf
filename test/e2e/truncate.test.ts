/** TRUNCATE against PostgreSQL 15: tags, rows left, rollback, RESTART IDENTITY, errors. */
import { describe, it } from 'vitest';
import { differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair([
  'CREATE TABLE tr (id serial PRIMARY KEY, v text)',
  'CREATE TABLE tr2 (id int PRIMARY KEY)',
  'CREATE VIEW trv AS SELECT * FROM tr',
]);

describe('TRUNCATE', () => {
  it('answers as PostgreSQL does, step by step', async () => {
    const steps = [
      "INSERT INTO tr (v) VALUES ('a'), ('b'), ('c')",
      'INSERT INTO tr2 VALUES (1), (2)',
      'TRUNCATE tr',
      'SELECT count(*) FROM tr',
      "INSERT INTO tr (v) VALUES ('d') RETURNING id",
      'BEGIN',
      'TRUNCATE TABLE tr, tr2',
      'SELECT (SELECT count(*) FROM tr), (SELECT count(*) FROM tr2)',
      'ROLLBACK',
      'SELECT (SELECT count(*) FROM tr), (SELECT count(*) FROM tr2)',
      'BEGIN',
      'TRUNCATE tr2',
      "INSERT INTO tr2 VALUES (2)",
      'COMMIT',
      'SELECT * FROM tr2',
      'TRUNCATE tr RESTART IDENTITY',
      "INSERT INTO tr (v) VALUES ('e') RETURNING id",
      'TRUNCATE trv',
      'TRUNCATE nosuch',
      'TRUNCATE tr CONTINUE IDENTITY CASCADE',
      'SELECT count(*) FROM tr',
    ];
    await expectSameSteps(pair, steps);
  });
});
