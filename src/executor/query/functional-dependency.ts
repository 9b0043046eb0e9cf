/**
 * GROUP BY a table's primary key groups by the whole row of that table: PostgreSQL lets the
 * select list, HAVING and ORDER BY use the table's other columns ungrouped, since they are
 * functionally dependent on the key.
 *
 *   SELECT r.code, r.label, count(*) FROM regions r JOIN sales s ON … GROUP BY r.code
 *                  └ r.code is regions' primary key, so r.label is one value per group
 *
 * We add those columns as extra grouping keys: they cannot split a group, and the output row
 * then carries their values.
 */
import type { Node } from '../../binder/ast.js';
import type { RangeEntry } from '../../binder/range-scope.js';

/**
 * Column references (qualified by the entry's alias) for the columns of every base table whose
 * primary key columns are all in `groupedColumns` (row indexes), other than those grouped already.
 */
export function functionallyDependentColumns(entries: readonly RangeEntry[], groupedColumns: ReadonlySet<number>): Node[] {
  const out: Node[] = [];
  for (const e of entries) {
    if (e.primaryKey === undefined || !e.primaryKey.every((i) => groupedColumns.has(e.offset + i))) continue;
    e.columns.forEach((c, i) => {
      if (groupedColumns.has(e.offset + i)) return;
      const fields = [e.alias, c.name].map((sval) => ({ String: { sval } }));
      out.push({ ColumnRef: { fields, location: -1 } });
    });
  }
  return out;
}
