/**
 * `CREATE TABLE t (LIKE source [INCLUDING … | EXCLUDING …] …)`, as PostgreSQL's
 * transformTableLikeClause does it: the source's column names, types and NOT NULL always; its
 * defaults, CHECK constraints, primary key and unique constraints, and comments only when asked.
 * Copied defaults keep reading the source's sequences (PostgreSQL copies `nextval('s')` as is).
 */
import type { ColumnDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { SessionContext } from '../session-context.js';
import type { ConstraintSpec } from './table-constraints.js';

export interface TableLikeNode {
  relation: RangeVarNode;
  /** PostgreSQL's CreateStmtLikeOption bits. */
  options?: number;
}

// parsenodes.h: CreateStmtLikeOption.
const COMMENTS = 1 << 0;
const CONSTRAINTS = 1 << 2;
const DEFAULTS = 1 << 3;
const IDENTITY = 1 << 5;
const INDEXES = 1 << 6;

export interface LikeColumns {
  /** Ordinals still to be assigned by the caller (in this order). */
  readonly columns: Omit<ColumnDefinition, 'ordinal'>[];
  readonly specs: ConstraintSpec[];
  /** INCLUDING INDEXES of a table with a primary key: its column names. */
  readonly primaryKey: string[] | null;
}

export function expandTableLike(ctx: SessionContext, like: TableLikeNode): LikeColumns {
  const source = resolveUserTable(ctx, like.relation, (like.relation.location ?? 0) + 1,
    (v) => Errors.featureNotSupported(`LIKE of view "${v.name}" is not supported yet`));
  const opts = like.options ?? 0;
  const nameOf = (ordinal: number): string => source.columns.find((c) => c.ordinal === ordinal)!.name;
  const columns = source.columns.map((c): Omit<ColumnDefinition, 'ordinal'> => {
    if (c.identity !== undefined && opts & IDENTITY) {
      throw Errors.featureNotSupported(`LIKE … INCLUDING IDENTITY is not supported yet (column "${c.name}" of "${source.name}")`);
    }
    return {
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      primaryKey: false,
      default: opts & DEFAULTS && c.identity === undefined ? c.default : { kind: 'none' },
      ...(opts & COMMENTS && c.comment !== undefined ? { comment: c.comment } : {}),
    };
  });
  const specs: ConstraintSpec[] = [];
  if (opts & CONSTRAINTS) {
    for (const k of source.constraints ?? []) {
      if (k.kind === 'c' && k.check) specs.push({ node: { contype: 'CONSTR_CHECK', conname: k.name, raw_expr: k.check.ast as Node } });
    }
  }
  let primaryKey: string[] | null = null;
  if (opts & INDEXES) {
    if ((source.indexes ?? []).some((ix) => !ix.primary && !(source.constraints ?? []).some((k) => k.indexOid === ix.oid))) {
      throw Errors.featureNotSupported(`LIKE … INCLUDING INDEXES of "${source.name}" is not supported yet: it has indexes other than its key and unique constraints`);
    }
    if (source.primaryKey.length > 0) primaryKey = source.primaryKey.map(nameOf);
    for (const k of source.constraints ?? []) {
      if (k.kind === 'u') specs.push({ node: { contype: 'CONSTR_UNIQUE', keys: k.columns.map((o) => ({ String: { sval: nameOf(o) } })) } });
    }
  }
  return { columns, specs, primaryKey };
}
