/**
 * SELECT DISTINCT and SELECT DISTINCT ON (…), with PostgreSQL's binding rules:
 *
 * - `SELECT DISTINCT … ORDER BY x`: x must be one of the select-list entries (42P10), since
 *   rows are compared on the select list only.
 * - `SELECT DISTINCT ON (a, b) … ORDER BY …`: the DISTINCT ON expressions must be the leftmost
 *   ORDER BY items, in any order among themselves (42P10 otherwise). Of each set of rows equal
 *   on them, the first in ORDER BY order is kept.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import type { BoundTarget } from '../../binder/bind-targets.js';
import type { BindScope, BoundExpr } from '../../binder/expr/bound-expr.js';
import { itemIdentity, locationOf, outputEntryOf } from './output-reference.js';

export type DistinctPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'rows' }
  | { readonly kind: 'on'; readonly exprs: readonly BoundExpr[]; readonly extraSort: readonly Node[] };

export interface DistinctInputs {
  readonly targets: readonly BoundTarget[];
  readonly targetIds: readonly string[];
  readonly scope: BindScope;
  /** ORDER BY items (SortBy nodes). */
  readonly sortClause: readonly Node[];
  /** Binds an expression that names no output entry, as ORDER BY items are bound. */
  readonly bind: (node: Node) => BoundExpr;
}

export function bindDistinct(distinctClause: readonly Node[] | undefined, inputs: DistinctInputs): DistinctPlan {
  if (distinctClause === undefined) return { kind: 'none' };
  const { targets, targetIds, scope } = inputs;
  const sortNodes = inputs.sortClause.map((s) => bodyOf<{ node: Node }>(s).node);
  const sortIds = sortNodes.map((n) => itemIdentity(n, outputEntryOf(n, targets, targetIds, 'ORDER BY'), targetIds, scope));
  // Plain DISTINCT is a list holding one empty node.
  if (distinctClause.length === 0 || Object.keys(distinctClause[0] ?? {}).length === 0) {
    sortIds.forEach((id, i) => {
      if (!targetIds.includes(id)) {
        throw new SqlError('42P10', 'for SELECT DISTINCT, ORDER BY expressions must appear in select list',
          { position: locationOf(sortNodes[i]!) });
      }
    });
    return { kind: 'rows' };
  }
  const exprs: BoundExpr[] = [];
  const ids: string[] = [];
  for (const node of distinctClause) {
    const entry = outputEntryOf(node, targets, targetIds, 'DISTINCT ON');
    exprs.push(entry !== null ? targets[entry]!.expr : inputs.bind(node));
    ids.push(itemIdentity(node, entry, targetIds, scope));
  }
  // PostgreSQL's transformDistinctOnClause: no DISTINCT ON item may follow an ORDER BY item that
  // is not one, and if any ORDER BY item is not one, every DISTINCT ON item must be in ORDER BY.
  const mismatch = (i: number): SqlError => new SqlError('42P10',
    'SELECT DISTINCT ON expressions must match initial ORDER BY expressions', { position: locationOf(distinctClause[i]!) });
  let skipped = false;
  for (const id of sortIds) {
    if (ids.includes(id)) {
      if (skipped) throw mismatch(ids.indexOf(id));
    } else {
      skipped = true;
    }
  }
  if (skipped) {
    const missing = ids.findIndex((id) => !sortIds.includes(id));
    if (missing >= 0) throw mismatch(missing);
  }
  // The rows are sorted on the DISTINCT ON items ORDER BY leaves out (ascending, after it), as
  // PostgreSQL's Sort under Unique does: the answer comes out in that order even with no ORDER BY.
  const extraSort = distinctClause
    .filter((_, i) => !sortIds.includes(ids[i]!))
    .map((node) => ({ SortBy: { node, sortby_dir: 'SORTBY_DEFAULT', sortby_nulls: 'SORTBY_NULLS_DEFAULT' } }));
  return { kind: 'on', exprs, extraSort };
}

/**
 * Keeps the first item of each set of items with equal keys, in order. `seen` carries keys over
 * from earlier calls (a recursive UNION's rounds); `onNew` hears each key kept (memory accounting).
 */
export function firstOfEach<T>(
  items: T[], key: (item: T) => string, seen: Set<string> = new Set(), onNew?: (key: string) => void,
): T[] {
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    onNew?.(k);
    seen.add(k);
    return true;
  });
}
