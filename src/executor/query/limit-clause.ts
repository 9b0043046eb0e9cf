/**
 * OFFSET, then LIMIT / FETCH FIRST n ROWS [ONLY | WITH TIES] over rows already in ORDER BY order.
 * WITH TIES also returns the rows after the n-th that sort equal to it.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import type { BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { noColumns } from '../../binder/range-scope.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { columnType } from '../../types/type-registry.js';
import type { SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';

const INT8 = columnType(KalamDataType.BIGINT);

export interface LimitClause {
  readonly offset: BoundExpr | null;
  readonly limit: BoundExpr | null;
  readonly withTies: boolean;
}

export function bindLimitClause(
  s: { limitCount?: Node; limitOffset?: Node; limitOption?: string },
  params: ParamSlots,
  subqueries: SubqueryPlanner | null = null,
): LimitClause {
  return {
    limit: s.limitCount ? bindLimit(s.limitCount, params, 'LIMIT', subqueries) : null,
    offset: s.limitOffset ? bindLimit(s.limitOffset, params, 'OFFSET', subqueries) : null,
    withTies: s.limitOption === 'LIMIT_OPTION_WITH_TIES',
  };
}

function bindLimit(node: Node, params: ParamSlots, clause: string, subqueries: SubqueryPlanner | null): BoundExpr {
  const noVariables = noColumns(() => new SqlError('42P10', `argument of ${clause} must not contain variables`));
  const e = bindExpr(node, noVariables, params, { expected: INT8, subqueries });
  if (kindOf(node) === 'A_Const' && 'isnull' in bodyOf(node)) return { type: INT8, eval: () => null, label: clause };
  const c = coerceToType(e, INT8, 'implicit');
  return {
    type: INT8,
    label: clause,
    eval: (row, ectx) => {
      const v = c.eval(row, ectx);
      if (v !== null && BigInt(v as bigint) < 0n) {
        throw new SqlError(clause === 'LIMIT' ? '2201W' : '2201X', `${clause} must not be negative`);
      }
      return v;
    },
  };
}

/** `sameSortKeys(a, b)` tells whether two rows tie on the ORDER BY keys (used for WITH TIES). */
export function applyLimit<T>(
  rows: T[],
  clause: LimitClause,
  ectx: EvalContext,
  sameSortKeys: (a: T, b: T) => boolean,
): T[] {
  const off = clause.offset ? Number(clause.offset.eval([], ectx) ?? 0) : 0;
  const lim = clause.limit ? clause.limit.eval([], ectx) : null;
  if (clause.withTies && clause.limit && lim === null) {
    throw new SqlError('2201W', 'row count cannot be null in FETCH FIRST ... WITH TIES clause');
  }
  if (off === 0 && lim === null) return rows;
  if (lim === null) return rows.slice(off);
  let end = Math.min(rows.length, off + Number(lim));
  if (clause.withTies && end > off) {
    const last = rows[end - 1]!;
    while (end < rows.length && sameSortKeys(rows[end]!, last)) end++;
  }
  return rows.slice(off, end);
}
