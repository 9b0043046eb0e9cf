/**
 * ColdLayout: the stored rows of one cold scope's segments (a SHARED table, or one user's
 * partition) laid out in key order as positions 0 … count-1 — the shape a column mirror of a
 * flushed table reads (executor/columnar/cold-mirror.ts).
 *
 * Every stored version has a position, superseded versions and tombstones too (flagged in `dead`),
 * so a column is read by copying each row group's values to where its rows sit, never by merging
 * rows. Row groups whose key range overlaps no other's (the usual case: a flush writes the keys
 * written since the last one) sit whole, one after another, and lay out without reading a byte:
 * row r of such a group is at `start + r`. Row groups whose key ranges overlap (updates flushed
 * after the rows they changed) form a region whose versions are merged by key once (region-merge.ts),
 * reading only `_key`, `_seq` and `_deleted`: of one key's versions the newest `_seq` is live
 * unless it is a tombstone, and row r of such a group is at `at[r]`.
 *
 *   segment 1   [1 ……………… 500] [501 ……………… 900]
 *   segment 2                [42, 77, 300, 650]        ← updates of four rows, flushed later
 *   layout      one region of three groups: 1, 42, 42', 43, …, 77, 77', …, 900 (primes live)
 *
 * Keys of a group are read on demand (loadKeys) for the point questions a mirror asks when hot
 * rows shadow cold ones: which positions hold a key (find) and where a key would go (lowerBound).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { readSegmentColumns } from '../segments/segment-reader.js';
import { KeyCache, search, type Keys } from './cold-keys.js';
import type { ColdSegment } from './cold-segment.js';
import { DeadFlags, mergeRegion } from './region-merge.js';

export interface LayoutGroup {
  readonly seg: ColdSegment;
  /** The row group's index in its segment. */
  readonly group: number;
  readonly rows: number;
  readonly firstKey: Buffer;
  readonly lastKey: Buffer;
  /** Row r's position: `start + r` when `at` is null (alone in its key range), else `at[r]`. */
  readonly start: number;
  readonly at: Int32Array | null;
}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly firstKey: Buffer;
  readonly lastKey: Buffer;
  readonly groups: readonly LayoutGroup[];
}

export class ColdLayout {
  private constructor(
    private readonly keys: KeyCache,
    readonly segments: readonly ColdSegment[],
    readonly count: number,
    /** Groups in position order of their first row (a merged region's groups by first key). */
    readonly groups: readonly LayoutGroup[],
    private readonly regions: readonly Region[],
    /** 1 for positions that hold no live row (superseded, or a tombstone); null when none. */
    readonly dead: Uint8Array | null,
  ) {}

  /**
   * Lays out `segs` (in manifest order) as read under `table`; `earlier`, a layout of the same
   * scope, lends the keys it has read.
   */
  static async of(segs: readonly ColdSegment[], table: TableDefinition, earlier: ColdLayout | null = null): Promise<ColdLayout> {
    const keys = new KeyCache(earlier?.keys ?? null, segs);
    const items: Omit<LayoutGroup, 'start' | 'at'>[] = [];
    for (const seg of segs) {
      seg.segment.meta.rowGroups.forEach((g, group) => {
        if (g.rows > 0) items.push({ seg, group, rows: g.rows, firstKey: g.firstKey, lastKey: g.lastKey });
      });
    }
    items.sort((a, b) => Buffer.compare(a.firstKey, b.firstKey) || Buffer.compare(a.lastKey, b.lastKey));
    // Regions: runs of groups whose key ranges chain into one another.
    const runs: (typeof items)[] = [];
    let lastKey: Buffer | null = null;
    for (const it of items) {
      if (lastKey !== null && Buffer.compare(it.firstKey, lastKey) <= 0) {
        runs[runs.length - 1]!.push(it);
        if (Buffer.compare(it.lastKey, lastKey) > 0) lastKey = it.lastKey;
      } else {
        runs.push([it]);
        lastKey = it.lastKey;
      }
    }
    const count = items.reduce((n, it) => n + it.rows, 0);
    const dead = new DeadFlags(count);
    const groups: LayoutGroup[] = [];
    const regions: Region[] = [];
    const tombstoneChecks: LayoutGroup[] = [];
    let start = 0;
    for (const run of runs) {
      const rows = run.reduce((n, it) => n + it.rows, 0);
      const members = run.length === 1
        ? [{ ...run[0]!, start, at: null }]
        : await mergeRegion(run, start, segs, table, dead, keys);
      if (run.length === 1 && run[0]!.seg.segment.meta.deletedCount > 0) tombstoneChecks.push(members[0]!);
      const first = run[0]!.firstKey;
      const last = run.reduce((k, it) => (Buffer.compare(it.lastKey, k) > 0 ? it.lastKey : k), run[0]!.lastKey);
      regions.push({ start, end: start + rows, firstKey: first, lastKey: last, groups: members });
      groups.push(...members);
      start += rows;
    }
    await markTombstones(tombstoneChecks, table, dead);
    return new ColdLayout(keys, segs, count, groups, regions, dead.flags);
  }

