/**
 * A segment's row group as the row store's entries: full row keys (scope prefix + `_key`) in key
 * order, `_seq`s, tombstone flags, and the rows' columns as decoded from Parquet (under the table's
 * current version, so added columns carry their defaults). A row's value — encoded as hot rows are
 * (row-codec.ts) — is made the first time it is asked for: a point read of a cold row encodes that
 * one row, not its whole group. Decoded groups are cached within a byte budget, least recently used
 * first out: point reads of cold rows then cost a binary search.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { tableAccess, type TableAccess } from '../../executor/table-access.js';
import { valueAt, type ColumnVector } from '../../executor/columnar/column-vector.js';
import type { Value } from '../../types/kalam-type.js';
import { encodeRow } from '../row-codec.js';
import { readSegmentBatches } from '../segments/segment-reader.js';
import type { ColdSegment } from './cold-segment.js';

const ENTRY_OVERHEAD = 48;
/** Decoded column bytes per row, as a rough estimate for the budget. */
const ROW_BYTES = 64;

export class GroupEntries {
  private readonly values: (Buffer | undefined)[];
  private readonly row: Value[];

  constructor(
    readonly keys: readonly Buffer[],
    readonly seqs: BigInt64Array,
    private readonly deleted: Uint8Array,
    private readonly columns: readonly ColumnVector[],
    private readonly access: TableAccess,
    private readonly schemaVersion: number,
  ) {
    this.values = new Array<Buffer | undefined>(keys.length);
    this.row = new Array<Value>(access.width).fill(null);
  }

  get bytes(): number {
    let n = this.keys.length * (ENTRY_OVERHEAD + ROW_BYTES);
    for (const k of this.keys) n += k.length;
    return n;
  }

  isTombstone(i: number): boolean {
    return this.deleted[i] === 1;
  }

  /** Row i encoded as a hot row (a tombstone's value for a tombstone). */
  value(i: number): Buffer {
    let v = this.values[i];
    if (v !== undefined) return v;
    if (this.deleted[i] === 1) v = encodeRow({ seq: this.seqs[i]!, deleted: true, schemaVersion: this.schemaVersion, cells: [] });
    else {
      for (let k = 0; k < this.columns.length; k++) this.row[k] = valueAt(this.columns[k]!, i);
      v = this.access.encode(this.row, this.seqs[i]!);
    }
    this.values[i] = v;
    return v;
  }
}

async function decodeGroup(seg: ColdSegment, group: number, def: TableDefinition, prefix: Buffer): Promise<GroupEntries> {
  const access = tableAccess(def);
  for await (const b of readSegmentBatches(seg.segment, def, { rowGroups: [group], keys: true })) {
    const keys = b.keys!.map((k) => Buffer.concat([prefix, k]));
    return new GroupEntries(keys, b.seq, b.deleted, b.columns, access, def.schemaVersion);
  }
  throw new RangeError(`segment ${seg.path} has no row group ${group}`);
}

export class GroupCache {
  private readonly entries = new Map<string, GroupEntries>();
  private readonly loading = new Map<string, Promise<GroupEntries>>();
  private bytes = 0;

  constructor(readonly budgetBytes: number) {}

  /** The group's entries under `def` (decoded now, or cached from an earlier read under the same definition). */
  async get(seg: ColdSegment, group: number, def: TableDefinition, prefix: Buffer): Promise<GroupEntries> {
    const id = `${seg.path}#${group}#${def.id}.${def.schemaVersion}`;
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit;
    }
    let p = this.loading.get(id);
    if (!p) {
      p = decodeGroup(seg, group, def, prefix).finally(() => this.loading.delete(id));
      this.loading.set(id, p);
      p.then((g) => this.keep(id, g), () => {});
    }
    return p;
  }

  /** Drops every cached group whose id starts with `pathPrefix` (a segment's path and `#`). */
  forget(pathPrefix: string): void {
    for (const [id, g] of this.entries) {
      if (!id.startsWith(pathPrefix)) continue;
      this.entries.delete(id);
      this.bytes -= g.bytes;
    }
  }

  private keep(id: string, g: GroupEntries): void {
    const size = g.bytes;
    if (size > this.budgetBytes / 4 || this.entries.has(id)) return;
    this.entries.set(id, g);
    this.bytes += size;
    for (const [old, v] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(old);
      this.bytes -= v.bytes;
    }
  }
}

/** The index of `key` in the sorted `keys`, or -1. */
export function findKey(keys: readonly Buffer[], key: Buffer): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = Buffer.compare(keys[mid]!, key);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** The index of the first key ≥ `key`. */
export function lowerBoundKey(keys: readonly Buffer[], key: Buffer): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Buffer.compare(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
