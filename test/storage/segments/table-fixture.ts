/** A TableDefinition for segment tests: the fields the segment code reads, sensible values for the rest. */
import type { ColumnDefinition, TableDefinition } from '../../../src/catalog/table-definition.js';
import type { ColumnType } from '../../../src/types/kalam-type.js';

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
