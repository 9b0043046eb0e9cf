/**
 * Name resolution for a LATERAL subquery in FROM: it may name columns of the FROM items to its
 * left. Those are read, like an enclosing query's columns in a correlated subquery, from the row
 * the subquery runs for — one level out (EvalContext.outerRows[0] is the left row):
 *
 *   FROM dept d, LATERAL (SELECT e.name FROM emp e WHERE e.dept_id = d.id LIMIT 1) t
 *        left row ───────────────────────────────────────┘ d.id → outerRows[0][d.id's index]
 *
 * Names not found on the left resolve further out, one level deeper than they were.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import type { BindScope, BoundExpr, ColumnBinding } from '../../binder/expr/bound-expr.js';
import { RangeScope, type RangeEntry } from '../../binder/range-scope.js';

export class LateralBoundary implements BindScope {
  usesLeft = false;
  private readonly left: RangeScope;

  /** `entries` are the items to the left with offsets relative to the left row. */
  constructor(entries: readonly RangeEntry[], private readonly outer: BindScope | null) {
    this.left = new RangeScope(entries, null);
  }

  resolveColumn(names: readonly string[], location: number): ColumnBinding {
    if (this.left.levelOf(names) === 0) {
      this.usesLeft = true;
      return { ...this.left.resolveColumn(names, location), levelsUp: 1 };
    }
    if (this.outer === null) return this.left.resolveColumn(names, location); // throws PostgreSQL's error
    const b = this.outer.resolveColumn(names, location);
    return { ...b, levelsUp: (b.levelsUp ?? 0) + 1 };
  }

  expandStar(qualifier: readonly string[] | null, location: number): readonly ColumnBinding[] {
    this.usesLeft = true;
    return this.left.expandStar(qualifier, location).map((b) => ({ ...b, levelsUp: 1 }));
  }

  levelOf(names: readonly string[]): number {
    if (this.left.levelOf(names) === 0) return 1;
    const up = this.outer?.levelOf?.(names) ?? -1;
    return up < 0 ? -1 : up + 1;
  }

  bindOuter(_node: PgNode, _levelsUp: number, location: number): BoundExpr {
    throw new SqlError('0A000', 'an aggregate over columns outside a LATERAL subquery is not supported', { position: location + 1 });
  }
}
