/**
 * EXPLAIN nodes for a SELECT's steps above FROM, named for what each step does here:
 *
 *   GROUP BY (a hash table of groups)      HashAggregate   Group Key: grp   Filter: <HAVING>
 *   aggregates without GROUP BY            Aggregate
 *   window functions                       WindowAgg
 *   set-returning functions in the list    ProjectSet
 *   DISTINCT (first row of each, hashed)   HashAggregate   Group Key: <select list>
 *   ORDER BY                               Sort            Sort Key: val DESC
 *   DISTINCT ON (over sorted rows)         Unique
 *   LIMIT / OFFSET                         Limit
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { deparse, deparseKey } from './deparse-expr.js';
import { PlanNode } from './plan-node.js';

/** `written`: the grouping plan as written (sets index into `exprs`). */
export function aggregateNode(
  written: { readonly exprs: readonly Node[]; readonly sets: readonly (readonly number[])[]; readonly hasGroupingSets: boolean },
  having: Node | null,
  child: PlanNode,
  key: object,
): PlanNode {
  const filter = having ? [`Filter: ${deparse(having)}`] : [];
  if (written.sets.every((s) => s.length === 0)) return PlanNode.create('Aggregate', filter, [child], key);
  const keyText = (set: readonly number[]): string => set.map((k) => deparseKey(written.exprs[k]!)).join(', ');
  const lines = written.hasGroupingSets
    ? written.sets.map((s) => (s.length === 0 ? 'Group Key: ()' : `Hash Key: ${keyText(s)}`))
    : [`Group Key: ${keyText(written.sets[0]!)}`];
  return PlanNode.create(written.hasGroupingSets ? 'MixedAggregate' : 'HashAggregate', [...lines, ...filter], [child], key);
}

interface SortByNode {
  node: Node;
  sortby_dir?: string;
  sortby_nulls?: string;
}

/** `Sort Key: val DESC, (a + b)`; an ordinal (`ORDER BY 2`) prints the select-list entry it names. */
export function sortKeyText(sortClause: readonly Node[], targetList: readonly Node[]): string {
  return sortClause.map((item) => {
    const sb = bodyOf<SortByNode>(item);
    let node = sb.node;
    const ival = kindOf(node) === 'A_Const' ? bodyOf<{ ival?: { ival?: number } }>(node).ival : undefined;
    if (ival) {
      const t = targetList[(ival.ival ?? 0) - 1];
      if (t) node = bodyOf<{ val: Node }>(t).val;
    }
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nulls = sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? (desc ? '' : ' NULLS FIRST')
      : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? (desc ? ' NULLS LAST' : '') : '';
    return `${deparseKey(node)}${desc ? ' DESC' : ''}${nulls}`;
  }).join(', ');
}

/** The select list as a DISTINCT key: `Group Key: a, b`. */
export function targetListText(targetList: readonly Node[]): string {
  return targetList.map((t) => deparseKey(bodyOf<{ val: Node }>(t).val)).join(', ');
}

/** `LIMIT 10 OFFSET 5` as written, for the Sort node's top-N line. */
export function limitText(limit: Node | undefined, offset: Node | undefined): string {
  const parts: string[] = [];
  if (limit) parts.push(`LIMIT ${deparse(limit)}`);
  if (offset) parts.push(`OFFSET ${deparse(offset)}`);
  return parts.join(' ');
}
