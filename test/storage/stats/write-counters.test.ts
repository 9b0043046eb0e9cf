/** WriteCounters: a commit's keys told apart as inserts, updates and deletes, per table. */
import { describe, expect, it } from 'vitest';
import { indexKey, rowKey } from '../../../src/storage/key-layout.js';
import { keyId, type KeyId } from '../../../src/storage/row-store.js';
import { WriteCounters } from '../../../src/storage/stats/write-counters.js';

const row = (table: number, pk: string): KeyId => keyId(rowKey(table, null, Buffer.from(pk)));
const V = Buffer.from([1, 0]);

describe('WriteCounters', () => {
  it('counts a created key as an insert, another put as an update, a null as a delete', () => {
    const w = new WriteCounters();
    const created = [row(1, 'a'), row(1, 'b'), row(2, 'x')];
    const writes = new Map<KeyId, Buffer | null>([
      [row(1, 'a'), V], [row(1, 'b'), V], [row(1, 'c'), V], [row(1, 'd'), null], [row(2, 'x'), V],
      [keyId(indexKey(7, null, Buffer.from('i'), Buffer.from('a'))), Buffer.alloc(0)], // index entries are not rows
    ]);
    w.committed(writes, () => created);
    expect(w.peek(1)).toEqual({ inserted: 2, updated: 1, deleted: 1, live: 1, modifiedSinceAnalyze: 4, insertedSinceVacuum: 2 });
    expect(w.peek(2)).toEqual({ inserted: 1, updated: 0, deleted: 0, live: 1, modifiedSinceAnalyze: 1, insertedSinceVacuum: 1 });
    expect(w.peek(7)).toBeUndefined();
  });

  it('counts a key created and deleted by one transaction as an insert and a delete', () => {
    const w = new WriteCounters();
    w.committed(new Map([[row(3, 'a'), null]]), () => [row(3, 'a')]);
    expect(w.peek(3)).toEqual({ inserted: 1, updated: 0, deleted: 1, live: 0, modifiedSinceAnalyze: 2, insertedSinceVacuum: 0 });
  });

  it('counts a bulk load\'s rows as inserts and forgets a dropped table', () => {
    const w = new WriteCounters();
    w.rowsLoaded(4, { rows: 1000, bytes: 50_000 });
    expect(w.peek(4)).toEqual({ inserted: 1000, updated: 0, deleted: 0, live: 1000, modifiedSinceAnalyze: 1000, insertedSinceVacuum: 1000 });
    w.tableDropped(4);
    expect(w.peek(4)).toBeUndefined();
  });
});
