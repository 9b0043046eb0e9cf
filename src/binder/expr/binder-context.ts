/** What the per-node binders share while one expression tree is bound. */
import type { PgNode } from '../../sql/statement.js';
import type { TypeContext } from '../../types/type-context.js';
import type { AggregateCollector } from './aggregate-collector.js';
import type { SetFunctionCollector } from './set-function-collector.js';
import type { BindScope, ParamSlots } from './bound-expr.js';
import type { WindowCollector } from './window-collector.js';
import type { Bound } from './compile.js';
import type { SubqueryPlanner } from './subquery-boundary.js';

export interface ExprBinderContext {
  readonly scope: BindScope;
  readonly params: ParamSlots;
  readonly typeCtx: TypeContext;
  /** Set while binding a grouped expression (select list / HAVING of a grouped query). */
  readonly aggregates: AggregateCollector | null;
  /** Set while binding a SELECT list that may call set-returning functions. */
  readonly setFunctions: SetFunctionCollector | null;
  /** True inside an aggregate's arguments: no grouping, no nested aggregates. */
  readonly inAggregate: boolean;
  /** Set while binding the select list and ORDER BY of a SELECT: window functions allowed. */
  readonly windows: WindowCollector | null;
  /** True inside a window call's arguments, PARTITION BY and ORDER BY: no nested window calls. */
  readonly inWindow: boolean;
  /** Clause named in "aggregate functions are not allowed in …". */
  readonly clause: string;
  /** Plans subqueries (SubLinks) met in the expression; null where the caller allows none. */
  readonly subqueries: SubqueryPlanner | null;
  /** libpg-query location (UTF-8 byte offset) → 1-based error position. */
  position(location: unknown): number | undefined;
  bind(node: PgNode): Bound;
  /** The same binder over the aggregate's input (used for aggregate arguments). */
  forAggregateArgs(): ExprBinderContext;
  /** The same binder over the window operator's input (window arguments, PARTITION BY, ORDER BY). */
  forWindowArgs(): ExprBinderContext;
}

/** The one key of a libpg-query node and its body: `{ A_Const: {…} }` → ['A_Const', {…}]. */
export function nodeKind(node: PgNode): [string, Record<string, unknown>] {
  for (const k in node) return [k, node[k] as Record<string, unknown>];
  return ['', {}];
}

export function stringList(nodes: unknown): string[] {
  return ((nodes as PgNode[] | undefined) ?? []).map((n) => {
    const s = (n as { String?: { sval?: string } }).String;
    return s?.sval ?? '';
  });
}
