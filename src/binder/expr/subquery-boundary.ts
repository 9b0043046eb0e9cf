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
import type { BindScope, BoundExpr, ColumnBinding, EvalContext } from './bound-expr.js';

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

  levelOf(names: readonly string[]): number {
    const level = this.enclosing.scope.levelOf?.(names) ?? -1;
    return level < 0 ? -1 : level + 1;
  }

  /**
   * An expression of the enclosing query (or one further out) met inside the subquery: bound by
   * the enclosing query's binder — so an outer aggregate is collected by the outer query's
   * grouping — and read, per row of the subquery, from the outer row it runs for.
   */
  bindOuter(node: PgNode, levelsUp: number, location: number): BoundExpr {
    if (levelsUp > 1) {
      this.usesOuterLevels = true;
      const further = this.enclosing.scope.bindOuter?.(node, levelsUp - 1, location);
      if (further === undefined) throw new SqlError('XX000', 'internal error: no enclosing query to bind in');
      return fromOuterRow(further);
    }
    this.usesEnclosingRow = true;
    if (this.enclosing.aggregates === null && !this.enclosing.inAggregate) {
      throw new OuterAggregateError(this.enclosing.clause, this.enclosing.scope, this.enclosing.position(location));
    }
    return fromOuterRow(this.enclosing.bind(node));
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

/** `inner` is bound over the outer row: evaluate it there, one level out. */
function fromOuterRow(inner: BoundExpr): BoundExpr {
  return {
    type: inner.type, label: inner.label, constant: false,
    eval: (_row, c) => {
      const rows = c.outerRows ?? [];
      return inner.eval(rows[0] ?? [], { ...c, outerRows: rows.slice(1) });
    },
  };
}

/**
 * An aggregate of an ungrouped enclosing query. In a select list or ORDER BY it makes that query
 * grouped (`SELECT (SELECT sum(e.x)) FROM e` is one row), so the query's planner catches this
 * (matching `enclosingScope`) and plans again, grouped; anywhere else it is the user's error.
 */
export class OuterAggregateError extends SqlError {
  constructor(clause: string, readonly enclosingScope: BindScope, position: number | undefined) {
    super('42803', `aggregate functions are not allowed in ${clause}`, { position });
  }
}

/**
 * The subquery level an aggregate call belongs to (PostgreSQL's rule): the nearest level any of
 * its arguments' columns comes from; 0 (here) when they name no column.
 */
export function aggregateLevel(scope: BindScope, args: unknown): number {
  let level = Number.MAX_SAFE_INTEGER;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if ('SubLink' in o) return;
    const ref = o.ColumnRef as { fields?: { String?: { sval?: string } }[] } | undefined;
    if (ref !== undefined) {
      const names = (ref.fields ?? []).map((f) => f.String?.sval ?? '*');
      const l = scope.levelOf?.(names) ?? 0;
      level = Math.min(level, l < 0 ? 0 : l);
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(args);
  return level === Number.MAX_SAFE_INTEGER ? 0 : level;
}
