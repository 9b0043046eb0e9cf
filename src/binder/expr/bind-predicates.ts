/** AND/OR/NOT (three-valued), IS [NOT] NULL, IS [NOT] TRUE/FALSE/UNKNOWN, IN lists, BETWEEN. */
import type { Value } from '../../types/kalam-type.js';
import type { PgNode } from '../../sql/statement.js';
import type { ExprBinderContext } from './binder-context.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, constValue, derive } from './compile.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { coerce } from './coerce.js';
import { T, isUnknownType } from './expr-types.js';
import { selectCommonType } from './bind-conditional.js';
import { comparable, comparisonTest, type ComparisonOp } from './operators.js';
import { distinctKey } from '../../executor/aggregates/aggregate-accumulator.js';

const LABEL = '?column?';
type Eval = (row: readonly Value[], ctx: EvalContext) => Value;

export function bindBoolExpr(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const op = body.boolop as string;
  const name = op === 'AND_EXPR' ? 'AND' : op === 'OR_EXPR' ? 'OR' : 'NOT';
  const args = (body.args as PgNode[]).map((a) => coerce(ctx.bind(a), T.bool, 'implicit', { argumentOf: name }));
  const evals = args.map((a) => a.eval);
  const position = ctx.position(body.location);
  if (name === 'NOT') {
    const e = evals[0]!;
    return derive(T.bool, LABEL, args, (row, c) => {
      const v = e(row, c);
      return v === null ? null : !v;
    }, 'immutable', position);
  }
  return derive(T.bool, LABEL, args, name === 'AND' ? and(evals) : or(evals), 'immutable', position);
}

