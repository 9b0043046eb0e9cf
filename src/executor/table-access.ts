/**
 * How one table version's rows look to the executor, and how they map onto RocksDB.
 *
 * A row in flight is a `Value[]` in the table's column order, followed by the two system
 * columns: `[...columns, _seq, _deleted]`. Keys are the table prefix, the partition (the owning
 * user for USER and STREAM tables), then the primary key — or `_seq` for a table without one.
 */
import type { ColumnDefinition, TableDefinition } from '../catalog/table-definition.js';
import { KalamDataType, type Value } from '../types/kalam-type.js';
import { DEFAULT_TYPE_CONTEXT } from '../types/type-context.js';
import { parseText } from '../types/text-codec.js';
import { encodeKey } from '../storage/keycode.js';
import { rowKey, rowPrefix } from '../storage/key-layout.js';
import { decodeRowInto, encodeRowValues } from '../storage/row-codec.js';
import { prefixEnd } from '../storage/keycode.js';
import { SchemaCache } from './schema-cache.js';

export class TableAccess {
  readonly columns: readonly ColumnDefinition[];
  readonly width: number;
  readonly seqIndex: number;
  readonly deletedIndex: number;
  private readonly ordinals: number[];
  private readonly kalams: KalamDataType[];
  /** Positions (in `columns`) of the key columns, in key order. */
  readonly pkPositions: number[];
  private readonly pkKalams: KalamDataType[];
  private readonly missing: Value[];
  private readonly hasMissing: boolean;
  private readonly present: Uint8Array;
  readonly partitioned: boolean;

  constructor(readonly table: TableDefinition) {
    this.columns = table.columns;
    this.width = table.columns.length + 2;
    this.seqIndex = table.columns.length;
    this.deletedIndex = table.columns.length + 1;
    this.ordinals = table.columns.map((c) => c.ordinal);
    this.kalams = table.columns.map((c) => c.type.kalam);
    this.pkPositions = table.primaryKey.map((o) => table.columns.findIndex((c) => c.ordinal === o));
    this.pkKalams = this.pkPositions.map((p) => this.kalams[p]!);
    this.missing = table.columns.map((c) =>
      c.missingValue === undefined ? null : parseText(c.missingValue, c.type, DEFAULT_TYPE_CONTEXT),
    );
    this.hasMissing = this.missing.some((v) => v !== null);
    this.present = new Uint8Array(table.columns.length);
    this.partitioned = table.tableType === 'USER' || table.tableType === 'STREAM';
  }

  partitionPrefix(partition: string | null): Buffer {
    return rowPrefix(this.table.id, this.partitioned ? partition : null);
  }

  partitionRange(partition: string | null): [Buffer, Buffer] {
    const p = this.partitionPrefix(partition);
    return [p, prefixEnd(p)];
  }

  /** The key of a full row (`row` in table layout). */
  keyOf(partition: string | null, row: readonly Value[]): Buffer {
    if (this.pkPositions.length === 0) {
      return rowKey(this.table.id, this.partitioned ? partition : null, encodeKey([row[this.seqIndex]!], [KalamDataType.BIGINT]));
    }
    const vals = this.pkPositions.map((p) => row[p]!);
    return rowKey(this.table.id, this.partitioned ? partition : null, encodeKey(vals, this.pkKalams));
  }

  /** The primary-key part of a full row's key (what follows the partition prefix). */
  pkBytes(partition: string | null, row: readonly Value[]): Buffer {
    return this.keyOf(partition, row).subarray(this.partitionPrefix(partition).length);
  }

  /** The key of a row from its primary-key bytes (an index entry's value). */
  keyOfPkBytes(partition: string | null, pk: Uint8Array): Buffer {
    return rowKey(this.table.id, this.partitioned ? partition : null, pk);
  }

  /** The key for given primary-key values (in key order). */
  keyOfPk(partition: string | null, pk: readonly Value[]): Buffer {
    return rowKey(this.table.id, this.partitioned ? partition : null, encodeKey(pk, this.pkKalams));
  }

  encode(row: readonly Value[], seq: bigint): Buffer {
    return encodeRowValues(
      { seq, deleted: false, schemaVersion: this.table.schemaVersion },
      this.ordinals,
      this.kalams,
      row.length === this.columns.length ? row : row.slice(0, this.columns.length),
    );
  }

  decode(buf: Buffer): Value[] {
    const out: Value[] = new Array(this.width);
    const header = decodeRowInto(buf, this.ordinals, out, this.hasMissing ? this.present : undefined);
    if (this.hasMissing) {
      for (let i = 0; i < this.columns.length; i++) if (this.present[i] === 0) out[i] = this.missing[i]!;
    }
    out[this.seqIndex] = header.seq;
    out[this.deletedIndex] = header.deleted;
    return out;
  }
}

/** Process-wide, as the definitions it is keyed by are immutable (schema-cache.ts). */
export const tableAccessCache = new SchemaCache((table) => new TableAccess(table));

export function tableAccess(table: TableDefinition): TableAccess {
  return tableAccessCache.get(table);
}
