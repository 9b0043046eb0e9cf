/** Range entries for schema-store tables and virtual tables. */
import type { TableDefinition } from '../catalog/table-definition.js';
import { KalamDataType } from '../types/kalam-type.js';
import { PgOid } from '../types/pg-oids.js';
import type { VirtualTable } from '../system/virtual-table.js';
import type { RangeColumn, RangeEntry } from './range-scope.js';

const SEQ_TYPE = { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 } as const;
const DELETED_TYPE = { kalam: KalamDataType.BOOLEAN, oid: PgOid.BOOL, typmod: -1 } as const;

export function tableColumns(table: TableDefinition): RangeColumn[] {
  return [
    ...table.columns.map((c) => ({ name: c.name, type: c.type, attnum: c.ordinal })),
    { name: '_seq', type: SEQ_TYPE, hidden: true },
    { name: '_deleted', type: DELETED_TYPE, hidden: true },
  ];
}

export function tableEntry(table: TableDefinition, alias: string | undefined, offset: number): RangeEntry {
  const primaryKey = table.primaryKey.map((ordinal) => table.columns.findIndex((c) => c.ordinal === ordinal));
  return {
    alias: alias ?? table.name, schema: table.namespace, columns: tableColumns(table), offset, tableOid: table.oid,
    ...(primaryKey.length > 0 && !primaryKey.includes(-1) ? { primaryKey } : {}),
  };
}

export function virtualEntry(table: VirtualTable, alias: string | undefined, offset: number): RangeEntry {
  return {
    alias: alias ?? table.name,
    schema: table.namespace,
    columns: table.columns.map((c, i) => ({ name: c.name, type: c.type, attnum: i + 1 })),
    offset,
    tableOid: table.oid,
  };
}
