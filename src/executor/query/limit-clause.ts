/**
 * OFFSET, then LIMIT / FETCH FIRST n ROWS [ONLY | WITH TIES] over rows already in ORDER BY order.
 * WITH TIES also returns the rows after the n-th that sort equal to it.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { BoundExpr, EvalContext } from '../../binder/expr/bound-expr.js';

export interface LimitClause {
  readonly offset: BoundExpr | null;
  readonly limit: BoundExpr | null;
  readonly withTies: boolean;
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
