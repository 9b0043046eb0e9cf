import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSegmentFile } from '../../../src/storage/segments/durable-file.js';
import { openSegment, readSegmentBatches, readSegmentRows } from '../../../src/storage/segments/segment-reader.js';
import { encodeSegment } from '../../../src/storage/segments/segment-writer.js';
import { BOOL, INT4, INT8, TEXT, tableDef } from './table-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-evo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


// Version 1: (id, name, score). Written to a segment under it.
const v1 = tableDef([
  { name: 'id', type: INT8, primaryKey: true },
  { name: 'name', type: TEXT },
  { name: 'score', type: INT4 },
], { schemaVersion: 1 });
const rows = [
  [1n, 'ann', 10, 1n, false],
  [2n, 'bob', null, 2n, false],
  [3n, null, 30, 3n, true],
];

async function segment(): Promise<Awaited<ReturnType<typeof openSegment>>> {
  const { bytes } = encodeSegment(v1, rows);
  return openSegment(await writeSegmentFile(dir, `v1-${Math.random()}.parquet`, bytes));
}

describe('reading a segment under a later table version', () => {
  it('ADD COLUMN: an added column reads as its missing value, or NULL without one', async () => {
    const v2 = tableDef([
      { name: 'id', type: INT8, primaryKey: true },
      { name: 'name', type: TEXT },
      { name: 'score', type: INT4 },
      { name: 'active', type: BOOL, missingValue: 'true' },
      { name: 'note', type: TEXT },
      { name: 'level', type: INT4, missingValue: '7' },
    ], { schemaVersion: 2 });
    const seg = await segment();
    expect(await readSegmentRows(seg, v2)).toEqual([
      [1n, 'ann', 10, true, null, 7, 1n, false],
      [2n, 'bob', null, true, null, 7, 2n, false],
      [3n, null, 30, true, null, 7, 3n, true],
    ]);
    // and as batches: constant columns in the executor's shapes
    const [b] = await collect(readSegmentBatches(seg, v2, { ordinals: [6, 4] }));
    expect(b!.columns[0]!.kind === 'int' && [...b!.columns[0]!.values]).toEqual([7, 7, 7]);
    expect(b!.columns[1]!.kind === 'bool' && [...b!.columns[1]!.values]).toEqual([1, 1, 1]);
  });

  it('DROP COLUMN: the dropped column is not read, the others keep their ordinals', async () => {
    const v2 = tableDef([
      { name: 'id', type: INT8, primaryKey: true, ordinal: 1 },
      { name: 'score', type: INT4, ordinal: 3 },
    ], { schemaVersion: 2 });
    expect(await readSegmentRows(await segment(), v2)).toEqual([
      [1n, 10, 1n, false],
      [2n, null, 2n, false],
      [3n, 30, 3n, true],
    ]);
  });

  it('DROP then ADD of the same name: the new column (new ordinal) does not see the old data', async () => {
    const v3 = tableDef([
      { name: 'id', type: INT8, primaryKey: true, ordinal: 1 },
      { name: 'score', type: INT4, ordinal: 3 },
      { name: 'name', type: TEXT, ordinal: 4 },
    ], { schemaVersion: 3 });
    expect((await readSegmentRows(await segment(), v3)).map((r) => r[2])).toEqual([null, null, null]);
  });

  it('RENAME COLUMN: found by ordinal under its new name', async () => {
    const v2 = tableDef([
      { name: 'id', type: INT8, primaryKey: true },
      { name: 'full_name', type: TEXT },
      { name: 'points', type: INT4 },
    ], { schemaVersion: 2 });
    expect((await readSegmentRows(await segment(), v2, { ordinals: [3, 2] })).map((r) => [r[1], r[2]])).toEqual([
      ['ann', 10], ['bob', null], [null, 30],
    ]);
  });

  it('a column whose type changed since the write reads as NULL, never misread (ALTER COLUMN TYPE superseded every such row)', async () => {
    const v2 = tableDef([
      { name: 'id', type: INT8, primaryKey: true },
      { name: 'name', type: TEXT },
      { name: 'score', type: INT8 },
    ], { schemaVersion: 2 });
    const rows = await readSegmentRows(await segment(), v2);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[2] === null)).toBe(true);
    expect(rows.map((r) => r[1])).toEqual((await readSegmentRows(await segment(), v2, { ordinals: [2] })).map((r) => r[1]));
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
