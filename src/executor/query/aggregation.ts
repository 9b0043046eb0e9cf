/**
 * Grouped SELECTs: GROUP BY keys and aggregate calls are collected while binding (the
 * AggregateCollector's contract), then one pass groups the filtered input rows and emits
 * `[...keys, ...aggregate results]` per group, over which HAVING, the select list and ORDER BY
 * were bound.
 *
 * With GROUPING SETS / ROLLUP / CUBE (grouping-sets.ts) the same pass feeds each row to one group
 * per grouping set; keys a set does not group by are NULL in its rows, and the row carries the
 * set's index after the keys for grouping().
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { bindTargets, type BoundTarget } from '../../binder/bind-targets.js';
import { AggregateCollector, containsAggregate } from '../../binder/expr/aggregate-collector.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import type { WindowCollector } from '../../binder/expr/window-collector.js';
import type { BindScope, BoundExpr, EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import { AggregateAccumulator } from '../aggregates/aggregate-accumulator.js';
import type { SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';
import { requireBoolean } from './predicates.js';
import { groupsByValue, rowKeyFor } from './row-key.js';
import { planGroupingSets, type GroupingPlan } from './grouping-sets.js';
import { functionallyDependentColumns } from './functional-dependency.js';
import type { RangeEntry } from '../../binder/range-scope.js';
import type { PlanNode } from '../../planner/explain/plan-node.js';
import { aggregateNode } from '../../planner/explain/select-nodes.js';
import { rowBytes } from '../memory/value-size.js';
import type { Pipeline } from '../subquery/drive.js';
import type { ColumnarCall, ColumnarGrouping } from '../columnar/aggregate.js';

/** Input rows aggregated between turns of the event loop. */
const ROWS_PER_SLICE = 8192;

/** A group's accumulator object with its running state (array_agg/string_agg grow past it: not counted). */
const ACCUMULATOR_BYTES = 96;

interface GroupedSelect {
  targetList?: Node[];
  groupClause?: Node[];
  groupDistinct?: boolean;
  havingClause?: Node;
  sortClause?: Node[];
}

export function usesAggregates(s: GroupedSelect): boolean {
  return (
    (s.groupClause?.length ?? 0) > 0 ||
    s.havingClause !== undefined ||
    containsAggregate(s.targetList) ||
    containsAggregate((s.sortClause ?? []).map((x) => bodyOf<{ node: Node }>(x).node))
  );
}

export interface AggregationPlan {
  readonly targets: BoundTarget[];
  /** Scope for ORDER BY items that are not output columns. */
  readonly outputScope: BindScope;
  readonly bindOutput: (node: Node) => BoundExpr;
  /** Yields between slices of input rows (executor/subquery/drive.ts runs it). */
  readonly aggregate: (rows: Value[][], ectx: EvalContext) => Pipeline<Value[][]>;
  /** The same grouping as a sink, for rows that are never all held (executor/columnar). */
  readonly aggregator: (ectx: EvalContext) => Aggregator;
  /** EXPLAIN's node for the grouping step over `child`. */
  readonly plan: (child: PlanNode) => PlanNode;
  /**
   * The grouping as the column path (executor/columnar) can run it over a table's columns, or
   * null: only a plain GROUP BY of bare columns with plain calls over bare columns qualifies.
   * Asked at run time, once every call (ORDER BY's too) is bound.
   */
  readonly columnar: () => ColumnarAggregation | null;
}

/** Grouping fed one row at a time (aggregation.ts, executor/columnar). */
export interface Aggregator {
  /** Reads `row` now and keeps none of it: a scratch row may be reused for the next. */
  add(row: readonly Value[]): void;
  /** The group rows, HAVING applied. */
  finish(): Value[][];
}

export interface ColumnarAggregation extends ColumnarGrouping {
  /** Output rows from each group's keys and call results: HAVING applied, counted for EXPLAIN. */
  finish(groups: { key: Value[]; results: Value[] }[], ectx: EvalContext): Value[][];
}

/** Aggregates the column path runs; they keep no reference to their argument arrays. */
const COLUMNAR_AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max']);

function positionOf(node: Node): number | undefined {
  const loc = bodyOf<{ location?: number }>(node).location;
  return typeof loc === 'number' && loc >= 0 ? loc + 1 : undefined;
}

/**
 * Adds, to every grouping set, the columns functionally dependent on primary keys grouped in all
 * of them (see functional-dependency.ts).
 */
