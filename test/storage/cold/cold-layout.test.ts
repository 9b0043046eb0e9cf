/**
 * ColdLayout and the column reads over it (executor/columnar/cold-columns.ts) against a model of
 * merged reads: real Parquet segments with tiny row groups, written as successive flushes of one
 * scope would be — overlapping keys, updates, tombstones, a row flushed twice — laid out, their
 * live positions read as columns, and compared with "per key the newest `_seq`, unless a tombstone".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ColdLayout } from '../../../src/storage/cold/cold-layout.js';
import { ColdSegment } from '../../../src/storage/cold/cold-segment.js';
import { writeSegmentFile } from '../../../src/storage/segments/durable-file.js';
import { manifestEntryOf } from '../../../src/storage/segments/manifest.js';
import { openSegment } from '../../../src/storage/segments/segment-reader.js';
import { encodeSegment } from '../../../src/storage/segments/segment-writer.js';
import { loadColdColumn } from '../../../src/executor/columnar/cold-columns.js';
import { valueAt, type ColumnVector } from '../../../src/executor/columnar/column-vector.js';
import { tableAccess } from '../../../src/executor/table-access.js';
import type { Value } from '../../../src/types/kalam-type.js';
import { seededRandom } from '../../support/seeded-random.js';
import { FLOAT8, INT4, INT8, TEXT, TIMESTAMP, tableDef } from '../segments/table-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'cold-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table = tableDef([
  { name: 'id', type: INT8, primaryKey: true },
  { name: 'v', type: INT4 },
  { name: 's', type: TEXT },
  { name: 't', type: TIMESTAMP },
  { name: 'f', type: FLOAT8 },
]);
const WIDTH = 7;

/** One flush: rows in table layout `[id, v, s, t, f, _seq, _deleted]`, in key order. */
type Flush = Value[][];

let files = 0;
async function segmentOf(rows: Flush, rowGroupRows: number): Promise<ColdSegment> {
  const { bytes, meta } = encodeSegment(table, rows, { rowGroupRows });
  const name = `seg-${files++}.parquet`;
  const seg = await openSegment(await writeSegmentFile(dir, name, bytes));
  return new ColdSegment(seg, manifestEntryOf(name, bytes.length, meta), () => {});
}

/** What merged reads return: per key its newest version (later flush on equal `_seq`), tombstones hiding. */
function model(flushes: readonly Flush[]): Value[][] {
  const best = new Map<bigint, Value[]>();
  for (const f of flushes) {
    for (const row of f) {
      const had = best.get(row[0] as bigint);
      if (!had || (row[5] as bigint) >= (had[5] as bigint)) best.set(row[0] as bigint, row);
    }
  }
  return [...best.values()].filter((r) => r[6] !== true).sort((a, b) => ((a[0] as bigint) < (b[0] as bigint) ? -1 : 1));
}

/** The layout's live rows in position order, every slot read as a column. */
async function liveRows(layout: ColdLayout): Promise<Value[][]> {
  const zeros = new Uint8Array(layout.count);
  const cols: ColumnVector[] = [];
  for (let slot = 0; slot < WIDTH; slot++) cols.push(await loadColdColumn(layout, table, slot, null, zeros));
  const out: Value[][] = [];
  for (let p = 0; p < layout.count; p++) if (layout.dead === null || layout.dead[p] === 0) out.push(cols.map((c) => valueAt(c, p)));
  return out;
}

function randomFlushes(seed: number, rounds: number, keys: number): Flush[] {
  const next = seededRandom(seed);
  let seq = 1000n;
  const flushes: Flush[] = [];
  for (let r = 0; r < rounds; r++) {
    const rows: Flush = [];
    for (let k = 0; k < keys; k++) {
      if (next() > (r === 0 ? 0.8 : 0.25)) continue;
      const deleted = r > 0 && next() < 0.2;
      const id = BigInt(k * 3);
      rows.push(deleted
        ? [id, null, null, null, null, seq++, true]
        : [id, next() < 0.1 ? null : Math.floor(next() * 1000) - 500, next() < 0.1 ? null : `s${k}-${r}-é`, BigInt(Math.floor(next() * 1e12)) - 500_000_000_000n, next() * 10, seq++, false]);
    }
    if (rows.length > 0) flushes.push(rows);
  }
  return flushes;
}

