/**
 * One statement execution's memo: what was computed ahead of the rows so that expressions, which
 * are synchronous, can read it — init-plan results (keyed by their Subplan) and the rows fetched
 * from storage for correlated subqueries (keyed by the FROM item that reads them). A new memo per
 * execution (makeEvalContext), so a prepared statement run twice sees fresh data.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { SqlError } from '../../errors/sql-error.js';

export function memoOf(ectx: EvalContext): Map<object, unknown> {
  const memo = ectx.subqueryMemo;
  if (memo === undefined) throw internal('a subquery ran without its statement memo');
  return memo;
}

export function internal(what: string): SqlError {
  return new SqlError('XX000', `internal error: ${what} (this is a bug in kalamdb-pg, please report it)`);
}
