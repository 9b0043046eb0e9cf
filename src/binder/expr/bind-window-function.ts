/**
 * `f(args) OVER (…)`: where window calls may appear, which function runs, its arguments and
 * result type, and the window it runs over. The call is registered with the SELECT's
 * WindowCollector and reads its value from the window operator's output row.
 *
 *   row_number() rank() dense_rank()         → bigint        percent_rank() cume_dist() → double
 *   ntile(integer)                           → integer
 *   lag/lead(v [, integer [, default]])      → v's type (unified with the default's, anycompatible)
 *   first_value/last_value(v), nth_value(v, integer) → v's type
 *   any aggregate                            → the aggregate's result type
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType } from '../../types/kalam-type.js';
import type { PgNode } from '../../sql/statement.js';
import { commonSupertype } from '../../types/cast.js';
import { isAggregateName } from '../../executor/aggregates/builtin-aggregates.js';
import { lookupFunction } from '../../executor/functions/index.js';
import { cumeDist, denseRank, ntile, percentRank, rank, rowNumber } from '../../executor/window/ranking-functions.js';
import { firstValue, lagLead, lastValue, nthValue } from '../../executor/window/value-functions.js';
import { windowAggregate } from '../../executor/window/window-aggregate.js';
import type { WindowFunction } from '../../executor/window/window-function.js';
import type { ExprBinderContext } from './binder-context.js';
import { resolveAggregateCall } from './bind-function.js';
import { bindWindowSpec } from './bind-window-spec.js';
import type { Bound } from './compile.js';
import { coerce } from './coerce.js';
import { isUnknownType, T } from './expr-types.js';
import { noFunction } from './operator-error.js';

type WindowBuilder = (args: readonly Bound[], fail: () => SqlError) => WindowFunction;

const none = (make: () => WindowFunction): WindowBuilder => (args, fail) => {
  if (args.length !== 0) throw fail();
  return make();
};

/** rank(x) & co. with arguments are PostgreSQL's hypothetical-set aggregates, which need WITHIN GROUP. */
const hypothetical = (name: string, make: () => WindowFunction): WindowBuilder => (args, fail) => {
  if (args.length !== 0) throw new SqlError('42809', `WITHIN GROUP is required for ordered-set aggregate ${name}`);
  return none(make)(args, fail);
};

/** An integer argument (ntile's buckets, lag's offset, nth_value's n): int2/int4 or untyped. */
function int4Arg(a: Bound, fail: () => SqlError): Bound {
  if (!isUnknownType(a.type) && a.type.oid !== T.int4.oid && a.type.oid !== T.int2.oid) throw fail();
  return coerce(a, T.int4, 'implicit');
}

/** anyelement: an untyped argument has no type to take. */
function valueArg(a: Bound): Bound {
  if (isUnknownType(a.type)) {
    throw new SqlError('42804', 'could not determine polymorphic type because input has type unknown', { position: a.position });
  }
  return a;
}

function lagLeadBuilder(name: 'lag' | 'lead'): WindowBuilder {
  return (args, fail) => {
    if (args.length < 1 || args.length > 3) throw fail();
    const offset = args[1] === undefined ? null : int4Arg(args[1], fail);
    let value = args[0]!;
    let fallback = args[2] ?? null;
    // anycompatible: the value and the default unify to one type.
    if (fallback !== null && !(isUnknownType(value.type) && isUnknownType(fallback.type))) {
      let type: ColumnType | null;
      if (isUnknownType(fallback.type)) type = value.type;
      else if (isUnknownType(value.type)) type = fallback.type;
      else type = commonSupertype(value.type, fallback.type);
      if (type === null) throw fail();
      value = coerce(value, type, 'implicit');
      fallback = coerce(fallback, type, 'implicit');
    }
    value = valueArg(value);
    return lagLead(name, value, offset, fallback, value.type);
  };
}

const BUILTINS: Record<string, WindowBuilder> = {
  row_number: none(rowNumber),
  rank: hypothetical('rank', rank),
  dense_rank: hypothetical('dense_rank', denseRank),
  percent_rank: hypothetical('percent_rank', percentRank),
  cume_dist: hypothetical('cume_dist', cumeDist),
  ntile: (args, fail) => {
    if (args.length !== 1) throw fail();
    return ntile(int4Arg(args[0]!, fail));
  },
  lag: lagLeadBuilder('lag'),
  lead: lagLeadBuilder('lead'),
  first_value: (args, fail) => {
    if (args.length !== 1) throw fail();
    return firstValue(valueArg(args[0]!));
  },
  last_value: (args, fail) => {
    if (args.length !== 1) throw fail();
    return lastValue(valueArg(args[0]!));
  },
  nth_value: (args, fail) => {
    if (args.length !== 2) throw fail();
    return nthValue(valueArg(args[0]!), int4Arg(args[1]!, fail));
  },
};

/** Functions that exist only as window functions (calling one without OVER is 42809). */
export function isWindowFunctionName(name: string): boolean {
  return Object.hasOwn(BUILTINS, name);
}

export function bindWindowCall(ctx: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number): Bound {
  if (ctx.inAggregate) throw new SqlError('42803', 'aggregate function calls cannot contain window function calls', { position });
  if (ctx.inWindow) throw new SqlError('42P20', 'window function calls cannot be nested', { position });
  const windows = ctx.windows;
  if (windows === null) throw new SqlError('42P20', `window functions are not allowed in ${ctx.clause}`, { position });
  const def = windows.resolve(body.over, (l) => ctx.position(l));
  const inner = ctx.forWindowArgs();
  const fn = bindFunction(inner, name, body, position);
  const spec = bindWindowSpec(inner, def, windows.bindOffset);
  return windows.register({ spec, fn }, def, name, position);
}

function bindFunction(inner: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number): WindowFunction {
  const builder = BUILTINS[name];
  if (builder === undefined) {
    if (isAggregateName(name)) {
      if (body.agg_distinct === true) throw new SqlError('0A000', 'DISTINCT is not implemented for window functions', { position });
      if (body.agg_order !== undefined) throw new SqlError('0A000', 'aggregate ORDER BY is not implemented for window functions', { position });
      return windowAggregate({ ...resolveAggregateCall(inner, name, body, position), slot: 0 });
    }
    const args = ((body.args as PgNode[] | undefined) ?? []).map((a) => inner.bind(a));
    if (lookupFunction(name) === undefined) throw noFunction(name, args.map((a) => a.type), position);
    throw new SqlError('42809', `OVER specified, but ${name} is not a window function nor an aggregate function`, { position });
  }
  if (body.agg_star === true) throw new SqlError('42809', `${name}(*) specified, but ${name} is not an aggregate function`, { position });
  if (body.agg_distinct === true) throw new SqlError('42809', `DISTINCT specified, but ${name} is not an aggregate function`, { position });
  if (body.agg_order !== undefined) throw new SqlError('42809', `ORDER BY specified, but ${name} is not an aggregate function`, { position });
  if (body.agg_filter !== undefined) throw new SqlError('0A000', 'FILTER is not implemented for non-aggregate window functions', { position });
  const args = ((body.args as PgNode[] | undefined) ?? []).map((a) => inner.bind(a));
  return builder(args, () => noFunction(name, args.map((a) => a.type), position));
}
