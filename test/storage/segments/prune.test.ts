import { describe, expect, it } from 'vitest';
import { manifestEntryOf, entryStatsSource } from '../../../src/storage/segments/manifest.js';
import { compilePruner, pruneRowGroups, type ColumnPredicate } from '../../../src/storage/segments/prune.js';
import { encodeSegment } from '../../../src/storage/segments/segment-writer.js';
import type { Value } from '../../../src/types/kalam-type.js';
import { FLOAT8, INT8, NUMERIC, TEXT, TIMESTAMP as TS, tableDef } from './table-fixture.js';


const table = tableDef([
  { name: 'id', type: INT8, primaryKey: true },
  { name: 'val', type: FLOAT8 },
  { name: 'amount', type: NUMERIC },
  { name: 'tag', type: TEXT },
  { name: 'ts', type: TS },
]);

// 4 row groups of 100 rows: id 0..399; val = id/10 except group 2 where it is NULL (all of it);
// amount grows 9.5, 10.5, … so text order and numeric order disagree; tag 'g0'…'g3'.
const rows: Value[][] = Array.from({ length: 400 }, (_, i) => [
  BigInt(i), Math.floor(i / 100) === 2 ? null : i / 10, `${(9.5 + Math.floor(i / 100)).toFixed(1)}`, `g${Math.floor(i / 100)}`,
  1_700_000_000_000_000n + BigInt(i) * 1_000_000n, BigInt(10_000 + i), false,
]);
const { meta } = encodeSegment(table, rows, { rowGroupRows: 100 });

const groups = (preds: ColumnPredicate[], range?: Parameters<typeof compilePruner>[2], t = table): number[] =>
  pruneRowGroups(meta, compilePruner(t, preds, range));

describe('row-group pruning by statistics', () => {
  it('keeps exactly the row groups whose min/max admit the predicate', () => {
    expect(groups([{ ordinal: 2, op: '>', value: 25 }])).toEqual([3]);
    expect(groups([{ ordinal: 2, op: '>=', value: 9.9 }])).toEqual([0, 1, 3]);
    expect(groups([{ ordinal: 2, op: '<', value: 0 }])).toEqual([]);
    expect(groups([{ ordinal: 2, op: '=', value: 15 }])).toEqual([1]);
    expect(groups([{ ordinal: 2, op: '<=', value: 0 }])).toEqual([0]);
  });

  it('a row group whose column is all NULL never matches a comparison', () => {
    expect(groups([{ ordinal: 2, op: '>', value: -1 }])).toEqual([0, 1, 3]);
  });

  it('orders numeric as numbers and timestamps as instants, not as text', () => {
    // '10.5' < '9.5' as text; as numbers group 0 (9.5) is below 10.
    expect(groups([{ ordinal: 3, op: '<', value: '10' }])).toEqual([0]);
    expect(groups([{ ordinal: 3, op: '>', value: '11.0' }])).toEqual([2, 3]);
    expect(groups([{ ordinal: 5, op: '>=', value: 1_700_000_000_000_000n + 350_000_000n }])).toEqual([3]);
    expect(groups([{ ordinal: 4, op: '=', value: 'g2' }])).toEqual([2]);
  });

  it('ANDs predicates', () => {
    expect(groups([{ ordinal: 2, op: '>', value: 5 }, { ordinal: 4, op: '<', value: 'g3' }])).toEqual([0, 1]);
  });

  it('prunes by a primary-key range', () => {
    expect(groups([], { lower: { values: [150n], inclusive: true }, upper: { values: [250n], inclusive: false } })).toEqual([1, 2]);
    expect(groups([], { lower: { values: [199n], inclusive: false } })).toEqual([2, 3]);
    expect(groups([], { upper: { values: [99n], inclusive: true } })).toEqual([0]);
  });

  it('a table without a primary key is keyed by _seq', () => {
    const noPk = tableDef(table.columns.map((c) => ({ name: c.name, type: c.type })));
    const { meta: m } = encodeSegment(noPk, rows, { rowGroupRows: 100 });
    expect(pruneRowGroups(m, compilePruner(noPk, [], { lower: { values: [10_300n], inclusive: true } }))).toEqual([3]);
  });

  it('a column added after the write prunes by its missing value', () => {
    const later = tableDef([...table.columns.map((c) => ({ name: c.name, type: c.type, primaryKey: c.primaryKey })),
      { name: 'flag', type: INT8, missingValue: '5' }, { name: 'nothing', type: INT8 }]);
    expect(groups([{ ordinal: 6, op: '=', value: 5n }], undefined, later)).toEqual([0, 1, 2, 3]);
    expect(groups([{ ordinal: 6, op: '>', value: 5n }], undefined, later)).toEqual([]);
    expect(groups([{ ordinal: 7, op: '<', value: 5n }], undefined, later)).toEqual([]);
  });

  it('whole segments are pruned from their manifest entry', () => {
    const entry = entryStatsSource(manifestEntryOf('s.parquet', 1000, meta));
    expect(compilePruner(table, [{ ordinal: 2, op: '>', value: 39.9 }])(entry)).toBe(false);
    expect(compilePruner(table, [{ ordinal: 2, op: '>', value: 39.8 }])(entry)).toBe(true);
    expect(compilePruner(table, [], { lower: { values: [400n], inclusive: true } })(entry)).toBe(false);
  });
});