  /** Bytes held beyond the segments' footers: the dead flags, merged groups' positions, loaded keys. */
  get bytes(): number {
    let n = this.dead === null ? 0 : this.dead.length;
    for (const g of this.groups) n += g.at === null ? 0 : g.at.byteLength;
    return n + this.keys.bytes;
  }

  /** The position of row `r` of `g`. */
  static positionOf(g: LayoutGroup, r: number): number {
    return g.at === null ? g.start + r : g.at[r]!;
  }

  /** The region that holds `pk` or, failing that, the first one after it; undefined past the last. */
  private regionFor(pk: Buffer): Region | undefined {
    let lo = 0;
    let hi = this.regions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(this.regions[mid]!.lastKey, pk) < 0) lo = mid + 1;
      else hi = mid;
    }
    return this.regions[lo];
  }

  /** The groups whose key range holds `pk`: those whose keys find and lowerBound read. */
  private groupsHolding(pk: Buffer): LayoutGroup[] {
    const r = this.regionFor(pk);
    if (r === undefined || Buffer.compare(pk, r.firstKey) < 0) return [];
    return r.groups.filter((g) => Buffer.compare(g.firstKey, pk) <= 0 && Buffer.compare(pk, g.lastKey) <= 0);
  }

  /** Reads the keys of every group that may hold one of `pks` (primary-key bytes, no scope prefix). */
  async loadKeys(pks: Iterable<Buffer>, table: TableDefinition): Promise<void> {
    const wanted = new Set<LayoutGroup>();
    for (const pk of pks) for (const g of this.groupsHolding(pk)) if (this.keys.get(g.seg, g.group) === undefined) wanted.add(g);
    if (wanted.size === 0) return;
    for (const [seg, groups] of bySegment([...wanted])) {
      const list = groups.map((g) => g.group).sort((a, b) => a - b);
      for await (const b of readSegmentColumns(seg.segment, table, { ordinals: [], rowGroups: list, keys: true })) this.keys.set(seg, b.rowGroup, b.keys!);
    }
  }

  /** Whether find and lowerBound can answer for `pk` without reading (its groups' keys are loaded). */
  keysLoaded(pk: Buffer): boolean {
    return this.groupsHolding(pk).every((g) => this.keys.get(g.seg, g.group) !== undefined);
  }

  /** The positions of every stored version of `pk` (loadKeys first). */
  find(pk: Buffer): number[] {
    const out: number[] = [];
    for (const g of this.groupsHolding(pk)) {
      const i = search(this.keysOf(g), pk);
      if (i.found) out.push(ColdLayout.positionOf(g, i.index));
    }
    return out;
  }

  /** The first position whose key is ≥ `pk` (count when none; loadKeys first). */
  lowerBound(pk: Buffer): number {
    const r = this.regionFor(pk);
    if (r === undefined) return this.count;
    if (Buffer.compare(pk, r.firstKey) <= 0) return r.start;
    let best = r.end;
    for (const g of r.groups) {
      if (Buffer.compare(g.lastKey, pk) < 0) continue;
      const i = Buffer.compare(g.firstKey, pk) >= 0 ? 0 : search(this.keysOf(g), pk).index;
      if (i < g.rows) best = Math.min(best, ColdLayout.positionOf(g, i));
    }
    return best;
  }

  private keysOf(g: LayoutGroup): Keys {
    const k = this.keys.get(g.seg, g.group);
    if (k === undefined) throw new Error(`keys of row group ${g.group} of ${g.seg.path} were not loaded`);
    return k;
  }
}

function bySegment(groups: readonly LayoutGroup[]): Map<ColdSegment, LayoutGroup[]> {
  const out = new Map<ColdSegment, LayoutGroup[]>();
  for (const g of groups) {
    const list = out.get(g.seg);
    if (list) list.push(g);
    else out.set(g.seg, [g]);
  }
  return out;
}

/** Marks the tombstones of groups laid out whole (a merged region's are marked by the merge). */
async function markTombstones(groups: readonly LayoutGroup[], table: TableDefinition, dead: DeadFlags): Promise<void> {
  for (const [seg, list] of bySegment(groups)) {
    const byGroup = new Map(list.map((g) => [g.group, g]));
    for await (const b of readSegmentColumns(seg.segment, table, { ordinals: [], rowGroups: [...byGroup.keys()].sort((a, c) => a - c), deleted: true })) {
      const g = byGroup.get(b.rowGroup)!;
      const flags = b.deleted!;
      for (let r = 0; r < flags.length; r++) if (flags[r] === 1) dead.mark(g.start + r);
    }
  }
}

