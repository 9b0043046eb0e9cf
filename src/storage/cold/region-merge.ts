/**
 * The merge of a layout's region (cold-layout.ts): row groups of several segments whose key
 * ranges overlap, put in key order. Each segment is one stream (it holds a key once, in order); a
 * heap keeps the streams by their next key, and the stream on top takes every row below the next
 * stream's key at once (a binary search), so a merge costs the interleavings, not the rows.
 *
 *   streams   A: 1 2 3 … 41 42 43 … 76 77 78 …        B: 42' 77'
 *   runs      A 1–41 │ tie 42, 42' │ A 43–76 │ tie 77, 77' │ A 78 …
 *
 * Of a key's versions (a tie) the newest `_seq` lives unless it is a tombstone; on equal `_seq`
 * (a row flushed twice) the later segment's copy does. Every version gets a position; the others
 * are marked dead.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { readSegmentColumns } from '../segments/segment-reader.js';
import type { LayoutGroup } from './cold-layout.js';
import { search, type KeyCache, type Keys } from './cold-keys.js';
import type { ColdSegment } from './cold-segment.js';

/** Dead flags, allocated at the first dead position. */
export class DeadFlags {
  flags: Uint8Array | null = null;
  constructor(private readonly count: number) {}
  mark(pos: number): void {
    (this.flags ??= new Uint8Array(this.count))[pos] = 1;
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

/** Positions for every version in a region's groups (`run`, sorted by first key), from `start` on. */
export async function mergeRegion(
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
