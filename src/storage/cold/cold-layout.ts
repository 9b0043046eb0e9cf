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
 * after the rows they changed) form a region whose versions are merged by key once, reading only
 * `_key`, `_seq` and `_deleted`: of one key's versions the newest `_seq` is live unless it is a
 * tombstone, and row r of such a group is at `at[r]`.
 *
 *   segment 1   [1 ……………… 500] [501 ……………… 900]
 *   segment 2                [42, 77, 300, 650]        ← updates of four rows, flushed later
 *   layout      one region of three groups: 1, 42, 42', 43, …, 77, 77', …, 900 (primes live)
 *
 * Keys of a group are read on demand (loadKeys) for the point questions a mirror asks when hot
 * rows shadow cold ones: which positions hold a key (find) and where a key would go (lowerBound).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { readSegmentColumns, type KeyColumn } from '../segments/segment-reader.js';
import type { ColdSegment } from './cold-segment.js';

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

/** A group's keys, as read: `bytes[offsets[i] .. offsets[i + 1])`. */
type Keys = KeyColumn;

/**
 * Keys read so far, by segment and row group. A layout of the same scope's later segments takes
 * over those of the segments it still has: a flush then costs the keys of its own segment.
 */
class KeyCache {
  private readonly bySeg = new Map<ColdSegment, Map<number, Keys>>();
  bytes = 0;

  constructor(earlier: KeyCache | null, segs: readonly ColdSegment[]) {
    if (earlier === null) return;
    for (const seg of segs) {
      const m = earlier.bySeg.get(seg);
      if (!m) continue;
      this.bySeg.set(seg, m);
      for (const k of m.values()) this.bytes += keyBytes(k);
    }
  }

  get(seg: ColdSegment, group: number): Keys | undefined {
    return this.bySeg.get(seg)?.get(group);
  }

  set(seg: ColdSegment, group: number, keys: Keys): void {
    let m = this.bySeg.get(seg);
    if (!m) this.bySeg.set(seg, (m = new Map()));
    if (m.has(group)) return;
    const own = ownKeys(keys);
    m.set(group, own);
    this.bytes += keyBytes(own);
  }
}

