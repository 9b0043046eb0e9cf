/**
 * Function calls: aggregates go to the AggregateCollector, everything else to the scalar library
 * (executor/functions). Overload choice follows PostgreSQL's func_select_candidate in small:
 * most exact argument-type matches, then untyped arguments preferring string parameters, then
 * the order overloads are listed in (preferred types first).
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgNode } from '../../sql/statement.js';
import { lookupFunction, type FunctionOverload, type ParamType } from '../../executor/functions/index.js';
import { aggregateLevel } from './subquery-boundary.js';
import { isAggregateName, lookupAggregate } from '../../executor/aggregates/builtin-aggregates.js';
import { type ExprBinderContext, nodeKind, stringList } from './binder-context.js';
import { arrangeArguments, type CallArgument } from './named-args.js';
import type { AggregateCall, AggregateOrder } from './aggregate-collector.js';
import { bindWindowCall, isWindowFunctionName } from './bind-window-function.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, derive } from './compile.js';
import { coerce } from './coerce.js';
import { baseType, canCoerce, isStringType, isUnknownType, T, typeDisplay } from './expr-types.js';
import { noFunction } from './operator-error.js';
import { asOneColumn, bindSetFunctionCall, isSetFunctionName } from './bind-set-function.js';
import { calledSchema, checkFunctionSchema } from './function-schema.js';
import { withoutVoidArguments } from './function-arguments.js';
import { bindOrderedSetAggregate, isOrderedSetAggregate, rejectWithinGroup } from './bind-ordered-set.js';
import { bindArrayFunction, isArrayFunction } from './bind-array-function.js';
import { bindJsonCallArgs } from './bind-json-call.js';
import { currentDate, currentTime, currentTimestamp, localTimestamp } from '../../executor/functions/time-functions.js';

export function bindFuncCall(ctx: ExprBinderContext, call: Record<string, unknown>): Bound {
  const body = withoutVoidArguments(call, ctx.params);
  const position = ctx.position(body.location);
  const names = stringList(body.funcname);
  const name = names[names.length - 1]!.toLowerCase();
  const schema = calledSchema(names, position);
  if (schema === 'information_schema' && !isSetFunctionName(name)) {
    checkFunctionSchema(schema, name, ((body.args as PgNode[] | undefined) ?? []).map((a) => ctx.bind(a).type), position);
  }
  if (body.over !== undefined) return bindWindowCall(ctx, name, body, position);
  if (isWindowFunctionName(name)) throw new SqlError('42809', `window function ${name} requires an OVER clause`, { position });
  if (isAggregateName(name)) return bindAggregate(ctx, name, body, position);
  if (body.agg_star === true || body.agg_distinct === true || body.agg_order !== undefined || body.agg_filter !== undefined) {
    const what = body.agg_filter !== undefined ? 'FILTER' : body.agg_star === true ? '*' : body.agg_distinct === true ? 'DISTINCT' : 'ORDER BY';
    throw new SqlError('42809', `${what} specified, but ${name} is not an aggregate function`, { position });
  }
  if (lookupFunction(name) === undefined && isSetFunctionName(name)) return bindSetFunctionInList(ctx, name, body, position);
  if (name === 'like_escape') throw new SqlError('0A000', 'like_escape is only supported in LIKE ... ESCAPE', { position });
  const nodes = (body.args as PgNode[] | undefined) ?? [];
  const jsonArgs = bindJsonCallArgs(ctx, name, nodes, position);
  if (jsonArgs !== null) return callScalar(name, jsonArgs, position);
  const args: CallArgument[] = ((body.args as PgNode[] | undefined) ?? []).map((a) => {
    const [kind, named] = nodeKind(a);
    return kind === 'NamedArgExpr'
      ? { name: named.name as string, value: ctx.bind(named.arg as PgNode) }
      : { name: null, value: ctx.bind(a) };
  });
  const overloads = lookupFunction(name) ?? [];
  const plain = args.every((a) => a.name === null)
    && overloads.some((o) => o.params.length === args.length || o.variadic !== undefined);
  if (plain || overloads.every((o) => o.argNames === undefined && o.defaults === undefined)) {
    if (args.some((a) => a.name !== null)) throw noFunction(name, args.map((a) => a.value.type), position);
    if (isArrayFunction(name)) return bindArrayFunction(name, args.map((a) => a.value), position);
    return callScalar(name, args.map((a) => a.value), position);
  }
  for (const o of overloads) {
    const arranged = arrangeArguments(o, args);
    if (arranged !== null && choose([o], arranged.map((a) => a.type)) !== null) {
      return callScalar(name, arranged, position, name, [o]);
    }
  }
  throw noFunction(name, args.map((a) => a.value.type), position);
}

interface Candidate<O> {
  readonly o: O; readonly exact: number; readonly stringForUnknown: number; readonly polymorphic: number;
  readonly order: number;
}

export function paramAt(o: Signature, i: number): ParamType | undefined {
  return i < o.params.length ? o.params[i] : o.variadic;
}

/** What overload choice looks at: the parameter types. */
export interface Signature {
  readonly params: readonly ParamType[];
  readonly variadic?: ParamType;
}

