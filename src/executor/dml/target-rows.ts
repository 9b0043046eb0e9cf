/**
 * The rows an UPDATE or DELETE acts on: its table's visible rows that satisfy WHERE — joined, for
 * UPDATE … FROM and DELETE … USING, with the other FROM items' rows:
 *
 *   row = [ target columns (width `width`) | FROM/USING items' columns ]
 *
 * Subqueries in WHERE go to `subqueries`: the statement prepares them before `fetch`.
 *
 * Each target row is acted on once: with several matching FROM rows, the first one counts (the
 * choice PostgreSQL leaves unspecified).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { Node } from '../../binder/ast.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import type { EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { RangeScope } from '../../binder/range-scope.js';
import { tableEntry } from '../../binder/table-scope.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { bindFrom, tableProducer } from '../query/from-clause.js';
import { requireBoolean } from '../query/predicates.js';
import { SqlError } from '../../errors/sql-error.js';
import type { SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';
import type { PlanNode } from '../../planner/explain/plan-node.js';
import { nestedLoopNode } from '../../planner/explain/scan-nodes.js';
import { deparse } from '../../planner/explain/deparse-expr.js';

export interface TargetRows {
  readonly scope: RangeScope;
  /** Columns of the target table at the start of each row. */
  readonly width: number;
  /** The scan (or, with FROM/USING, the nested loop) EXPLAIN prints under the statement. */
  readonly plan: PlanNode;
  fetch(ctx: SessionContext, ectx: EvalContext): Promise<Value[][]>;
}

export function bindTargetRows(
  ctx: SessionContext,
  table: TableDefinition,
  alias: string,
  where: Node | undefined,
  params: ParamSlots,
  from?: readonly Node[],
  subqueries: SubqueryPlanner | null = null,
): TargetRows {
  const own = tableEntry(table, alias, 0);
  const width = own.columns.length;
  if (!from?.length) {
    const scope = new RangeScope([own]);
    const read = tableProducer(table, alias, where, scope, params);
    const predicate = where ? requireBoolean(bindExpr(where, scope, params, { subqueries }), 'WHERE') : null;
    return {
      scope,
      width,
      plan: read.plan,
      async fetch(c, ectx) {
        const rows = await read.produce(c, ectx);
        const kept = predicate ? rows.filter((r) => predicate.eval(r, ectx) === true) : rows;
        if (ectx.stats) {
          ectx.stats.count(read.plan.key, rows.length);
          ectx.stats.filtered(read.plan.key, rows.length - kept.length);
        }
        return kept;
      },
    };
  }
  const others = bindFrom(ctx, from, params, undefined, null, subqueries);
  const entries = [own, ...others.entries.map((e) => ({ ...e, offset: e.offset + width }))];
  for (const e of others.entries) {
    if (e.alias === alias) throw new SqlError('42712', `table name "${alias}" specified more than once`);
  }
  const scope = new RangeScope(entries);
  const read = tableProducer(table, alias, undefined, new RangeScope([own]), params);
  const predicate = where ? requireBoolean(bindExpr(where, scope, params, { subqueries }), 'WHERE') : null;
  const plan = nestedLoopNode('JOIN_INNER', where ? deparse(where) : null, read.plan, others.plan);
  return {
    scope,
    width,
    plan,
    async fetch(c, ectx) {
      const [mine, theirs] = await Promise.all([read.produce(c, ectx), others.produce(c, ectx)]);
      ectx.stats?.count(read.plan.key, mine.length);
      const out: Value[][] = [];
      for (const t of mine) {
        c.checkCancel();
        for (const o of theirs) {
          const row = t.concat(o);
          if (predicate && predicate.eval(row, ectx) !== true) continue;
          out.push(row);
          break;
        }
      }
      ectx.stats?.count(plan.key, out.length);
      return out;
    },
  };
}
