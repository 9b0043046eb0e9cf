/**
 * CHECK constraints bound over a table's row (table layout: columns in order, then _seq,
 * _deleted), the way defaults are bound over no row (bind-default.ts). Cached per table version.
 */
import type { ConstraintDefinition, TableDefinition } from '../catalog/table-definition.js';
import { Errors, SqlError } from '../errors/sql-error.js';
import { formatType } from '../types/format-type.js';
import { PgOid } from '../types/pg-oids.js';
import type { Node } from './ast.js';
import type { BoundExpr } from './expr/bound-expr.js';
import { bindExpr } from './expr/bind-expr.js';
import { StatementParams } from './param-slots.js';
import { RangeScope } from './range-scope.js';
import { tableEntry } from './table-scope.js';

function contains(node: unknown, kind: string): boolean {
  if (Array.isArray(node)) return node.some((n) => contains(n, kind));
  if (node === null || typeof node !== 'object') return false;
  if (kind in node) return true;
  return Object.values(node).some((v) => typeof v === 'object' && contains(v, kind));
}

/** The column names a CHECK expression reads, in order of first mention. */
export function checkColumnNames(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const n of node) checkColumnNames(n, out);
    return out;
  }
  if (node === null || typeof node !== 'object') return out;
  const ref = (node as { ColumnRef?: { fields: { String?: { sval: string } }[] } }).ColumnRef;
  if (ref) {
    const last = ref.fields[ref.fields.length - 1]?.String?.sval;
    if (last !== undefined && !out.includes(last)) out.push(last);
    return out;
  }
  for (const v of Object.values(node)) if (typeof v === 'object') checkColumnNames(v, out);
  return out;
}

export function checkScope(table: Pick<TableDefinition, 'name' | 'namespace' | 'columns' | 'oid' | 'primaryKey'>): RangeScope {
  return new RangeScope([tableEntry(table as TableDefinition, table.name, 0)]);
}

export function bindCheckExpr(ast: Node, table: Pick<TableDefinition, 'name' | 'namespace' | 'columns' | 'oid' | 'primaryKey'>): BoundExpr {
  if (contains(ast, 'SubLink')) throw Errors.featureNotSupported('cannot use subquery in check constraint');
  const params = new StatementParams([]);
  const bound = bindExpr(ast, checkScope(table), params);
  if (params.resolve(0).length > 0) throw new SqlError('42P02', 'there is no parameter $1');
  if (bound.type.oid !== PgOid.BOOL) {
    throw Errors.datatypeMismatch(`argument of CHECK must be type boolean, not type ${formatType(bound.type.oid, bound.type.typmod)}`);
  }
  return bound;
}

const cache = new WeakMap<TableDefinition, { constraint: ConstraintDefinition; expr: BoundExpr }[]>();

/** The table's CHECK constraints, bound over its row. */
export function boundChecks(table: TableDefinition): { constraint: ConstraintDefinition; expr: BoundExpr }[] {
  let c = cache.get(table);
  if (!c) {
    c = (table.constraints ?? []).filter((k) => k.kind === 'c' && k.check).map((k) => ({ constraint: k, expr: bindCheckExpr(k.check!.ast, table) }));
    cache.set(table, c);
  }
  return c;
}
