/**
 * The live rows of one cold scope in a key range: its segments' row groups that overlap the range,
 * merged by key — newest `_seq` wins, tombstones hide — without an await per row.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { ColdSegment } from './cold-segment.js';
import { lowerBoundKey, type GroupCache, type GroupEntries } from './group-entries.js';

type Entry = [Buffer, Buffer];

/** Row groups of `seg` whose keys may fall in [gte, lt) (`pkGte`/`pkLt`: the bounds without the scope prefix; null = open). */
export function groupsOverlapping(seg: ColdSegment, pkGte: Buffer | null, pkLt: Buffer | null): number[] {
  const out: number[] = [];
  seg.segment.meta.rowGroups.forEach((g, i) => {
    if (pkGte !== null && Buffer.compare(g.lastKey, pkGte) < 0) return;
    if (pkLt !== null && Buffer.compare(g.firstKey, pkLt) >= 0) return;
    out.push(i);
  });
  return out;
}

class SegmentCursor {
  private entries: GroupEntries | null = null;
  private i = 0;
  private next = 0;
  done = false;

  constructor(private readonly seg: ColdSegment, private readonly groups: readonly number[]) {}

  get ready(): boolean {
    return this.entries !== null && this.i < this.entries.keys.length;
  }

  get key(): Buffer {
    return this.entries!.keys[this.i]!;
  }

  get value(): Buffer {
    return this.entries!.value(this.i);
  }

  get tombstone(): boolean {
    return this.entries!.isTombstone(this.i);
  }

  get seq(): bigint {
    return this.entries!.seqs[this.i]!;
  }

  advance(lt: Buffer): void {
    this.i++;
    if (this.ready && Buffer.compare(this.key, lt) >= 0) this.done = true;
  }

  /** Loads the next overlapping group once the current one is used up. */
  async fill(cache: GroupCache, def: TableDefinition, prefix: Buffer, gte: Buffer, lt: Buffer): Promise<void> {
    while (!this.done && !this.ready) {
      if (this.next >= this.groups.length) {
        this.done = true;
        return;
      }
      this.entries = await cache.get(this.seg, this.groups[this.next++]!, def, prefix);
      this.i = lowerBoundKey(this.entries.keys, gte);
      if (this.ready && Buffer.compare(this.key, lt) >= 0) this.done = true;
    }
  }
}

const BATCH = 1024;

/**
 * The merged rows of `segs` in [gte, lt): tombstones left out, or with `keepTombstones` kept (a
 * merge of some of a scope's segments must keep them: they may hide rows in the others).
 */
export async function* scopeRows(
  cache: GroupCache, def: TableDefinition, prefix: Buffer, segs: readonly ColdSegment[], gte: Buffer, lt: Buffer, keepTombstones = false,
): AsyncGenerator<Entry[]> {
  const lo = Buffer.compare(gte, prefix) > 0 ? gte : prefix;
  const pkGte = lo.length > prefix.length ? lo.subarray(prefix.length) : null;
  const pkLt = Buffer.compare(lt.subarray(0, prefix.length), prefix) === 0 ? lt.subarray(prefix.length) : null;
  // Segments in manifest order (older first): on equal `_seq` (a row flushed twice) the newer copy wins.
  const cursors = segs.map((s) => new SegmentCursor(s, groupsOverlapping(s, pkGte, pkLt)));
  let out: Entry[] = [];
  for (;;) {
    let best: SegmentCursor | null = null;
    for (const c of cursors) {
      if (!c.done && !c.ready) await c.fill(cache, def, prefix, lo, lt);
      if (c.done || !c.ready) continue;
      if (best === null) best = c;
      else {
        const cmp = Buffer.compare(c.key, best.key);
        if (cmp < 0 || (cmp === 0 && c.seq >= best.seq)) best = c;
      }
    }
    if (best === null) break;
    const key = best.key;
    const value = best.tombstone && !keepTombstones ? null : best.value;
    for (const c of cursors) if (c.ready && !c.done && Buffer.compare(c.key, key) === 0) c.advance(lt);
    if (value !== null) out.push([key, value]);
    if (out.length >= BATCH) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}
