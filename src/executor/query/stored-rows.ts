/**
 * How a FROM item's rows are had (from-clause.ts): read now, or read ahead into the statement's
 * memo and then taken synchronously — what correlated subqueries need (executor/subquery).
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { internal, memoOf } from '../subquery/subquery-memo.js';

export type RowProducer = (ctx: SessionContext, ectx: EvalContext) => Promise<Value[][]>;

export interface FromRows {
  readonly produce: RowProducer;
  /** Reads ahead what `produceSync` returns, for correlated subqueries (executor/subquery). */
  readonly prefetch: (ctx: SessionContext, ectx: EvalContext) => Promise<void>;
  readonly produceSync: (ectx: EvalContext) => Value[][];
}

/**
 * Rows that never depend on an outer row (a table: its point-lookup keys are constants and
 * parameters only; a system view; a top-level WITH query): read once ahead, kept in the
 * statement's memo.
 */
export function storedRows(produce: RowProducer): FromRows {
  const key = {};
  return {
    produce,
    async prefetch(ctx, ectx) {
      const memo = memoOf(ectx);
      if (!memo.has(key)) memo.set(key, await produce(ctx, ectx));
    },
    produceSync(ectx) {
      const rows = memoOf(ectx).get(key) as Value[][] | undefined;
      if (rows === undefined) throw internal('rows were read before they were fetched');
      return rows;
    },
  };
}