function keyBytes(k: Keys): number {
  return k.bytes.length + k.offsets.byteLength;
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

/** Dead flags, allocated at the first dead position. */
class DeadFlags {
  flags: Uint8Array | null = null;
  constructor(private readonly count: number) {}
  mark(pos: number): void {
    (this.flags ??= new Uint8Array(this.count))[pos] = 1;
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

/** A group of a merged region, with what the merge reads of it. */
interface MergeGroup extends LayoutGroup {
  readonly at: Int32Array;
  keys: Keys;
  seq: BigInt64Array;
  deleted: Uint8Array;
}

/** One segment's groups of a region, in key order (a segment holds each key once, in order). */
class Stream {
  private g = 0;
  i = 0;

  constructor(readonly order: number, private readonly groups: readonly MergeGroup[]) {}

  get done(): boolean {
    return this.g >= this.groups.length;
  }

  get group(): MergeGroup {
    return this.groups[this.g]!;
  }

  advance(n: number): void {
    this.i += n;
    while (!this.done && this.i >= this.group.rows) {
      this.g++;
      this.i = 0;
    }
  }

  /** This stream's current key compared with `o`'s. */
  compare(o: Stream): number {
    const a = this.group.keys;
    const b = o.group.keys;
    return a.bytes.compare(b.bytes, b.offsets[o.i]!, b.offsets[o.i + 1]!, a.offsets[this.i]!, a.offsets[this.i + 1]!);
  }

  /** How many rows from the current one, within its group, have keys below `o`'s current key. */
  runBelow(o: Stream): number {
    const k = o.group.keys;
    const key = k.bytes.subarray(k.offsets[o.i]!, k.offsets[o.i + 1]!);
    return search(this.group.keys, key, this.i).index - this.i;
  }
}

/** A binary heap of streams, smallest current key on top. */
class StreamHeap {
  private readonly items: Stream[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Stream {
    return this.items[0]!;
  }

  push(s: Stream): void {
    const a = this.items;
    a.push(s);
    for (let i = a.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (a[up]!.compare(a[i]!) <= 0) break;
      [a[up], a[i]] = [a[i]!, a[up]!];
      i = up;
    }
  }

  pop(): Stream {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]!.compare(a[m]!) < 0) m = l;
        if (r < a.length && a[r]!.compare(a[m]!) < 0) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Positions for the versions of a region's groups, in key order: a merge of the segments'
 * streams that takes whole runs at once — the rows of one stream below every other stream's next
 * key, found by binary search — so it costs the interleavings, not the rows. Of a key's versions
 * the newest `_seq` lives unless it is a tombstone; on equal `_seq` (a row flushed twice) the
 * later segment's copy does.
 */
async function mergeRegion(
  run: readonly Omit<LayoutGroup, 'start' | 'at'>[], start: number, segs: readonly ColdSegment[], table: TableDefinition,
  dead: DeadFlags, cache: KeyCache,
): Promise<LayoutGroup[]> {
  const members: MergeGroup[] = run.map((it) => ({
    ...it, start, at: new Int32Array(it.rows), keys: EMPTY_KEYS, seq: EMPTY_SEQ, deleted: EMPTY_FLAGS,
  }));
  const perSeg = new Map<ColdSegment, MergeGroup[]>();
  for (const m of members) {
    const list = perSeg.get(m.seg);
    if (list) list.push(m);
    else perSeg.set(m.seg, [m]);
  }
  const heap = new StreamHeap();
  for (const [seg, list] of perSeg) {
    list.sort((a, b) => a.group - b.group);
    const byGroup = new Map(list.map((m) => [m.group, m]));
    const keys = list.some((m) => cache.get(seg, m.group) === undefined);
    for await (const b of readSegmentColumns(seg.segment, table, { ordinals: [], rowGroups: [...byGroup.keys()], seq: true, deleted: true, keys })) {
      const m = byGroup.get(b.rowGroup)!;
      if (b.keys !== null) cache.set(seg, b.rowGroup, b.keys);
      m.keys = cache.get(seg, b.rowGroup)!;
      m.seq = b.seq!;
      m.deleted = b.deleted!;
    }
    heap.push(new Stream(segs.indexOf(seg), list));
  }
  let pos = start;
  const take = (s: Stream, n: number): void => {
    const g = s.group;
    for (let r = s.i; r < s.i + n; r++) {
      g.at[r] = pos;
      if (g.deleted[r] === 1) dead.mark(pos);
      pos++;
    }
    s.advance(n);
  };
  const tied: Stream[] = [];
  while (heap.size > 0) {
    const s = heap.pop();
    if (heap.size === 0) {
      while (!s.done) take(s, s.group.rows - s.i);
      break;
    }
    if (s.compare(heap.peek()) < 0) {
      take(s, s.runBelow(heap.peek()));
      if (!s.done) heap.push(s);
      continue;
    }
    tied.length = 0;
    tied.push(s);
    while (heap.size > 0 && heap.peek().compare(s) === 0) tied.push(heap.pop());
    let best = s;
    for (const t of tied) {
      const a = t.group.seq[t.i]!;
      const b = best.group.seq[best.i]!;
      if (a > b || (a === b && t.order > best.order)) best = t;
    }
    const bestDeleted = best.group.deleted[best.i] === 1;
    for (const t of tied) {
      t.group.at[t.i] = pos;
      if (t !== best || bestDeleted) dead.mark(pos);
      pos++;
      t.advance(1);
      if (!t.done) heap.push(t);
    }
  }
  // Only the positions stay: the merge's reads go (keys stay in the cache).
  return members.map(({ seg, group, rows, firstKey, lastKey, start: at0, at }) => ({ seg, group, rows, firstKey, lastKey, start: at0, at }));
}

const EMPTY_KEYS: Keys = { bytes: Buffer.alloc(0), offsets: new Int32Array(1) };
const EMPTY_SEQ = new BigInt64Array(0);
const EMPTY_FLAGS = new Uint8Array(0);

/** A copy of a batch's keys that does not pin the batch's buffers. */
function ownKeys(k: Keys): Keys {
  const base = k.offsets[0]!;
  const end = k.offsets[k.offsets.length - 1]!;
  const offsets = new Int32Array(k.offsets.length);
  for (let i = 0; i < offsets.length; i++) offsets[i] = k.offsets[i]! - base;
  return { bytes: Buffer.from(k.bytes.subarray(base, end)), offsets };
}

/** Binary search of sorted keys (from `from`): the first index whose key is ≥ `pk`, and whether it is equal. */
function search(keys: Keys, pk: Buffer, from = 0): { index: number; found: boolean } {
  const { bytes, offsets } = keys;
  let lo = from;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pk.compare(bytes, offsets[mid]!, offsets[mid + 1]!) > 0) lo = mid + 1;
    else hi = mid;
  }
  const found = lo < offsets.length - 1 && pk.compare(bytes, offsets[lo]!, offsets[lo + 1]!) === 0;
  return { index: lo, found };
}