function withDependentColumns(plan: GroupingPlan, scope: BindScope, entries: readonly RangeEntry[]): GroupingPlan {
  if (plan.sets.length === 0 || !entries.some((e) => e.primaryKey !== undefined)) return plan;
  const grouped = new Set<number>();
  plan.exprs.forEach((node, k) => {
    if (!plan.sets.every((set) => set.includes(k)) || kindOf(node) !== 'ColumnRef') return;
    const ref = bodyOf<{ fields: Node[]; location: number }>(node);
    if (ref.fields.some((f) => kindOf(f) !== 'String')) return;
    const names = ref.fields.map((f) => (f as { String: { sval: string } }).String.sval);
    grouped.add(scope.resolveColumn(names, ref.location).index);
  });
  const extra = functionallyDependentColumns(entries, grouped);
  if (extra.length === 0) return plan;
  const added = extra.map((_, i) => plan.exprs.length + i);
  return { ...plan, exprs: [...plan.exprs, ...extra], sets: plan.sets.map((set) => [...set, ...added]) };
}

function isInputColumn(scope: BindScope, name: string, location: number): boolean {
  try {
    scope.resolveColumn([name], location);
    return true;
  } catch (e) {
    if (e instanceof SqlError && e.code === '42703') return false;
    throw e;
  }
}

/** GROUP BY 1 and GROUP BY <output alias> name select-list expressions. */
function resolveGroupItem(item: Node, targets: readonly Node[], scope: BindScope): Node {
  if (kindOf(item) === 'A_Const') {
    const c = bodyOf<{ ival?: { ival?: number } }>(item);
    if (c.ival) {
      const pos = c.ival.ival ?? 0;
      const t = targets[pos - 1];
      if (!t) throw new SqlError('42P10', `GROUP BY position ${pos} is not in select list`, { position: positionOf(item) });
      return bodyOf<{ val: Node }>(t).val;
    }
  }
  if (kindOf(item) === 'ColumnRef') {
    const fields = bodyOf<{ fields: Node[]; location: number }>(item);
    if (fields.fields.length === 1 && kindOf(fields.fields[0]!) === 'String') {
      const name = (fields.fields[0] as { String: { sval: string } }).String.sval;
      // An input column of that name wins over an output alias (PostgreSQL's GROUP BY rule).
      if (isInputColumn(scope, name, fields.location)) return item;
      const t = targets.find((x) => bodyOf<{ name?: string }>(x).name === name);
      if (t) return bodyOf<{ val: Node }>(t).val;
    }
  }
  return item;
}