export function choose<O extends Signature>(overloads: readonly O[], argTypes: readonly ColumnType[]): O | null {
  const candidates: Candidate<O>[] = [];
  overloads.forEach((o, order) => {
    if (argTypes.length < o.params.length || (o.variadic === undefined && argTypes.length !== o.params.length)) return;
    let exact = 0;
    let stringForUnknown = 0;
    let polymorphic = 0;
    for (let i = 0; i < argTypes.length; i++) {
      const p = paramAt(o, i)!;
      const a = argTypes[i]!;
      if (p === 'any') { polymorphic++; continue; } // accepted, but a real match is better
      if (isUnknownType(a)) { if (isStringType(p)) stringForUnknown++; continue; }
      if (a.oid === p.oid) { exact++; continue; }
      if (!canCoerce(a, p, 'implicit')) return;
    }
    candidates.push({ o, exact, stringForUnknown, polymorphic, order });
  });
  candidates.sort((x, y) => y.exact - x.exact || y.stringForUnknown - x.stringForUnknown || x.polymorphic - y.polymorphic
    || x.order - y.order);
  return candidates[0]?.o ?? null;
}

export function callScalar(
  name: string, args0: readonly Bound[], position?: number, label = name,
  overloads: readonly FunctionOverload[] | undefined = lookupFunction(name),
): Bound {
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

/** A set-returning function in an expression: only a SELECT list (not inside an aggregate) runs them. */
function bindSetFunctionInList(ctx: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number): Bound {
  if (ctx.setFunctions === null || ctx.inAggregate) {
    const where = ctx.inAggregate ? 'aggregate function calls cannot contain set-returning function calls' : `set-returning functions are not allowed in ${ctx.clause}`;
    throw new SqlError(ctx.inAggregate ? '0A000' : '0A000', where, { position });
  }
  const fn = asOneColumn(bindSetFunctionCall(body, ctx.scope, ctx.params, { typeCtx: ctx.typeCtx }));
  const slot = ctx.setFunctions.register(fn);
  return { type: fn.columns[0]!.type, label: name, labelStrength: 2, constant: false, position, eval: (row) => row[slot] ?? null };
}

function bindAggregate(ctx: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number): Bound {
  const level = aggregateLevel(ctx.scope, [body.args, body.agg_filter, body.agg_order]);
  if (level > 0 && ctx.scope.bindOuter !== undefined) {
    return { ...ctx.scope.bindOuter({ FuncCall: body }, level, (body.location as number | undefined) ?? -1), position };
  }
  const collector = ctx.aggregates;
  if (ctx.inAggregate) throw new SqlError('42803', 'aggregate function calls cannot be nested', { position });
  if (collector === null) {
    throw new SqlError('42803', `aggregate functions are not allowed in ${ctx.clause}`, { position });
  }
  if (isOrderedSetAggregate(name)) return bindOrderedSetAggregate(ctx, collector, name, body, position);
  if (body.agg_within_group === true) rejectWithinGroup(ctx, name, body, position);
  const call = resolveAggregateCall(ctx.forAggregateArgs(), name, body, position);
  const slot = collector.register(call);
  return {
    type: call.fn.resultType, label: name, labelStrength: 2, constant: false, position,
    eval: (row) => row[slot] ?? null,
  };
}

/**
 * An aggregate call's function, arguments, FILTER and ORDER BY, bound by `inner` (the aggregate's
 * input: the FROM row for GROUP BY, the window operator's input row for an aggregate used with OVER).
 */
export function resolveAggregateCall(
  inner: ExprBinderContext, name: string, body: Record<string, unknown>, position?: number,
): Omit<AggregateCall, 'slot'> {
  const def = lookupAggregate(name);
  if (def === undefined) throw new SqlError('0A000', `aggregate function ${name} is not supported yet`, { position });
  const star = body.agg_star === true;
  const nodes = (body.args as PgNode[] | undefined) ?? [];
  let args = star ? [] : bindJsonCallArgs(inner, name, nodes, position) ?? nodes.map((a) => inner.bind(a));
  if (!star && args.length === 0 && name === 'count') {
    throw noFunction(name, [], position);
  }
  // Untyped arguments: text, as PostgreSQL resolves count('x') / string_agg(x, ','), unless the
  // aggregate says otherwise (stddev('1') is float8; sum('1') is ambiguous).
  if (def.unknownArgument === 'ambiguous' && args.some((a) => isUnknownType(a.type))) {
    throw new SqlError('42725', `function ${name}(${args.map((a) => typeDisplay(a.type)).join(', ')}) is not unique`, { position });
  }
  const untyped = def.unknownArgument === undefined || def.unknownArgument === 'ambiguous' ? T.text : def.unknownArgument;
  args = args.map((a) => (isUnknownType(a.type) && a.retype ? coerce(a, untyped, 'implicit') : a));
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
  return { fn: resolved.fn, args: coerced, distinct: body.agg_distinct === true, filter, orderBy };
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
