/**
 * Grouped expressions. A grouped SELECT (GROUP BY, HAVING, or an aggregate in the select list)
 * runs in two stages, and the collector is the contract between them:
 *
 *   input row (FROM scope)  ──▶  aggregation operator  ──▶  output row
 *   [t.a, t.b, t.c, …]           per group: keys, then       [key0 … keyK-1, agg0 … aggN-1]
 *                                one accumulator per call     slot k         slot K + i
 *
 * - `new AggregateCollector(fromScope, params, groupByNodes)` binds the GROUP BY expressions
 *   against the FROM scope: `keys[k].eval(inputRow)` is key k. Resolve `GROUP BY 1` / output
 *   aliases to the select-list expression node before passing it in.
 * - Then bind the select list, HAVING and ORDER BY with
 *   `bindExpr(node, fromScope, params, { aggregates: collector })`. The returned BoundExprs
 *   evaluate over the OUTPUT row: a sub-expression equal to a GROUP BY expression reads its key
 *   slot, an aggregate call reads its result slot (its arguments are bound against the FROM
 *   scope and registered in `calls`), and any other column reference is 42803
 *   `column "t.a" must appear in the GROUP BY clause or be used in an aggregate function`.
 * - The aggregation operator feeds every input row to `new AggregateAccumulator(call)` per group
 *   (executor/aggregates/aggregate-accumulator.ts) and emits `[...keys, ...results]`.
 *
 * `containsAggregate(node)` tells whether a select list needs this at all.
 */
import type { PgNode } from '../../sql/statement.js';
import type { AggregateFunction } from '../../executor/aggregates/aggregate-function.js';
import { isAggregateName } from '../../executor/aggregates/builtin-aggregates.js';
import type { TypeContext } from '../../types/type-context.js';
import type { BindScope, BoundExpr, ParamSlots } from './bound-expr.js';
import { bindExpr } from './bind-expr.js';
import { T } from './expr-types.js';

export interface AggregateOrder {
  readonly expr: BoundExpr;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export interface AggregateCall {
  readonly fn: AggregateFunction;
  /** Bound against the FROM scope, already coerced to the aggregate's parameter types. */
  readonly args: readonly BoundExpr[];
  readonly distinct: boolean;
  /** FILTER (WHERE …): rows where it is not true are skipped. */
  readonly filter?: BoundExpr;
  /** ORDER BY inside the call (string_agg(x, ',' ORDER BY x)). */
  readonly orderBy?: readonly AggregateOrder[];
  /** Index of the result in the output row. */
  readonly slot: number;
}

export class AggregateCollector {
  /** GROUP BY expressions over the input row, in output-row order. */
  readonly keys: readonly BoundExpr[];
  readonly calls: AggregateCall[] = [];
  private readonly keyShapes: readonly string[];

  /**
   * With GROUPING SETS / ROLLUP / CUBE: each set lists the key slots it groups by, and the output
   * row carries the index of the set that made it in `groupingSetSlot` (one hidden key after the
   * written ones). Null for a plain GROUP BY, where every row groups by every key.
   */
  readonly groupingSets: readonly (readonly number[])[] | null;
  readonly groupingSetSlot: number;

  constructor(
    readonly inputScope: BindScope,
    readonly params: ParamSlots,
    groupBy: readonly PgNode[] = [],
    readonly typeCtx?: TypeContext,
    groupingSets: readonly (readonly number[])[] | null = null,
  ) {
    const keys = groupBy.map((node) => bindExpr(node, inputScope, params, { typeCtx, clause: 'GROUP BY' }));
    this.keyShapes = groupBy.map(nodeShape);
    this.groupingSets = groupingSets;
    this.groupingSetSlot = groupingSets === null ? -1 : keys.length;
    if (groupingSets !== null) keys.push(GROUPING_SET_ID);
    this.keys = keys;
  }

  get keyCount(): number {
    return this.keys.length;
  }

  /** Output-row width: keys then aggregate results. */
  get width(): number {
    return this.keys.length + this.calls.length;
  }

  /** The key slot of a sub-expression written exactly as a GROUP BY expression, or -1. */
  keySlotOf(node: PgNode): number {
    if (this.keyShapes.length === 0) return -1;
    return this.keyShapes.indexOf(nodeShape(node));
  }

  /** The key slot of a column of the input row grouped on by itself, or -1. */
  keySlotOfColumn(index: number): number {
    return this.keys.findIndex((k) => k.columnIndex === index);
  }

  register(call: Omit<AggregateCall, 'slot'>): number {
    const slot = this.keys.length + this.calls.length;
    this.calls.push({ ...call, slot });
    return slot;
  }
}

/** The hidden key holding the grouping set's index; the aggregation operator fills it in. */
const GROUPING_SET_ID: BoundExpr = { type: T.int4, label: 'grouping set', eval: () => null };

/** A node's structure without source locations, to match `GROUP BY a + 1` with `a + 1`. */
export function nodeShape(node: PgNode): string {
  return JSON.stringify(node, (k, v: unknown) => (k === 'location' ? undefined : v));
}

/** Whether an expression calls an aggregate outside any subquery. */
export function containsAggregate(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(containsAggregate);
  const obj = node as Record<string, unknown>;
  if ('SubLink' in obj) return false;
  if ('GroupingFunc' in obj) return true;
  const call = obj.FuncCall as Record<string, unknown> | undefined;
  if (call !== undefined && call.over === undefined) {
    const names = (call.funcname as PgNode[] | undefined) ?? [];
    const last = names[names.length - 1] as { String?: { sval?: string } } | undefined;
    const name = last?.String?.sval;
    if (name !== undefined && isAggregateName(name)) return true;
  }
  return Object.values(obj).some(containsAggregate);
}
