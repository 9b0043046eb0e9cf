/**
 * `agg(direct args) WITHIN GROUP (ORDER BY x)`: registers an aggregate call with arguments
 * `[x, ...direct]` and an ORDER BY on x (see executor/aggregates/ordered-set-aggregates.ts).
 *
 * Direct arguments are evaluated per group; as in PostgreSQL they may use only grouped columns,
 * which binding them once at the output level checks (42803 otherwise).
 */
import { SqlError } from '../../errors/sql-error.js';
import type { PgNode } from '../../sql/statement.js';
import { lookupOrderedSet } from '../../executor/aggregates/ordered-set-aggregates.js';
import type { ExprBinderContext } from './binder-context.js';
import type { AggregateCollector } from './aggregate-collector.js';
import type { Bound } from './compile.js';
import { coerce } from './coerce.js';
import { T, baseType } from './expr-types.js';
import { noFunction } from './operator-error.js';

export function isOrderedSetAggregate(name: string): boolean {
  return lookupOrderedSet(name) !== undefined;
}

/** `sum(x) WITHIN GROUP (ORDER BY y)`: there is no sum(x, y) (42883); count(*) names no arguments (42809). */
export function rejectWithinGroup(ctx: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number): never {
  if (body.agg_star !== true) {
    const inner = ctx.forAggregateArgs();
    const direct = ((body.args as PgNode[] | undefined) ?? []).map((a) => inner.bind(a));
    const order = ((body.agg_order as PgNode[] | undefined) ?? []).map((s) => inner.bind((s as { SortBy: { node: PgNode } }).SortBy.node));
    throw noFunction(name, [...direct, ...order].map((a) => a.type), position);
  }
  throw new SqlError('42809', `${name} is not an ordered-set aggregate, so it cannot have WITHIN GROUP`, { position });
}

export function bindOrderedSetAggregate(
  ctx: ExprBinderContext,
  collector: AggregateCollector,
  name: string,
  body: Record<string, unknown>,
  position?: number,
): Bound {
  const def = lookupOrderedSet(name)!;
  if (body.agg_within_group !== true) {
    // Called like a plain aggregate: PostgreSQL first looks for a function of that many arguments.
    const args = ((body.args as PgNode[] | undefined) ?? []).map((a) => ctx.forAggregateArgs().bind(a));
    if (body.agg_star === true || args.length !== def.directCount + 1) throw noFunction(name, args.map((a) => a.type), position);
    throw new SqlError('42809', `WITHIN GROUP is required for ordered-set aggregate ${name}`, { position });
  }
  if (body.agg_distinct === true) throw new SqlError('42601', 'cannot use DISTINCT with WITHIN GROUP', { position });
  const inner = ctx.forAggregateArgs();
  const directNodes = (body.args as PgNode[] | undefined) ?? [];
  const directPerGroup = directNodes.map((d) => ctx.bind(d));
  let direct = directNodes.map((d) => inner.bind(d));
  const sorts = (body.agg_order as PgNode[] | undefined) ?? [];
  const orderValues = sorts.map((s) => inner.bind((s as { SortBy: { node: PgNode } }).SortBy.node));
  if (orderValues.length !== 1) throw noFunction(name, [...direct, ...orderValues].map((a) => a.type), position);
  const sort = (sorts[0] as { SortBy: Record<string, unknown> }).SortBy;
  if (sort.useOp !== undefined) throw new SqlError('0A000', 'ORDER BY … USING is not supported', { position });
  const resolved = def.resolve(direct.map((a) => baseType(a.type)), baseType(orderValues[0]!.type));
  if (resolved === null) throw noFunction(name, [...direct, ...orderValues].map((a) => a.type), position);
  direct = direct.map((a, i) => coerce(a, resolved.directTypes[i]!, 'implicit'));
  const value = coerce(orderValues[0]!, resolved.orderType, 'implicit');
  const descending = sort.sortby_dir === 'SORTBY_DESC';
  const nulls = sort.sortby_nulls as string | undefined;
  const nullsFirst = nulls === 'SORTBY_NULLS_FIRST' ? true : nulls === 'SORTBY_NULLS_LAST' ? false : descending;
  const filter = body.agg_filter === undefined ? undefined
    : coerce(inner.bind(body.agg_filter as PgNode), T.bool, 'implicit', { argumentOf: 'FILTER' });
  const slot = collector.register({
    fn: resolved.fn, args: [value, ...direct], distinct: false, filter,
    orderBy: [{ expr: value, descending, nullsFirst }],
  });
  const check = def.checkDirect;
  const perGroup = directPerGroup.map((a, i) => coerce(a, resolved.directTypes[i]!, 'implicit'));
  return {
    type: resolved.fn.resultType, label: name, labelStrength: 2, constant: false, position,
    eval: check === undefined ? (row) => row[slot] ?? null : (row, ectx) => {
      check(perGroup.map((e) => e.eval(row, ectx)));
      return row[slot] ?? null;
    },
  };
}
