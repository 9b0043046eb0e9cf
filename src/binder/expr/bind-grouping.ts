/**
 * grouping(a, b, …): a bit mask of which arguments the current grouping set rolled up — the
 * leftmost argument is the highest bit, a bit is 1 when that expression is NOT grouped in the set
 * that produced the row. Each argument must be written as one of the GROUP BY expressions.
 *
 *   GROUP BY ROLLUP (a, b)     set {a,b} → grouping(a, b) = 0;  {a} → 1;  {} → 3
 */
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import type { ExprBinderContext } from './binder-context.js';
import type { Bound } from './compile.js';
import { T } from './expr-types.js';

const MAX_ARGS = 31;

export function bindGroupingFunc(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const position = ctx.position(body.location);
  const args = (body.args as PgNode[] | undefined) ?? [];
  const collector = ctx.aggregates;
  if (collector === null) throw new SqlError('42803', `grouping operations are not allowed in ${ctx.clause}`, { position });
  if (ctx.inAggregate) throw new SqlError('42803', 'aggregate function calls cannot be nested', { position });
  if (args.length > MAX_ARGS) throw new SqlError('54023', `GROUPING must have fewer than ${MAX_ARGS + 1} arguments`, { position });
  const slots = args.map((arg) => {
    let slot = collector.keySlotOf(arg);
    if (slot < 0) {
      // `grouping(t.a)` names the same column as `GROUP BY a`.
      const column = ctx.forAggregateArgs().bind(arg).columnIndex;
      if (column !== undefined) slot = collector.keySlotOfColumn(column);
    }
    if (slot < 0) {
      const at = ctx.position((Object.values(arg)[0] as { location?: number } | undefined)?.location) ?? position;
      throw new SqlError('42803', 'arguments to GROUPING must be grouping expressions of the associated query level', { position: at });
    }
    return slot;
  });
  const sets = collector.groupingSets;
  const setSlot = collector.groupingSetSlot;
  if (sets === null) {
    // A plain GROUP BY groups by every key in every row.
    return { type: T.int4, label: 'grouping', labelStrength: 2, constant: false, position, eval: () => 0 };
  }
  const masks = sets.map((set) => slots.reduce((m, slot) => (m << 1) | (set.includes(slot) ? 0 : 1), 0));
  return {
    type: T.int4, label: 'grouping', labelStrength: 2, constant: false, position,
    eval: (row) => masks[row[setSlot] as number] ?? null,
  };
}
