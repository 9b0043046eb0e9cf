/** A TableDefinition for segment tests: the fields the segment code reads, sensible values for the rest. */
import type { ColumnDefinition, TableDefinition } from '../../../src/catalog/table-definition.js';
import { KalamDataType, type ColumnType } from '../../../src/types/kalam-type.js';
import { PgOid } from '../../../src/types/pg-oids.js';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly ordinal?: number;
  readonly primaryKey?: boolean;
  readonly missingValue?: string;
}

export function tableDef(columns: readonly ColumnSpec[], opts: { id?: number; schemaVersion?: number; name?: string } = {}): TableDefinition {
  let next = 1;
  const cols: ColumnDefinition[] = columns.map((c) => {
    const ordinal = c.ordinal ?? next;
    next = ordinal + 1;
    return {
      name: c.name, ordinal, type: c.type, nullable: !c.primaryKey, primaryKey: c.primaryKey ?? false,
      default: { kind: 'none' }, ...(c.missingValue !== undefined ? { missingValue: c.missingValue } : {}),
    };
  });
  return {
    id: opts.id ?? 7, oid: 16_500, namespace: 'app', name: opts.name ?? 't', tableType: 'SHARED', columns: cols,
    primaryKey: cols.filter((c) => c.primaryKey).map((c) => c.ordinal), options: { storageId: 'local' },
    schemaVersion: opts.schemaVersion ?? 1, history: [], owner: 'postgres', createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z', nextOrdinal: next,
  };
}

export const INT8: ColumnType = { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 };
export const INT4: ColumnType = { kalam: KalamDataType.INT, oid: PgOid.INT4, typmod: -1 };
export const FLOAT8: ColumnType = { kalam: KalamDataType.DOUBLE, oid: PgOid.FLOAT8, typmod: -1 };
export const NUMERIC: ColumnType = { kalam: KalamDataType.DECIMAL, oid: PgOid.NUMERIC, typmod: -1 };
export const TEXT: ColumnType = { kalam: KalamDataType.TEXT, oid: PgOid.TEXT, typmod: -1 };
export const BOOL: ColumnType = { kalam: KalamDataType.BOOLEAN, oid: PgOid.BOOL, typmod: -1 };
export const TIMESTAMP: ColumnType = { kalam: KalamDataType.TIMESTAMP, oid: PgOid.TIMESTAMP, typmod: -1 };
