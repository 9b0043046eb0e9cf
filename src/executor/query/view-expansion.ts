/**
 * A view named in FROM: its stored query bound afresh, like a subquery in FROM, under the view's
 * own (fixed) column names. The query sees no outer scope and no parameters of the statement
 * that names it; views over views expand recursively.
 */
import type { ViewDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { stringList } from '../../binder/ast.js';
import { StatementParams } from '../../binder/param-slots.js';
import type { RangeEntry } from '../../binder/range-scope.js';
import type { RangeVarNode } from '../../binder/resolve-relation.js';
import { withViewCapture } from '../../binder/view-capture.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import { prepareSelectSource } from './select-source.js';
import type { PlanNode } from '../../planner/explain/plan-node.js';

/** Views being expanded right now, innermost last: a view reached again would never end. */
const expanding: number[] = [];

export interface ViewPlan {
  readonly entry: RangeEntry;
  readonly produce: (ctx: SessionContext, ectx: EvalContext) => Promise<Value[][]>;
  /** Read ahead for correlated subqueries over the view (see from-clause.ts). */
  readonly prefetch: (ctx: SessionContext, ectx: EvalContext) => Promise<void>;
  readonly produceSync: (ectx: EvalContext) => Value[][];
  /** The view query's plan, for EXPLAIN. */
  readonly plan: PlanNode;
}

export function bindView(ctx: SessionContext, view: ViewDefinition, rv: RangeVarNode, offset: number): ViewPlan {
  if (expanding.includes(view.oid)) {
    throw new SqlError('42P17', `infinite recursion detected in rules for relation "${view.name}"`);
  }
  expanding.push(view.oid);
  let source;
  try {
    source = withViewCapture(null, () => prepareSelectSource(ctx, view.query, new StatementParams([]), null));
  } finally {
    expanding.pop();
  }
  const drifted =
    source.columns.length !== view.columns.length ||
    source.columns.some((c, i) => c.type.oid !== view.columns[i]!.type.oid || c.type.typmod !== view.columns[i]!.type.typmod);
  if (drifted) throw Errors.internal(`view "${view.name}" no longer matches the relations it reads`);
  const colnames = stringList(rv.alias?.colnames);
  if (colnames.length > view.columns.length) {
    throw new SqlError('42P10', `table "${rv.alias?.aliasname ?? view.name}" has ${view.columns.length} columns available but ${colnames.length} columns specified`);
  }
  const entry: RangeEntry = {
    alias: rv.alias?.aliasname ?? view.name,
    schema: view.namespace,
    columns: view.columns.map((c, i) => ({ name: colnames[i] ?? c.name, type: c.type, attnum: i + 1 })),
    offset,
    tableOid: view.oid,
  };
  const rows = source;
  return {
    entry,
    plan: rows.plan,
    produce: (ctx, ectx) => rows.run(ctx, ectx),
    prefetch: (ctx, ectx) => rows.prefetch(ctx, ectx),
    produceSync: (ectx) => rows.runSync(ectx),
  };
}
