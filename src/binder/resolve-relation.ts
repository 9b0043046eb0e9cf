/** Table names → schema-store tables or virtual (system) tables, through search_path. */
import type { TableDefinition, ViewDefinition } from '../catalog/table-definition.js';
import { Errors, SqlError } from '../errors/sql-error.js';
import type { SessionContext } from '../executor/session-context.js';
import { virtualTable } from '../system/registry.js';
import { systemView } from '../system/system-view-definition.js';
import type { VirtualTable } from '../system/virtual-table.js';
import { requireSchemaCreate, requireSchemaUsage, schemaSearchable } from '../executor/privileges/privilege-check.js';

export type ResolvedRelation =
  | { readonly kind: 'table'; readonly table: TableDefinition }
  | { readonly kind: 'view'; readonly view: ViewDefinition }
  | { readonly kind: 'virtual'; readonly table: VirtualTable };

export interface RangeVarNode {
  readonly schemaname?: string;
  readonly relname: string;
  readonly catalogname?: string;
  readonly location?: number;
  readonly alias?: { readonly aliasname: string; readonly colnames?: unknown[] };
}

export function displayName(rv: RangeVarNode): string {
  return rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname;
}

export function resolveRelation(ctx: SessionContext, rv: RangeVarNode, position?: number): ResolvedRelation {
  const found = findRelation(ctx, rv.schemaname, rv.relname, position);
  // A missing schema too is 42P01 `relation "s.t" does not exist`, as PostgreSQL reports it.
  if (!found) throw Errors.undefinedTable(displayName(rv), position);
  return found;
}

/** Without USAGE on a schema named explicitly: 42501; schemas of search_path without it are skipped, as PostgreSQL does. */
export function findRelation(ctx: SessionContext, schema: string | undefined, name: string, position?: number): ResolvedRelation | null {
  if (schema) {
    requireSchemaUsage(ctx, schema, position);
    const v = virtualTable(schema, name);
    if (v) return { kind: 'virtual', table: v };
    const sv = systemView(schema, name);
    if (sv) return { kind: 'view', view: sv };
    return storedRelation(ctx, schema, name);
  }
  // pg_catalog is searched first, as PostgreSQL does implicitly.
  const pg = virtualTable('pg_catalog', name);
  if (pg) return { kind: 'virtual', table: pg };
  const sv = systemView('pg_catalog', name);
  if (sv) return { kind: 'view', view: sv };
  for (const ns of ctx.searchPath()) {
    if (!schemaSearchable(ctx, ns)) continue;
    const stored = storedRelation(ctx, ns, name);
    if (stored) return stored;
    const v = virtualTable(ns, name);
    if (v) return { kind: 'virtual', table: v };
    const sv = systemView(ns, name);
    if (sv) return { kind: 'view', view: sv };
  }
  return null;
}

function storedRelation(ctx: SessionContext, schema: string, name: string): ResolvedRelation | null {
  const t = ctx.db.schema.table(schema, name);
  if (t) return { kind: 'table', table: t };
  const v = ctx.db.schema.view(schema, name);
  return v ? { kind: 'view', view: v } : null;
}

/**
 * Only schema-store tables (DML and DDL targets); system tables are read-only, and views are
 * refused by `onView` (DML says whether PostgreSQL could have updated the view).
 */
export function resolveUserTable(
  ctx: SessionContext,
  rv: RangeVarNode,
  position?: number,
  onView: (view: ViewDefinition) => SqlError = (v) => Errors.featureNotSupported(`"${v.name}" is a view; this statement is not supported on views yet`),
): TableDefinition {
  const r = resolveRelation(ctx, rv, position);
  if (r.kind === 'virtual') {
    throw Errors.insufficientPrivilege(`permission denied: "${r.table.namespace}.${r.table.name}" is a read-only system table`);
  }
  if (r.kind === 'view') throw onView(r.view);
  return r.table;
}

/** The schema a new object goes into: the given one, or the first of search_path. */
export function creationNamespace(ctx: SessionContext, schema: string | undefined, position?: number): string {
  if (schema) {
    if (ctx.db.schema.isBuiltinNamespace(schema)) {
      throw Errors.insufficientPrivilege(`permission denied to create objects in schema "${schema}"`);
    }
    if (!ctx.db.schema.namespace(schema)) throw Errors.undefinedSchema(schema);
    requireSchemaCreate(ctx, schema, position);
    return schema;
  }
  const first = ctx.searchPath()[0];
  if (!first) throw new SqlError('3F000', 'no schema has been selected to create in');
  requireSchemaCreate(ctx, first, position);
  return first;
}
