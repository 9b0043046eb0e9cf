/**
 * Which WITH queries a FROM item can name while a statement is being bound.
 *
 * Binding is synchronous and follows the syntax tree, so a stack of frames pushed while a
 * statement's WITH list is in force gives SQL's lexical scoping: a CTE is visible in the main
 * query, in every subquery below it and in the CTEs declared after it (and, for WITH RECURSIVE,
 * in itself); the innermost name wins. Run time never consults the stack: a FROM item captures
 * the CTE's producer when it is bound.
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { SessionContext } from '../session-context.js';
import type { PlanNode } from '../../planner/explain/plan-node.js';

export interface CteRelation {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: ColumnType }[];
  readonly produce: (ctx: SessionContext, ectx: EvalContext) => Promise<Value[][]>;
  /** Reads ahead what `produceSync` returns (correlated subqueries, see from-clause.ts). */
  readonly prefetch: (ctx: SessionContext, ectx: EvalContext) => Promise<void>;
  readonly produceSync: (ectx: EvalContext) => Value[][];
  /** Set when the CTE cannot be read (a data-modifying query without RETURNING): the error. */
  readonly unreadable?: string;
  /** The WITH query's plan (EXPLAIN prints it once, as `CTE name`); absent for the working table. */
  readonly plan?: PlanNode;
  /** How EXPLAIN names a read of it: 'CTE Scan', or 'WorkTable Scan' inside a recursive term. */
  readonly scanKind?: string;
}

const frames: Map<string, CteRelation>[] = [];

export function lookupCte(name: string): CteRelation | null {
  for (let i = frames.length - 1; i >= 0; i--) {
    const found = frames[i]!.get(name);
    if (found) return found;
  }
  return null;
}

/** Runs `bind` with `frame` in scope; the frame may still grow while `bind` runs. */
export function withCteFrame<T>(frame: Map<string, CteRelation>, bind: () => T): T {
  frames.push(frame);
  try {
    return bind();
  } finally {
    frames.pop();
  }
}
