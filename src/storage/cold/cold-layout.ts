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

export class ColdLayout {
  private readonly keys = new Map<LayoutGroup, Keys>();
  private keyBytes = 0;

  private constructor(
    readonly segments: readonly ColdSegment[],
    readonly count: number,
    /** Groups in position order of their first row (a merged region's groups by first key). */
    readonly groups: readonly LayoutGroup[],
    private readonly regions: readonly Region[],
    /** 1 for positions that hold no live row (superseded, or a tombstone); null when none. */
    readonly dead: Uint8Array | null,
  ) {}

  /** Lays out `segs` (in manifest order) as read under `table`. */
  static async of(segs: readonly ColdSegment[], table: TableDefinition): Promise<ColdLayout> {
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
        : await mergeRegion(run, start, segs, table, dead);
      if (run.length === 1 && run[0]!.seg.segment.meta.deletedCount > 0) tombstoneChecks.push(members[0]!);
      const first = run[0]!.firstKey;
      const last = run.reduce((k, it) => (Buffer.compare(it.lastKey, k) > 0 ? it.lastKey : k), run[0]!.lastKey);
      regions.push({ start, end: start + rows, firstKey: first, lastKey: last, groups: members });
      groups.push(...members);
      start += rows;
    }
    await markTombstones(tombstoneChecks, table, dead);
    return new ColdLayout(segs, count, groups, regions, dead.flags);
  }

  /** Bytes held beyond the segments' footers: the dead flags, merged groups' positions, loaded keys. */
  get bytes(): number {
    let n = this.dead === null ? 0 : this.dead.length;
    for (const g of this.groups) n += g.at === null ? 0 : g.at.byteLength;
    return n + this.keyBytes;
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
    for (const pk of pks) for (const g of this.groupsHolding(pk)) if (!this.keys.has(g)) wanted.add(g);
    if (wanted.size === 0) return;
    for (const [seg, groups] of bySegment([...wanted])) {
      const list = groups.map((g) => g.group).sort((a, b) => a - b);
      for await (const b of readSegmentColumns(seg.segment, table, { ordinals: [], rowGroups: list, keys: true })) {
        const g = groups.find((x) => x.group === b.rowGroup)!;
        const keys = ownKeys(b.keys!);
        this.keys.set(g, keys);
        this.keyBytes += keys.bytes.length + keys.offsets.byteLength;
      }
    }
  }

  /** Whether find and lowerBound can answer for `pk` without reading (its groups' keys are loaded). */
  keysLoaded(pk: Buffer): boolean {
    return this.groupsHolding(pk).every((g) => this.keys.has(g));
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
    const k = this.keys.get(g);
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

/** A segment's groups of one region, read one at a time, in key order. */
class Stream {
  private next = 0;
  keys: Keys | null = null;
  seq: BigInt64Array | null = null;
  deleted: Uint8Array | null = null;
  at: Int32Array | null = null;
  i = 0;

  constructor(
    private readonly seg: ColdSegment,
    /** The segment's place in the manifest. */
    readonly order: number,
    private readonly groups: readonly (Omit<LayoutGroup, 'start' | 'at'> & { at: Int32Array })[],
  ) {}

  get done(): boolean {
    return this.keys === null;
  }

  /** Moves to the next group once the current one is used up (or to the first). */
  async fill(table: TableDefinition): Promise<void> {
    while (this.keys === null || this.i >= this.seq!.length) {
      if (this.next >= this.groups.length) {
        this.keys = null;
        return;
      }
      const g = this.groups[this.next++]!;
      for await (const b of readSegmentColumns(this.seg.segment, table, { ordinals: [], rowGroups: [g.group], seq: true, deleted: true, keys: true })) {
        this.keys = b.keys;
        this.seq = b.seq;
        this.deleted = b.deleted;
      }
      this.at = g.at;
      this.i = 0;
    }
  }

  /** Compares this stream's current key with `other`'s. */
  compare(other: Stream): number {
    const a = this.keys!;
    const b = other.keys!;
    return a.bytes.compare(b.bytes, b.offsets[other.i]!, b.offsets[other.i + 1]!, a.offsets[this.i]!, a.offsets[this.i + 1]!);
  }
}

/**
 * Positions for the versions of a region's groups, in key order: a k-way merge of the segments'
 * streams (a segment holds each key once, in order). Of a key's versions the newest `_seq` lives
 * unless it is a tombstone; on equal `_seq` (a row flushed twice) the later segment's copy does.
 */
async function mergeRegion(
  run: readonly Omit<LayoutGroup, 'start' | 'at'>[], start: number, segs: readonly ColdSegment[], table: TableDefinition, dead: DeadFlags,
): Promise<LayoutGroup[]> {
  const members = run.map((it) => ({ ...it, start, at: new Int32Array(it.rows) }));
  const perSeg = new Map<ColdSegment, typeof members>();
  for (const m of members) {
    const list = perSeg.get(m.seg);
    if (list) list.push(m);
    else perSeg.set(m.seg, [m]);
  }
  // In manifest order, so that a tie on `_seq` goes to the later segment.
  const streams = [...perSeg].map(([seg, list]) => new Stream(seg, segs.indexOf(seg), list.sort((a, b) => a.group - b.group)));
  streams.sort((a, b) => a.order - b.order);
  for (const s of streams) await s.fill(table);
  let pos = start;
  const tied: Stream[] = [];
  for (;;) {
    tied.length = 0;
    for (const s of streams) {
      if (s.done) continue;
      const c = tied.length === 0 ? -1 : s.compare(tied[0]!);
      if (c < 0) {
        tied.length = 0;
        tied.push(s);
      } else if (c === 0) tied.push(s);
    }
    if (tied.length === 0) break;
    let best = tied[0]!;
    for (const s of tied) if (s.seq![s.i]! >= best.seq![best.i]!) best = s;
    for (const s of tied) {
      s.at![s.i] = pos;
      if (s !== best || best.deleted![best.i] === 1) dead.mark(pos);
      pos++;
      s.i++;
    }
    for (const s of tied) await s.fill(table);
  }
  return members;
}

/** A copy of a batch's keys that does not pin the batch's buffers. */
function ownKeys(k: Keys): Keys {
  const base = k.offsets[0]!;
  const end = k.offsets[k.offsets.length - 1]!;
  const offsets = new Int32Array(k.offsets.length);
  for (let i = 0; i < offsets.length; i++) offsets[i] = k.offsets[i]! - base;
  return { bytes: Buffer.from(k.bytes.subarray(base, end)), offsets };
}

/** Binary search of sorted keys: the first index whose key is ≥ `pk`, and whether it is equal. */
function search(keys: Keys, pk: Buffer): { index: number; found: boolean } {
  const { bytes, offsets } = keys;
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pk.compare(bytes, offsets[mid]!, offsets[mid + 1]!) > 0) lo = mid + 1;
    else hi = mid;
  }
  const found = lo < offsets.length - 1 && pk.compare(bytes, offsets[lo]!, offsets[lo + 1]!) === 0;
  return { index: lo, found };
}
