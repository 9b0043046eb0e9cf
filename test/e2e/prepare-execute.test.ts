/** SQL PREPARE / EXECUTE / DEALLOCATE against PostgreSQL 15, step by step. */
import { describe, it } from 'vitest';
import { differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair(['CREATE TABLE pe (id int PRIMARY KEY, name text)']);

describe('PREPARE and EXECUTE', () => {
  it('answers as PostgreSQL does', async () => {
    const steps = [
      'PREPARE ins (int, text) AS INSERT INTO pe VALUES ($1, $2) RETURNING id, upper(name)',
      "EXECUTE ins (1, 'ada')",
      "EXECUTE ins ('2', 'bob')",
      'EXECUTE ins (3)',
      "EXECUTE ins ('x', 'y')",
      "EXECUTE ins (1, 'dup')",
      'PREPARE sel AS SELECT * FROM pe WHERE id > $1 ORDER BY id',
      'EXECUTE sel (0)',
      'EXECUTE sel (1.5)',
      'PREPARE sel AS SELECT 1',
      'DEALLOCATE sel',
      "PREPARE sel AS SELECT 'a' AS x, 2 AS y",
      'EXECUTE sel',
      'EXECUTE nosuch',
      'DEALLOCATE nosuch',
      'PREPARE bad AS SELECT * FROM nosuch',
      'EXECUTE bad',
      'PREPARE calc AS SELECT $1 + 1 AS n',
      'EXECUTE calc (41)',
      'DEALLOCATE ALL',
      "EXECUTE ins (9, 'gone')",
    ];
    await expectSameSteps(pair, steps);
  });
});