export function planAggregation(
  s: GroupedSelect,
  scope: BindScope,
  params: ParamSlots,
  entries: readonly RangeEntry[] = [],
  subqueries: SubqueryPlanner | null = null,
  windows: WindowCollector | null = null,
): AggregationPlan {
  const targetNodes = s.targetList ?? [];
  const written = planGroupingSets(s.groupClause ?? [], s.groupDistinct === true, (g) => resolveGroupItem(g, targetNodes, scope));
  const grouping = withDependentColumns(written, scope, entries);
  const collector = new AggregateCollector(scope, params, grouping.exprs, undefined,
    grouping.hasGroupingSets ? grouping.sets : null);
  const opts = { aggregates: collector, subqueries, windows };
  const targets = bindTargets(targetNodes, scope, params, opts);
  const having = s.havingClause
    ? requireBoolean(bindExpr(s.havingClause, scope, params, { aggregates: collector, subqueries, clause: 'HAVING' }), 'HAVING') : null;
  const bindOutput = (node: Node) => bindExpr(node, scope, params, opts);
  const sets = grouping.sets;
  const keyCount = grouping.exprs.length;
  const key = {};
  /** The grouping as a sink: rows in (each read once, never kept), group rows out. */
  const aggregator = (ectx: EvalContext): Aggregator => {
    const keys = collector.keys.slice(0, keyCount);
    const calls = collector.calls;
    const memory = ectx.memory;
    type Group = { key: Value[]; accs: AggregateAccumulator[] };
    const fresh = (key: Value[]): Group => ({ key, accs: calls.map((c) => new AggregateAccumulator(c)) });
    const created = (id: string, g: Group): Group => {
      memory?.chargeKey(id);
      memory?.charge(rowBytes(g.key) + ACCUMULATOR_BYTES * calls.length);
      return g;
    };
    const passes = sets.map((set) => ({
      set,
      // A plain GROUP BY's one set is every key in order: its key row is the values as they are.
      whole: set.length === keys.length && set.every((k, i) => k === i),
      groupKey: rowKeyFor(set.map((k) => keys[k]!.type.kalam)),
      groups: new Map<string, Group>(),
    }));
    // One key whose JS values are equal exactly when its `=` is (numbers, text, …): grouped by value.
    const byValue = sets.length === 1 && passes[0]!.whole && keys.length === 1 && groupsByValue(keys[0]!.type)
      ? new Map<Value, Group>() : null;
    const key0 = keys[0];
    return {
      add(row) {
        if (byValue) {
          const v = key0!.eval(row, ectx);
          let g = byValue.get(v);
          if (!g) byValue.set(v, (g = created(typeof v === 'string' ? v : String(v), fresh([v]))));
          for (const acc of g.accs) acc.add(row, ectx);
          return;
        }
        const values = keys.map((k) => k.eval(row, ectx));
        for (const p of passes) {
          const id = p.groupKey(p.whole ? values : p.set.map((k) => values[k]!));
          let g = p.groups.get(id);
          if (!g) {
            // Keys outside this set read as NULL (the rolled-up columns).
            g = created(id, fresh(p.whole ? values : values.map((v, k) => (p.set.includes(k) ? v : null))));
            p.groups.set(id, g);
          }
          for (const acc of g.accs) acc.add(row, ectx);
        }
      },
      finish() {
        if (byValue) for (const g of byValue.values()) passes[0]!.groups.set(String(passes[0]!.groups.size), g);
        const out: Value[][] = [];
        memory?.chargeReferences(passes.reduce((n, p) => n + p.groups.size, 0), keyCount + calls.length + 1);
        let groupCount = 0;
        passes.forEach((p, setIndex) => {
          // The empty grouping set (an aggregate without GROUP BY) yields one row even over no input.
          if (p.groups.size === 0 && p.set.length === 0) p.groups.set('', fresh(keys.map(() => null)));
          groupCount += p.groups.size;
          for (const g of p.groups.values()) {
            const key = collector.groupingSetSlot >= 0 ? [...g.key, setIndex] : g.key;
            const row = [...key, ...g.accs.map((a) => a.result())];
            if (!having || having.eval(row, ectx) === true) out.push(row);
          }
        });
        if (ectx.stats) {
          ectx.stats.count(key, groupCount);
          ectx.stats.filtered(key, groupCount - out.length);
        }
        return out;
      },
    };
  };
  let columnar: ColumnarAggregation | null | undefined;
  const planColumnar = (): ColumnarAggregation | null => {
    const keys = collector.keys.slice(0, keyCount);
    const whole = sets.length === 1 && sets[0]!.length === keys.length && sets[0]!.every((k, i) => k === i);
    if (!whole || collector.groupingSetSlot >= 0 || keys.some((k) => k.columnIndex === undefined)) return null;
    const calls: ColumnarCall[] = [];
    for (const c of collector.calls) {
      if (c.distinct || c.filter !== undefined || (c.orderBy?.length ?? 0) > 0 || !COLUMNAR_AGGREGATES.has(c.fn.name)) return null;
      if (c.args.length > 1 || (c.args.length === 1 && c.args[0]!.columnIndex === undefined)) return null;
      const arg = c.args[0];
      calls.push({ fn: c.fn, arg: arg ? arg.columnIndex! : null, argType: arg ? arg.type : null });
    }
    return {
      keyColumns: keys.map((k) => k.columnIndex!),
      keyTypes: keys.map((k) => k.type),
      calls,
      finish(groups, ectx) {
        if (groups.length === 0 && keyCount === 0) groups = [{ key: [], results: calls.map((c) => c.fn.final(c.fn.init())) }];
        ectx.memory?.chargeReferences(groups.length, keyCount + calls.length + 1);
        const out: Value[][] = [];
        for (const g of groups) {
          const row = [...g.key, ...g.results];
          if (!having || having.eval(row, ectx) === true) out.push(row);
        }
        if (ectx.stats) {
          ectx.stats.count(key, groups.length);
          ectx.stats.filtered(key, groups.length - out.length);
        }
        return out;
      },
    };
  };
  return {
    columnar: () => (columnar === undefined ? (columnar = planColumnar()) : columnar),
    targets,
    outputScope: scope,
    bindOutput,
    plan: (child) => aggregateNode(written, s.havingClause ?? null, child, key),
    *aggregate(rows, ectx) {
      const agg = aggregator(ectx);
      for (let r = 0; r < rows.length; r++) {
        if (r > 0 && r % ROWS_PER_SLICE === 0) yield;
        agg.add(rows[r]!);
      }
      return agg.finish();
    },
    aggregator,
  };
}
