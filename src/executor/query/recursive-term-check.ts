/**
 * PostgreSQL's rules for where a recursive CTE's recursive term may name the CTE (42P19): once,
 * not inside a subquery, not on the nullable side of an outer join, and no aggregate in the term
 * itself.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { isAggregateName } from '../aggregates/builtin-aggregates.js';

const invalid = (message: string) => new SqlError('42P19', message);

function names(node: unknown, cte: string): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + names(x, cte), 0);
  if (node === null || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  const rv = o.RangeVar as { relname?: string; schemaname?: string } | undefined;
  if (rv) return rv.relname === cte && !rv.schemaname ? 1 : 0;
  return Object.values(o).reduce((n: number, v) => n + names(v, cte), 0);
}

/** Walks the recursive term: no reference inside a subquery or on an outer join's nullable side. */
function walk(node: unknown, cte: string): void {
  if (Array.isArray(node)) return node.forEach((x) => walk(x, cte));
  if (node === null || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if ('SubLink' in o || 'RangeSubselect' in o) {
    if (names(o, cte) > 0) throw invalid(`recursive reference to query "${cte}" must not appear within a subquery`);
    return;
  }
  const join = o.JoinExpr as { jointype?: string; larg?: Node; rarg?: Node } | undefined;
  if (join) {
    const leftNullable = join.jointype === 'JOIN_RIGHT' || join.jointype === 'JOIN_FULL';
    const rightNullable = join.jointype === 'JOIN_LEFT' || join.jointype === 'JOIN_FULL';
    if ((leftNullable && names(join.larg, cte) > 0) || (rightNullable && names(join.rarg, cte) > 0)) {
      throw invalid(`recursive reference to query "${cte}" must not appear within an outer join`);
    }
  }
  Object.values(o).forEach((v) => walk(v, cte));
}

function hasAggregate(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasAggregate);
  if (node === null || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  if ('SubLink' in o) return false;
  const call = o.FuncCall as { funcname?: { String?: { sval?: string } }[]; over?: unknown } | undefined;
  if (call && call.over === undefined) {
    const name = call.funcname?.at(-1)?.String?.sval;
    if (name !== undefined && isAggregateName(name.toLowerCase())) return true;
  }
  return Object.values(o).some(hasAggregate);
}

export function checkRecursiveTerm(term: { targetList?: unknown; havingClause?: unknown; fromClause?: unknown; whereClause?: unknown }, cte: string): void {
  walk(term, cte);
  if (names(term, cte) > 1) throw invalid(`recursive reference to query "${cte}" must not appear more than once`);
  if (hasAggregate(term.targetList) || hasAggregate(term.havingClause)) {
    throw invalid("aggregate functions are not allowed in a recursive query's recursive term");
  }
}