describe('a cold layout', () => {
  it('lays out segments without overlap whole, reading no key, and marks their tombstones dead', async () => {
    const a: Flush = [[1n, 1, 'a', 10n, 1.5, 100n, false], [2n, 2, 'b', 20n, 2.5, 101n, false]];
    const b: Flush = [[5n, 5, null, null, null, 102n, false], [6n, null, null, null, null, 103n, true], [7n, 7, 'g', 70n, -0, 104n, false]];
    const layout = await ColdLayout.of([await segmentOf(b, 2), await segmentOf(a, 2)], table);
    expect(layout.groups.every((g) => g.at === null)).toBe(true);
    expect(layout.count).toBe(5);
    expect([...layout.dead!]).toEqual([0, 0, 0, 1, 0]);
    expect(await liveRows(layout)).toEqual(model([a, b]));
  });

  it('merges overlapping flushes: newest `_seq` wins, tombstones hide, a row flushed twice is one row', async () => {
    const first: Flush = [[1n, 1, 'x', 1n, 1, 10n, false], [2n, 2, 'y', 2n, 2, 11n, false], [3n, 3, 'z', 3n, 3, 12n, false], [4n, 4, 'w', 4n, 4, 13n, false]];
    const second: Flush = [[2n, 20, 'Y', 2n, 2, 20n, false], [3n, null, null, null, null, 21n, true], [9n, 9, 'n', 9n, 9, 22n, false]];
    const again: Flush = [[2n, 20, 'Y', 2n, 2, 20n, false]]; // the crash after listing, before the hot rows went
    const segs = [await segmentOf(first, 2), await segmentOf(second, 2), await segmentOf(again, 2)];
    const layout = await ColdLayout.of(segs, table);
    expect(layout.count).toBe(8);
    expect(await liveRows(layout)).toEqual(model([first, second, again]));
    expect(await liveRows(layout)).toEqual([first[0], second[0], first[3], second[2]]);
  });

  it.each([1, 2, 3, 4, 5])('agrees with the model on random overlapping flushes (seed %i)', async (seed) => {
    const flushes = randomFlushes(seed, 5, 40);
    const segs = [];
    for (const f of flushes) segs.push(await segmentOf(f, 1 + (seed % 4)));
    const layout = await ColdLayout.of(segs, table);
    expect(layout.count).toBe(flushes.reduce((n, f) => n + f.length, 0));
    expect(await liveRows(layout)).toEqual(model(flushes));
  });

  it('agrees with the model as many overlapping flushes arrive, each laid out with the keys the last layout read', async () => {
    const flushes = randomFlushes(77, 25, 300);
    const segs: ColdSegment[] = [];
    let layout: ColdLayout | null = null;
    for (const [i, f] of flushes.entries()) {
      segs.push(await segmentOf(f, 5 + (i % 7)));
      layout = await ColdLayout.of(segs, table, layout);
      if (i % 6 === 5) expect(await liveRows(layout), `after flush ${i}`).toEqual(model(flushes.slice(0, i + 1)));
    }
    expect(await liveRows(layout!)).toEqual(model(flushes));
  });

  it('finds every stored version of a key and where a key would go, once the keys are loaded', async () => {
    const flushes = randomFlushes(9, 4, 30);
    const segs = [];
    for (const f of flushes) segs.push(await segmentOf(f, 3));
    const layout = await ColdLayout.of(segs, table);
    const pk = (id: bigint): Buffer => tableAccess(table).pkBytes(null, [id, null, null, null, null, 0n, false]);
    const probes = Array.from({ length: 100 }, (_, i) => BigInt(i - 5));
    await layout.loadKeys(probes.map(pk), table);
    const ids = await loadColdColumn(layout, table, 0, null, new Uint8Array(layout.count));
    const idAt = (p: number): bigint => valueAt(ids, p) as bigint;
    for (const id of probes) {
      const versions = flushes.flat().filter((r) => r[0] === id).length;
      const found = layout.find(pk(id));
      expect(found, `versions of ${id}`).toHaveLength(versions);
      for (const p of found) expect(idAt(p)).toBe(id);
      const at = layout.lowerBound(pk(id));
      // Positions are in key order: every one before `at` holds a smaller key, the one at it no smaller.
      if (at > 0) expect(idAt(at - 1) < id).toBe(true);
      if (at < layout.count) expect(idAt(at) >= id).toBe(true);
    }
  });

  it('copies the columns of row groups an earlier layout read, and reads only the new ones', async () => {
    const flushes = randomFlushes(21, 4, 30);
    const segs = [];
    for (const f of flushes) segs.push(await segmentOf(f, 2));
    const before = await ColdLayout.of(segs.slice(0, 2), table);
    const after = await ColdLayout.of(segs, table);
    for (let slot = 0; slot < WIDTH; slot++) {
      const old = await loadColdColumn(before, table, slot, null, new Uint8Array(before.count));
      const fresh = await loadColdColumn(after, table, slot, null, new Uint8Array(after.count));
      const copied = await loadColdColumn(after, table, slot, { layout: before, column: old }, new Uint8Array(after.count));
      const values = (c: ColumnVector): Value[] => Array.from({ length: after.count }, (_, p) => valueAt(c, p));
      expect(values(copied), `slot ${slot}`).toEqual(values(fresh));
    }
  });
});