function and(evals: readonly Eval[]): Eval {
  if (evals.length === 2) {
    const [a, b] = evals as [Eval, Eval];
    return (row, c) => {
      const x = a(row, c);
      if (x === false) return false;
      const y = b(row, c);
      if (y === false) return false;
      return x === null || y === null ? null : true;
    };
  }
  return (row, c) => {
    let sawNull = false;
    for (const e of evals) {
      const v = e(row, c);
      if (v === false) return false;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : true;
  };
}

function or(evals: readonly Eval[]): Eval {
  return (row, c) => {
    let sawNull = false;
    for (const e of evals) {
      const v = e(row, c);
      if (v === true) return true;
      if (v === null) sawNull = true;
    }
    return sawNull ? null : false;
  };
}

export function bindNullTest(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  let arg = ctx.bind(body.arg as PgNode);
  if (isUnknownType(arg.type)) arg = coerce(arg, T.text, 'implicit');
  const e = arg.eval;
  const isNull = body.nulltesttype === 'IS_NULL';
  return derive(T.bool, LABEL, [arg], (row, c) => (e(row, c) === null) === isNull, 'immutable', ctx.position(body.location));
}

const BOOLEAN_TESTS: Record<string, [string, (v: Value) => boolean]> = {
  IS_TRUE: ['IS TRUE', (v) => v === true],
  IS_NOT_TRUE: ['IS NOT TRUE', (v) => v !== true],
  IS_FALSE: ['IS FALSE', (v) => v === false],
  IS_NOT_FALSE: ['IS NOT FALSE', (v) => v !== false],
  IS_UNKNOWN: ['IS UNKNOWN', (v) => v === null],
  IS_NOT_UNKNOWN: ['IS NOT UNKNOWN', (v) => v !== null],
};

export function bindBooleanTest(ctx: ExprBinderContext, body: Record<string, unknown>): Bound {
  const [name, test] = BOOLEAN_TESTS[body.booltesttype as string]!;
  const arg = coerce(ctx.bind(body.arg as PgNode), T.bool, 'implicit', { argumentOf: name });
  const e = arg.eval;
  return derive(T.bool, LABEL, [arg], (row, c) => test(e(row, c)), 'immutable', ctx.position(body.location));
}

/** Types whose values are equal exactly when the JS values are (===). */
const IDENTITY_EQUALITY = new Set<KalamDataType>([KalamDataType.SMALLINT, KalamDataType.INT, KalamDataType.BIGINT,
  KalamDataType.TEXT, KalamDataType.UUID, KalamDataType.DATE, KalamDataType.TIMESTAMP, KalamDataType.DATETIME,
  KalamDataType.TIME, KalamDataType.BOOLEAN]);

/**
 * x IN (a, b, …): true if any equals, else NULL if x or any item is NULL, else false. Items of a
 * common type (select_common_type over x and the list); all-constant lists become a hash set.
 */
export function bindIn(ctx: ExprBinderContext, body: Record<string, unknown>, negate: boolean): Bound {
  const position = ctx.position(body.location);
  const left = ctx.bind(body.lexpr as PgNode);
  const items = ((body.rexpr as { List?: { items: PgNode[] } }).List?.items ?? (body.rexpr as PgNode[])).map((n) => ctx.bind(n));
  // A typed left side gives untyped items its type; otherwise the common type of everything.
  const common = isUnknownType(left.type) || items.some((i) => !isUnknownType(i.type) && i.type.oid !== left.type.oid)
    ? selectCommonType([left, ...items], 'IN') : left.type;
  const pairs = items.map((item) => comparable('=', coerce(left, common, 'implicit'), item, position));
  const l = pairs[0]?.[0] ?? left;
  const type = pairs[0]?.[2] ?? common;
  const test = comparisonTest('=', type);
  const rights = pairs.map((p) => p[1]);
  const le = l.eval;
  const hashable = rights.every((r) => r.constant === true) && rights.length > 3 && IDENTITY_EQUALITY.has(type.kalam);
  let fn: Eval;
  if (hashable) {
    const values = rights.map(constValue);
    const hasNull = values.includes(null);
    const set = new Set(values.filter((v) => v !== null).map((v) => distinctKey([v])));
    fn = (row, c) => {
      const x = le(row, c);
      if (x === null) return null;
      if (set.has(distinctKey([x]))) return !negate;
      return hasNull ? null : negate;
    };
  } else {
    const evals = rights.map((r) => r.eval);
    fn = (row, c) => {
      const x = le(row, c);
      if (x === null) return null;
      let sawNull = false;
      for (const e of evals) {
        const v = e(row, c);
        if (v === null) sawNull = true;
        else if (test(x, v)) return !negate;
      }
      return sawNull ? null : negate;
    };
  }
  return derive(T.bool, LABEL, [l, ...rights], fn, 'immutable', position);
}

/** BETWEEN [SYMMETRIC]: x >= a AND x <= b (either order when symmetric); NOT negates. */
export function bindBetween(ctx: ExprBinderContext, body: Record<string, unknown>, kind: string): Bound {
  const position = ctx.position(body.location);
  const x = ctx.bind(body.lexpr as PgNode);
  const [lo0, hi0] = (body.rexpr as { List: { items: PgNode[] } }).List.items.map((n) => ctx.bind(n)) as [Bound, Bound];
  const [xl, lo, tl] = comparable('>=', x, lo0, position);
  const [xh, hi, th] = comparable('<=', x, hi0, position);
  const ge = comparisonTest('>=' as ComparisonOp, tl);
  const le = comparisonTest('<=' as ComparisonOp, th);
  const geHi = comparisonTest('>=' as ComparisonOp, th);
  const leLo = comparisonTest('<=' as ComparisonOp, tl);
  const symmetric = kind.endsWith('_SYM');
  const negate = kind.includes('NOT');
  const [exl, exh, elo, ehi] = [xl.eval, xh.eval, lo.eval, hi.eval];
  const and3 = (a: boolean | null, b: boolean | null): boolean | null =>
    a === false || b === false ? false : a === null || b === null ? null : true;
  const fn: Eval = (row, c) => {
    const vl = exl(row, c);
    const vh = exh(row, c);
    const a = elo(row, c);
    const b = ehi(row, c);
    let r = and3(vl === null || a === null ? null : ge(vl, a), vh === null || b === null ? null : le(vh, b));
    if (symmetric && r !== true) {
      const r2 = and3(vh === null || b === null ? null : geHi(vh, b), vl === null || a === null ? null : leLo(vl, a));
      r = r2 === true ? true : r === null || r2 === null ? null : false;
    }
    return r === null ? null : r !== negate;
  };
  return derive(T.bool, LABEL, [xl, xh, lo, hi], fn, 'immutable', position);
}
