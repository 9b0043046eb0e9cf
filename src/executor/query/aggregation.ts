/**
 * Grouped SELECTs: GROUP BY keys and aggregate calls are collected while binding (the
 * AggregateCollector's contract), then one pass groups the filtered input rows and emits
 * `[...keys, ...aggregate results]` per group, over which HAVING, the select list and ORDER BY
 * were bound.
 */
import { Errors } from '../../errors/sql-error.js';
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
import { rowKey } from './row-key.js';

interface GroupedSelect {
  targetList?: Node[];
  groupClause?: Node[];
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
  readonly aggregate: (rows: Value[][], ectx: EvalContext) => Value[][];
}

/** GROUP BY 1 and GROUP BY <output alias> name select-list expressions. */
function resolveGroupItem(item: Node, targets: readonly Node[]): Node {
  if (kindOf(item) === 'A_Const') {
    const c = bodyOf<{ ival?: { ival?: number } }>(item);
    if (c.ival) {
      const pos = c.ival.ival ?? 0;
      const t = targets[pos - 1];
      if (!t) throw Errors.syntax(`GROUP BY position ${pos} is not in select list`);
      return bodyOf<{ val: Node }>(t).val;
    }
  }
  if (kindOf(item) === 'ColumnRef') {
    const fields = bodyOf<{ fields: Node[] }>(item).fields;
    if (fields.length === 1 && kindOf(fields[0]!) === 'String') {
      const name = (fields[0] as { String: { sval: string } }).String.sval;
      const t = targets.find((x) => bodyOf<{ name?: string }>(x).name === name);
      if (t) return bodyOf<{ val: Node }>(t).val;
    }
  }
  if (kindOf(item) === 'GroupingSet') throw Errors.featureNotSupported('GROUPING SETS, ROLLUP and CUBE are not supported yet');
  return item;
}

export function planAggregation(
  s: GroupedSelect, scope: BindScope, params: ParamSlots, subqueries: SubqueryPlanner | null = null, windows: WindowCollector | null = null,
): AggregationPlan {
  const targetNodes = s.targetList ?? [];
  const groupBy = (s.groupClause ?? []).map((g) => resolveGroupItem(g, targetNodes));
  const collector = new AggregateCollector(scope, params, groupBy);
  const opts = { aggregates: collector, subqueries, windows };
  const targets = bindTargets(targetNodes, scope, params, opts);
  const having = s.havingClause
    ? requireBoolean(bindExpr(s.havingClause, scope, params, { aggregates: collector, subqueries, clause: 'HAVING' }), 'HAVING') : null;
  const bindOutput = (node: Node) => bindExpr(node, scope, params, opts);
  return {
    targets,
    outputScope: scope,
    bindOutput,
    aggregate(rows, ectx) {
      const keys = collector.keys;
      const calls = collector.calls;
      const groups = new Map<string, { key: Value[]; accs: AggregateAccumulator[] }>();
      for (const row of rows) {
        const key = keys.map((k) => k.eval(row, ectx));
        const id = rowKey(key);
        let g = groups.get(id);
        if (!g) {
          g = { key, accs: calls.map((c) => new AggregateAccumulator(c)) };
          groups.set(id, g);
        }
        for (const acc of g.accs) acc.add(row, ectx);
      }
      // An aggregate without GROUP BY yields one row even over no input.
      if (groups.size === 0 && keys.length === 0) groups.set('', { key: [], accs: calls.map((c) => new AggregateAccumulator(c)) });
      const out: Value[][] = [];
      for (const g of groups.values()) {
        const row = [...g.key, ...g.accs.map((a) => a.result())];
        if (!having || having.eval(row, ectx) === true) out.push(row);
      }
      return out;
    },
  };
}
