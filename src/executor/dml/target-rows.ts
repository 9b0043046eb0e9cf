/** The rows an UPDATE or DELETE acts on: its table's visible rows that satisfy WHERE. */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { Node } from '../../binder/ast.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import type { EvalContext, ParamSlots } from '../../binder/expr/bound-expr.js';
import { RangeScope } from '../../binder/range-scope.js';
import { tableEntry } from '../../binder/table-scope.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { tableProducer } from '../query/from-clause.js';
import { requireBoolean } from '../query/predicates.js';
import type { SubqueryPlanner } from '../../binder/expr/subquery-boundary.js';

export interface TargetRows {
  readonly scope: RangeScope;
  fetch(ctx: SessionContext, ectx: EvalContext): Promise<Value[][]>;
}

/** Subqueries in WHERE go to `subqueries`: the statement prepares them before `fetch`. */
export function bindTargetRows(
  table: TableDefinition, alias: string, where: Node | undefined, params: ParamSlots, subqueries: SubqueryPlanner | null = null,
): TargetRows {
  const scope = new RangeScope([tableEntry(table, alias, 0)]);
  const produce = tableProducer(table, alias, where, scope, params);
  const predicate = where ? requireBoolean(bindExpr(where, scope, params, { subqueries }), 'WHERE') : null;
  return {
    scope,
    async fetch(ctx, ectx) {
      const rows = await produce(ctx, ectx);
      return predicate ? rows.filter((r) => predicate.eval(r, ectx) === true) : rows;
    },
  };
}
