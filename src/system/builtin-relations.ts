/**
 * Every built-in relation pg_class lists: the virtual tables (pg_catalog, information_schema,
 * system.*) and the pg_catalog views defined in SQL (system-views.ts).
 */
import type { RelKind } from './catalog-model.js';
import { pg15Columns, pg15Shape } from './pg-catalog/catalog-table.js';
import { SYSTEM_VIEWS } from './system-view-definition.js';
import { allVirtualTables } from './registry.js';
import type { VirtualColumn, VirtualTable } from './virtual-table.js';

export interface BuiltinRelation {
  readonly oid: number;
  readonly namespace: string;
  readonly name: string;
  readonly kind: RelKind;
  readonly columns: readonly VirtualColumn[];
  readonly virtual?: VirtualTable;
}

let all: readonly BuiltinRelation[] | undefined;

export function allBuiltinRelations(): readonly BuiltinRelation[] {
  all ??= [
    ...allVirtualTables().map((t): BuiltinRelation => ({
      oid: t.oid, namespace: t.namespace, name: t.name, kind: t.namespace === 'information_schema' ? 'v' : 'r',
      columns: t.columns, virtual: t,
    })),
    ...Object.entries(SYSTEM_VIEWS).flatMap(([namespace, views]) => Object.keys(views).map((name): BuiltinRelation => ({
      oid: pg15Shape(namespace, name)!.oid, namespace, name, kind: 'v', columns: pg15Columns(name, namespace),
    }))),
  ];
  return all;
}
