/**
 * A segment's row group as the row store's entries: full row keys (scope prefix + `_key`) in key
 * order and the rows encoded as hot rows are (row-codec.ts, under the table's current version, so
 * added columns carry their defaults), tombstones included. Decoded groups are cached within a
 * byte budget, least recently used first out: point reads of cold rows then cost a binary search.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { tableAccess } from '../../executor/table-access.js';
import { valueAt } from '../../executor/columnar/column-vector.js';
import type { Value } from '../../types/kalam-type.js';
import { encodeRow } from '../row-codec.js';
import { readSegmentBatches } from '../segments/segment-reader.js';
import type { ColdSegment } from './cold-segment.js';

export interface GroupEntries {
  readonly keys: readonly Buffer[];
  readonly values: readonly Buffer[];
  readonly seqs: BigInt64Array;
  readonly bytes: number;
}

const ENTRY_OVERHEAD = 64;

async function decodeGroup(seg: ColdSegment, group: number, def: TableDefinition, prefix: Buffer): Promise<GroupEntries> {
  const access = tableAccess(def);
  const keys: Buffer[] = [];
  const values: Buffer[] = [];
  let seqs: BigInt64Array = new BigInt64Array(0);
  let bytes = 0;
  for await (const b of readSegmentBatches(seg.segment, def, { rowGroups: [group], keys: true })) {
    seqs = b.seq;
    const row: Value[] = new Array(access.width).fill(null);
    for (let r = 0; r < b.rowCount; r++) {
      const key = Buffer.concat([prefix, b.keys![r]!]);
      let value: Buffer;
      if (b.deleted[r] === 1) value = encodeRow({ seq: b.seq[r]!, deleted: true, schemaVersion: def.schemaVersion, cells: [] });
      else {
        for (let k = 0; k < b.columns.length; k++) row[k] = valueAt(b.columns[k]!, r);
        value = access.encode(row, b.seq[r]!);
      }
      keys.push(key);
      values.push(value);
      bytes += key.length + value.length + ENTRY_OVERHEAD;
    }
  }
  return { keys, values, seqs, bytes };
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

  /** Drops every cached group of segments under `dir`-less paths starting with `pathPrefix`. */
  forget(pathPrefix: string): void {
    for (const [id, g] of this.entries) {
      if (!id.startsWith(pathPrefix)) continue;
      this.entries.delete(id);
      this.bytes -= g.bytes;
    }
  }

  private keep(id: string, g: GroupEntries): void {
    if (g.bytes > this.budgetBytes / 4 || this.entries.has(id)) return;
    this.entries.set(id, g);
    this.bytes += g.bytes;
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
