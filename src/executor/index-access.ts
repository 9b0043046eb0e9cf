/**
 * How one secondary index's entries map onto RocksDB (key-layout.ts `i …`), beside TableAccess
 * for rows. Every entry's value is the row's primary-key bytes, so a lookup is a prefix scan of
 * the index then one getMany of the rows:
 *
 *   unique, no NULL in the key:  i <storageId> <partition> <values>        → pk
 *   otherwise:                   i <storageId> <partition> <values> <pk>   → pk
 *
 * A unique entry's key is the values alone, so two transactions inserting the same value write
 * the same key and the row store's first-committer-wins rule (row-store.ts) makes the second
 * commit fail with 23505 — the way primary-key conflicts are caught. NULLs are distinct (as in
 * PostgreSQL): an entry holding one carries the pk and never collides.
 *
 * Entries are kept in ascending key order whatever DESC/NULLS FIRST say: only equality lookups
 * read them today.
 */
import { isBtree, type IndexDefinition, type TableDefinition } from '../catalog/table-definition.js';
import { indexKey, indexPrefix } from '../storage/key-layout.js';
import { encodeKey, prefixEnd } from '../storage/keycode.js';
import { KalamDataType, type Value } from '../types/kalam-type.js';
import type { TableAccess } from './table-access.js';
import { tableAccess } from './table-access.js';

const EMPTY = new Uint8Array(0);
const INTEGERS = new Set([KalamDataType.SMALLINT, KalamDataType.INT, KalamDataType.BIGINT]);

export class IndexAccess {
  /** Positions (in the table's columns) of the key columns, in index order. */
  readonly positions: number[];
  readonly kalams: KalamDataType[];
  private readonly rows: TableAccess;

  constructor(readonly table: TableDefinition, readonly index: IndexDefinition) {
    this.rows = tableAccess(table);
    this.positions = index.columns.map((o) => table.columns.findIndex((c) => c.ordinal === o));
    this.kalams = this.positions.map((p) => table.columns[p]!.type.kalam);
  }

  private part(partition: string | null): string | null {
    return this.rows.partitioned ? partition : null;
  }

  values(row: readonly Value[]): Value[] {
    return this.positions.map((p) => row[p]!);
  }

  /** The entry for a full row (table layout). */
  entryKey(partition: string | null, row: readonly Value[]): Buffer {
    const vals = this.values(row);
    const encoded = encodeKey(vals, this.kalams);
    const distinct = this.index.unique && !vals.includes(null);
    return indexKey(this.index.storageId, this.part(partition), encoded, distinct ? EMPTY : this.rows.pkBytes(partition, row));
  }

  /** Whether the row's entry collides with other rows' (a unique index, no NULL in the key). */
  collides(row: readonly Value[]): boolean {
    return this.index.unique && !this.positions.some((p) => row[p] === null);
  }

  sameEntry(a: readonly Value[], b: readonly Value[]): boolean {
    return this.rows.keyOf(null, a).equals(this.rows.keyOf(null, b))
      && encodeKey(this.values(a), this.kalams).equals(encodeKey(this.values(b), this.kalams));
  }

  /** The range of entries whose leading key columns equal `prefix` (values in index order). */
  range(partition: string | null, prefix: readonly Value[]): [Buffer, Buffer] {
    const lo = indexKey(this.index.storageId, this.part(partition), encodeKey(prefix.map((v, i) => toKalam(v, this.kalams[i]!)), this.kalams.slice(0, prefix.length)), EMPTY);
    return [lo, prefixEnd(lo)];
  }

  /** Every entry of one partition. */
  partitionRange(partition: string | null): [Buffer, Buffer] {
    const p = indexPrefix(this.index.storageId, this.part(partition));
    return [p, prefixEnd(p)];
  }
}

/** An integer value in the representation of an integer column of another width. */
export function toKalam(v: Value, kalam: KalamDataType): Value {
  if (!INTEGERS.has(kalam) || (typeof v !== 'number' && typeof v !== 'bigint')) return v;
  return kalam === KalamDataType.BIGINT ? BigInt(v) : Number(v);
}

const cache = new WeakMap<TableDefinition, Map<number, IndexAccess>>();

export function indexAccess(table: TableDefinition, index: IndexDefinition): IndexAccess {
  let m = cache.get(table);
  if (!m) cache.set(table, (m = new Map()));
  let a = m.get(index.oid);
  if (!a) m.set(index.oid, (a = new IndexAccess(table, index)));
  return a;
}

/** The table's b-tree indexes that have entries of their own (all but the primary key's; vector indexes live in src/vector). */
export function secondaryIndexes(table: TableDefinition): IndexAccess[] {
  return (table.indexes ?? []).filter((i) => !i.primary && isBtree(i)).map((i) => indexAccess(table, i));
}
