/**
 * The edge between a query and a subquery written inside one of its expressions (a SubLink), and
 * the contract the binder needs from whoever plans that subquery.
 *
 *   SELECT name FROM dept d                     enclosing query: binder scope over d's row
 *   WHERE EXISTS (SELECT 1 FROM emp e           subquery: RangeScope(e) whose outer is the
 *                 WHERE e.dept_id = d.id)         SubqueryBoundary around the enclosing binder
 *
 * A name the subquery cannot resolve itself crosses the boundary. The boundary resolves it in the
 * enclosing binder's scope and returns it one level further out (`levelsUp`), so the subquery's
 * expression reads it from `EvalContext.outerRows` at run time. Crossing also records how the
 * subquery depends on the world outside it, which decides how often it must run:
 *
 *   usesEnclosingRow   a name landed on the enclosing query's own row → run per enclosing row
 *   usesOuterLevels    a name landed further out → run once per run of the enclosing query
 *   neither            uncorrelated → run once per statement execution (an "init plan")
 *
 * In a grouped enclosing query the subquery sees the grouped row, as in PostgreSQL: a grouping
 * column reads its key slot, any other column is 42803.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { ExprBinderContext } from './binder-context.js';
import type { BindScope, ColumnBinding, EvalContext } from './bound-expr.js';

export interface SubqueryColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** A planned subquery, as the expression that contains it sees it. */
export interface SubqueryHandle {
  readonly columns: readonly SubqueryColumn[];
  /**
   * The subquery's rows for `row`, the current row of the enclosing query. Synchronous, like
   * every `eval`: the planner arranges that whatever must be read from storage was read before
   * the enclosing query evaluates its first row (see executor/subquery/subplan.ts).
   */
  rows(row: readonly Value[], ctx: EvalContext): readonly (readonly Value[])[];
}

/** Plans the SELECT of a SubLink; supplied by the executor through BindOptions.subqueries. */
export interface SubqueryPlanner {
  plan(select: PgNode, boundary: SubqueryBoundary): SubqueryHandle;
}

export class SubqueryBoundary implements BindScope {
  usesEnclosingRow = false;
  usesOuterLevels = false;

  constructor(private readonly enclosing: ExprBinderContext) {}

  resolveColumn(names: readonly string[], location: number): ColumnBinding {
    return this.crossing(this.enclosing.scope.resolveColumn(names, location), names, location);
  }

  expandStar(qualifier: readonly string[] | null, location: number): readonly ColumnBinding[] {
    return this.enclosing.scope.expandStar(qualifier, location).map((b) => this.crossing(b, [...(qualifier ?? []), b.name], location));
  }

  private crossing(b: ColumnBinding, names: readonly string[], location: number): ColumnBinding {
    const up = b.levelsUp ?? 0;
    if (up > 0) {
      this.usesOuterLevels = true;
      return { ...b, levelsUp: up + 1 };
    }
    this.usesEnclosingRow = true;
    const grouped = this.enclosing.aggregates;
    if (grouped === null || this.enclosing.inAggregate) return { ...b, levelsUp: 1 };
    const slot = grouped.keySlotOfColumn(b.index);
    if (slot < 0) {
      const shown = names.length > 1 ? names.join('.') : b.name;
      throw new SqlError('42803', `subquery uses ungrouped column "${shown}" from outer query`, {
        position: this.enclosing.position(location),
      });
    }
    return { ...b, index: slot, levelsUp: 1 };
  }
}
