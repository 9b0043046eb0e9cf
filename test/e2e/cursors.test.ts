/** DECLARE / FETCH / MOVE / CLOSE against PostgreSQL 15, step by step. */
import { describe, it } from 'vitest';
import { differentialPair, expectSameSteps } from '../support/differential.js';

const pair = differentialPair([
  'CREATE TABLE cur (id int PRIMARY KEY, name text)',
  "INSERT INTO cur SELECT x, 'n' || x FROM generate_series(1, 7) AS x",
]);

describe('SQL cursors', () => {
  it('move and fetch as PostgreSQL does, and end with their transaction', async () => {
    await expectSameSteps(pair, [
      'DECLARE c CURSOR FOR SELECT * FROM cur ORDER BY id',
      'BEGIN',
      'DECLARE c SCROLL CURSOR FOR SELECT * FROM cur ORDER BY id',
      'FETCH c',
      'FETCH 2 FROM c',
      'FETCH PRIOR FROM c',
      'MOVE FORWARD 2 IN c',
      'FETCH NEXT FROM c',
      'FETCH RELATIVE 0 FROM c',
      'FETCH ABSOLUTE -2 FROM c',
      'FETCH LAST FROM c',
      'FETCH c',
      'FETCH c',
      'FETCH BACKWARD 3 FROM c',
      'FETCH FIRST FROM c',
      'FETCH ABSOLUTE 0 FROM c',
      'FETCH ABSOLUTE 99 FROM c',
      'MOVE BACKWARD ALL IN c',
      'FETCH ALL FROM c',
      'DECLARE c CURSOR FOR SELECT 1',
      'DECLARE f NO SCROLL CURSOR FOR SELECT id FROM cur ORDER BY id',
      'FETCH 2 FROM f',
      'FETCH PRIOR FROM f',
      'ROLLBACK',
      'FETCH c',
      'BEGIN',
      'DECLARE h CURSOR WITH HOLD FOR SELECT id FROM cur WHERE id > 4 ORDER BY id',
      'DECLARE t CURSOR FOR SELECT 1',
      'COMMIT',
      'FETCH ALL FROM h',
      'FETCH t',
      'CLOSE h',
      'CLOSE h',
      'DECLARE h2 CURSOR WITH HOLD FOR SELECT name FROM cur ORDER BY id DESC',
      'FETCH FORWARD 3 FROM h2',
      'CLOSE ALL',
      'FETCH h2',
    ]);
  });
});
