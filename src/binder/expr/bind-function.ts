/**
 * Function calls: aggregates go to the AggregateCollector, everything else to the scalar library
 * (executor/functions). Overload choice follows PostgreSQL's func_select_candidate in small:
 * most exact argument-type matches, then untyped arguments preferring string parameters, then
 * the order overloads are listed in (preferred types first).
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgNode } from '../../sql/statement.js';
import { lookupFunction, lookupSetFunction, type FunctionOverload, type ParamType } from '../../executor/functions/index.js';
import { isAggregateName, lookupAggregate } from '../../executor/aggregates/builtin-aggregates.js';
import { type ExprBinderContext, stringList } from './binder-context.js';
import type { AggregateOrder } from './aggregate-collector.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { baseType, canCoerce, isStringType, isUnknownType, T } from './expr-types.js';
import { noFunction } from './operator-error.js';
import { bindJsonCallArgs } from './bind-json-call.js';
import { currentDate, currentTime, currentTimestamp, localTimestamp } from '../../executor/functions/time-functions.js';

const CATALOG_SCHEMAS = new Set(['pg_catalog', 'public']);

export function bindFuncCall(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const position = ctx.position(body.location);
  const names = stringList(body.funcname);
  const name = names[names.length - 1]!.toLowerCase();
  if (names.length > 2 || (names.length === 2 && !CATALOG_SCHEMAS.has(names[0]!.toLowerCase()))) {
    throw new SqlError('3F000', `schema "${names[0]}" does not exist`, { position });
  }
  if (body.over !== undefined) throw new SqlError('0A000', 'window functions are not supported yet', { position });
  if (isAggregateName(name)) return bindAggregate(ctx, name, body, position);
  if (body.agg_star === true || body.agg_distinct === true || body.agg_order !== undefined || body.agg_filter !== undefined) {
    const what = body.agg_filter !== undefined ? 'FILTER' : body.agg_star === true ? '*' : body.agg_distinct === true ? 'DISTINCT' : 'ORDER BY';
    throw new SqlError('42809', `${what} specified, but ${name} is not an aggregate function`, { position });
  }
  if (name === 'like_escape') throw new SqlError('0A000', 'like_escape is only supported in LIKE ... ESCAPE', { position });
  if (lookupFunction(name) === undefined && lookupSetFunction(name) !== undefined) {
    throw new SqlError('0A000', `set-returning function ${name} is not supported here yet`, { position });
  }
  const nodes = (body.args as PgNode[] | undefined) ?? [];
  const args = bindJsonCallArgs(ctx, name, nodes, position) ?? nodes.map((a) => ctx.bind(a));
  return callScalar(name, args, position);
}

interface Candidate { readonly o: FunctionOverload; readonly exact: number; readonly stringForUnknown: number; readonly order: number }

function paramAt(o: FunctionOverload, i: number): ParamType | undefined {
  return i < o.params.length ? o.params[i] : o.variadic;
}

function choose(overloads: readonly FunctionOverload[], argTypes: readonly ColumnType[]): FunctionOverload | null {
  const candidates: Candidate[] = [];
  overloads.forEach((o, order) => {
    if (argTypes.length < o.params.length || (o.variadic === undefined && argTypes.length !== o.params.length)) return;
    let exact = 0;
    let stringForUnknown = 0;
    for (let i = 0; i < argTypes.length; i++) {
      const p = paramAt(o, i)!;
      const a = argTypes[i]!;
      if (p === 'any') { exact++; continue; }
      if (isUnknownType(a)) { if (isStringType(p)) stringForUnknown++; continue; }
      if (a.oid === p.oid) { exact++; continue; }
      if (!canCoerce(a, p, 'implicit')) return;
    }
    candidates.push({ o, exact, stringForUnknown, order });
  });
  candidates.sort((x, y) => y.exact - x.exact || y.stringForUnknown - x.stringForUnknown || x.order - y.order);
  return candidates[0]?.o ?? null;
}

export function callScalar(name: string, args0: readonly Bound[], position?: number, label = name): Bound {
  const overloads = lookupFunction(name);
  const chosen = overloads ? choose(overloads, args0.map((a) => a.type)) : null;
  if (chosen === null) throw noFunction(name, args0.map((a) => a.type), position);
  const args = args0.map((a, i) => {
    const p = paramAt(chosen, i)!;
    if (p === 'any') return isUnknownType(a.type) && name !== 'pg_typeof' ? coerce(a, T.text, 'implicit') : a;
    return coerce(a, p, 'implicit');
  });
  const types = args.map((a) => baseType(a.type));
  const impl = chosen.build(types);
  const result = typeof chosen.result === 'function' ? chosen.result(types) : chosen.result;
  const strict = chosen.strict !== false;
  const evals = args.map((a) => a.eval);
  const n = evals.length;
  let fn: (row: readonly Value[], ctx: EvalContext) => Value;
  if (n === 0) {
    fn = (_row, ctx) => impl(EMPTY, ctx);
  } else if (n === 1) {
    const e0 = evals[0]!;
    fn = (row, ctx) => {
      const a = e0(row, ctx);
      return strict && a === null ? null : impl([a], ctx);
    };
  } else {
    fn = (row, ctx) => {
      const values = new Array<Value>(n);
      for (let i = 0; i < n; i++) {
        const v = evals[i]!(row, ctx);
        if (strict && v === null) return null;
        values[i] = v;
      }
      return impl(values, ctx);
    };
  }
  // pg_typeof looks only at the type: a constant whatever its argument.
  const inputs = name === 'pg_typeof' ? [] : args;
  return { ...derive(result, label, inputs, fn, chosen.volatility, position), labelStrength: 2 };
}

const EMPTY: readonly Value[] = Object.freeze([]);

function bindAggregate(ctx: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number): Bound {
  const collector = ctx.aggregates;
  if (ctx.inAggregate) throw new SqlError('42803', 'aggregate function calls cannot be nested', { position });
  if (collector === null) {
    throw new SqlError('42803', `aggregate functions are not allowed in ${ctx.clause}`, { position });
  }
  const def = lookupAggregate(name);
  if (def === undefined) throw new SqlError('0A000', `aggregate function ${name} is not supported yet`, { position });
  const inner = ctx.forAggregateArgs();
  const star = body.agg_star === true;
  const nodes = (body.args as PgNode[] | undefined) ?? [];
  let args = star ? [] : bindJsonCallArgs(inner, name, nodes, position) ?? nodes.map((a) => inner.bind(a));
  if (!star && args.length === 0 && name === 'count') {
    throw noFunction(name, [], position);
  }
  // Untyped arguments: text, as PostgreSQL resolves count('x') / string_agg(x, ',').
  args = args.map((a) => (isUnknownType(a.type) && a.retype ? coerce(a, T.text, 'implicit') : a));
  const resolved = def.resolve(args.map((a) => baseType(a.type)));
  if (resolved === null) throw noFunction(name, args.map((a) => a.type), position);
  const coerced = args.map((a, i) => coerce(a, resolved.paramTypes[i]!, 'implicit'));
  const filter = body.agg_filter === undefined ? undefined
    : coerce(inner.bind(body.agg_filter as PgNode), T.bool, 'implicit', { argumentOf: 'FILTER' });
  const orderBy: AggregateOrder[] | undefined = (body.agg_order as PgNode[] | undefined)?.map((s) => {
    const sort = (s as { SortBy: Record<string, unknown> }).SortBy;
    const descending = sort.sortby_dir === 'SORTBY_DESC';
    const nulls = sort.sortby_nulls as string | undefined;
    const nullsFirst = nulls === 'SORTBY_NULLS_FIRST' ? true : nulls === 'SORTBY_NULLS_LAST' ? false : descending;
    const e = inner.bind(sort.node as PgNode);
    return { expr: isUnknownType(e.type) ? coerce(e, T.text, 'implicit') : e, descending, nullsFirst };
  });
  const slot = collector.register({
    fn: resolved.fn, args: coerced, distinct: body.agg_distinct === true, filter, orderBy,
  });
  return {
    type: resolved.fn.resultType, label: name, labelStrength: 2, constant: false, position,
    eval: (row) => row[slot] ?? null,
  };
}

/** CURRENT_TIMESTAMP, CURRENT_USER & co.: keywords that PostgreSQL parses as SQLValueFunction. */
export function bindSqlValueFunction(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const position = ctx.position(body.location);
  const typmod = (body.typmod as number | undefined) ?? -1;
  const stable = (type: ColumnType, label: string, fn: (c: EvalContext) => Value): Bound =>
    ({ ...derive(type, label, [], (_row, c) => fn(c), 'stable', position), labelStrength: 2 });
  switch (body.op as string) {
    case 'SVFOP_CURRENT_DATE': return stable(T.date, 'current_date', currentDate);
    case 'SVFOP_CURRENT_TIME':
    case 'SVFOP_CURRENT_TIME_N': return stable({ ...T.time, typmod }, 'current_time', currentTime(typmod));
    case 'SVFOP_CURRENT_TIMESTAMP':
    case 'SVFOP_CURRENT_TIMESTAMP_N': return stable({ ...T.timestamptz, typmod }, 'current_timestamp', currentTimestamp(typmod));
    case 'SVFOP_LOCALTIME':
    case 'SVFOP_LOCALTIME_N': return stable({ ...T.time, typmod }, 'localtime', currentTime(typmod));
    case 'SVFOP_LOCALTIMESTAMP':
    case 'SVFOP_LOCALTIMESTAMP_N': return stable({ ...T.timestamp, typmod }, 'localtimestamp', localTimestamp(typmod));
    case 'SVFOP_CURRENT_ROLE': return stable(T.name, 'current_role', (c) => c.currentUser);
    case 'SVFOP_CURRENT_USER': return stable(T.name, 'current_user', (c) => c.currentUser);
    case 'SVFOP_USER': return stable(T.name, 'user', (c) => c.currentUser);
    case 'SVFOP_SESSION_USER': return stable(T.name, 'session_user', (c) => c.sessionUser);
    case 'SVFOP_CURRENT_CATALOG': return stable(T.name, 'current_catalog', (c) => c.database);
    case 'SVFOP_CURRENT_SCHEMA': return stable(T.name, 'current_schema', (c) => c.currentSchema);
    default: throw new SqlError('0A000', `${String(body.op)} is not supported`, { position });
  }
}
