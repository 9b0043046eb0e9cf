/**
 * A segment's Arrow schema: the table's columns of the moment (in ordinal order, under their names
 * of the moment) followed by the system columns `_seq` (int64), `_deleted` (bool) and `_key`
 * (binary: the row's primary key as RocksDB orders it, keycode.ts — what merged reads compare,
 * and for a table without a primary key the only place its key survives an UPDATE). Every field
 * carries its ordinal, KalamDataType and declared PostgreSQL type (arrow-types.ts FieldMeta), so a
 * reader under a later table version finds a renamed column by ordinal, skips a dropped one, and
 * rebuilds the exact ColumnType without the catalog.
 */
import * as arrow from 'apache-arrow';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import { formatType } from '../../types/format-type.js';
import { KalamDataType, type ColumnType } from '../../types/kalam-type.js';
import { kalamTypeName } from '../../types/type-registry.js';
import { FieldMeta, arrowTypeOf } from './arrow-types.js';
import { corruptSegment } from './segment-errors.js';

export const SEQ_COLUMN = '_seq';
export const DELETED_COLUMN = '_deleted';
export const KEY_COLUMN = '_key';

/** One user column as a segment stores it. */
export interface SegmentColumn {
  readonly ordinal: number;
  /** The field's name in the file: the column's name when the segment was written. */
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

export function segmentSchema(table: TableDefinition): arrow.Schema {
  const fields: arrow.Field[] = [];
  for (const c of table.columns) {
    if (c.name === SEQ_COLUMN || c.name === DELETED_COLUMN || c.name === KEY_COLUMN) {
      throw Errors.featureNotSupported(`column "${c.name}" of table "${table.namespace}.${table.name}" cannot be written to a segment`,
        `${SEQ_COLUMN}, ${DELETED_COLUMN} and ${KEY_COLUMN} are the segment's system columns; rename the column.`);
    }
    // Only key columns are non-null in every row: a tombstone carries its key and nothing else
    // that NOT NULL would promise.
    const nullable = !table.primaryKey.includes(c.ordinal);
    fields.push(new arrow.Field(c.name, arrowTypeOf(c.type), nullable, columnMetadata(c.ordinal, c.type)));
  }
  fields.push(new arrow.Field(SEQ_COLUMN, new arrow.Int64(), false, systemMetadata(SEQ_COLUMN, KalamDataType.BIGINT)));
  fields.push(new arrow.Field(DELETED_COLUMN, new arrow.Bool(), false, systemMetadata(DELETED_COLUMN, KalamDataType.BOOLEAN)));
  fields.push(new arrow.Field(KEY_COLUMN, new arrow.Binary(), false, systemMetadata(KEY_COLUMN, KalamDataType.BYTES)));
  return new arrow.Schema(fields);
}

function columnMetadata(ordinal: number, type: ColumnType): Map<string, string> {
  return new Map([
    [FieldMeta.kalamType, kalamTypeName(type.kalam)],
    [FieldMeta.pgType, formatType(type.oid, type.typmod)],
    [FieldMeta.pgOid, String(type.oid)],
    [FieldMeta.pgTypmod, String(type.typmod)],
    [FieldMeta.ordinal, String(ordinal)],
  ]);
}

function systemMetadata(name: string, kalam: KalamDataType): Map<string, string> {
  return new Map([[FieldMeta.kalamType, kalamTypeName(kalam)], [FieldMeta.system, name]]);
}

/** The user columns of a segment's schema, in file order; throws XX001 on a field we did not write. */
export function segmentColumnsOf(schema: arrow.Schema): SegmentColumn[] {
  const out: SegmentColumn[] = [];
  for (const f of schema.fields) {
    if (f.metadata.has(FieldMeta.system)) continue;
    const ordinal = Number(f.metadata.get(FieldMeta.ordinal));
    const oid = Number(f.metadata.get(FieldMeta.pgOid));
    const typmod = Number(f.metadata.get(FieldMeta.pgTypmod));
    const kalam = kalamTypeOfName(f.metadata.get(FieldMeta.kalamType));
    if (!Number.isInteger(ordinal) || ordinal < 1 || !Number.isInteger(oid) || !Number.isInteger(typmod) || kalam === undefined) {
      throw corruptSegment(`field "${f.name}" has no KalamDB column metadata`);
    }
    out.push({ ordinal, name: f.name, type: { kalam, oid, typmod }, nullable: f.nullable });
  }
  return out;
}

const KALAM_BY_NAME = new Map<string, KalamDataType>();
for (let tag = KalamDataType.BOOLEAN; tag <= KalamDataType.RECORD; tag++) KALAM_BY_NAME.set(kalamTypeName(tag), tag);

/** KalamDataType by its KalamDB name (BIGINT, TEXT, …), as field metadata and the manifest spell it. */
export function kalamTypeOfName(name: string | undefined): KalamDataType | undefined {
  return name === undefined ? undefined : KALAM_BY_NAME.get(name);
}
