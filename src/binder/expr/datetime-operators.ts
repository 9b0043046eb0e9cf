/**
 * The arithmetic operators of date, time, timestamp, timestamptz and interval (pg_operator's rows
 * for them), resolved as PostgreSQL resolves operators: an exact signature first, then the one with
 * the most exact argument matches; an untyped literal takes the other operand's type if such an
 * operator exists, else the only operator left (`timestamp + '1 day'` → interval), else 42725.
 *
 *   date + interval → timestamp      timestamp - timestamp → interval     interval * float8 → interval
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { addDays, subtractDates } from '../../executor/functions/time-functions.js';
import {
  datePlusTime, dateToTimestamp, negated, timeDifference, timePlusInterval, timestampDifference,
  timestampPlusInterval, timestamptzPlusInterval,
} from '../../executor/functions/datetime-arithmetic.js';
import {
  type Interval, addIntervals, divideInterval, multiplyInterval, negateInterval, subtractIntervals,
} from '../../types/interval.js';
import { timeZone } from '../../types/time-zone.js';
import type { ArithmeticOp } from '../../executor/functions/arithmetic.js';
import type { EvalContext } from './bound-expr.js';
import { type Bound, derive, type Volatility } from './compile.js';
import { coerce } from './coerce.js';
import { canCoerce, isPreferred, isUnknownType, T, typeCategory } from './expr-types.js';
import { ambiguousOperator } from './operator-error.js';

type Fn = (a: Value, b: Value, ctx: EvalContext) => Value;

interface Signature {
  readonly op: ArithmeticOp;
  readonly left: ColumnType;
  readonly right: ColumnType;
  readonly result: ColumnType;
  readonly fn: Fn;
  readonly volatility?: Volatility;
}

const iv = (v: Value) => v as Interval;
const zone = (ctx: EvalContext) => timeZone(ctx.typeCtx.timeZone);

const SIGNATURES: readonly Signature[] = [
  { op: '+', left: T.date, right: T.int4, result: T.date, fn: (a, b) => addDays(a as number, b as number) },
  { op: '+', left: T.int4, right: T.date, result: T.date, fn: (a, b) => addDays(b as number, a as number) },
  { op: '-', left: T.date, right: T.int4, result: T.date, fn: (a, b) => addDays(a as number, -(b as number)) },
  { op: '-', left: T.date, right: T.date, result: T.int4, fn: (a, b) => subtractDates(a as number, b as number) },
  { op: '+', left: T.date, right: T.interval, result: T.timestamp,
    fn: (a, b) => timestampPlusInterval(dateToTimestamp(a as number), iv(b)) },
  { op: '+', left: T.interval, right: T.date, result: T.timestamp,
    fn: (a, b) => timestampPlusInterval(dateToTimestamp(b as number), iv(a)) },
  { op: '-', left: T.date, right: T.interval, result: T.timestamp,
    fn: (a, b) => timestampPlusInterval(dateToTimestamp(a as number), negated(iv(b))) },
  { op: '+', left: T.date, right: T.time, result: T.timestamp, fn: (a, b) => datePlusTime(a as number, b as bigint) },
  { op: '+', left: T.time, right: T.date, result: T.timestamp, fn: (a, b) => datePlusTime(b as number, a as bigint) },
  { op: '+', left: T.timestamp, right: T.interval, result: T.timestamp, fn: (a, b) => timestampPlusInterval(a as bigint, iv(b)) },
  { op: '+', left: T.interval, right: T.timestamp, result: T.timestamp, fn: (a, b) => timestampPlusInterval(b as bigint, iv(a)) },
  { op: '-', left: T.timestamp, right: T.interval, result: T.timestamp,
    fn: (a, b) => timestampPlusInterval(a as bigint, negated(iv(b))) },
  { op: '-', left: T.timestamp, right: T.timestamp, result: T.interval, fn: (a, b) => timestampDifference(a as bigint, b as bigint) },
  { op: '+', left: T.timestamptz, right: T.interval, result: T.timestamptz, volatility: 'stable',
    fn: (a, b, ctx) => timestamptzPlusInterval(a as bigint, iv(b), zone(ctx)) },
  { op: '+', left: T.interval, right: T.timestamptz, result: T.timestamptz, volatility: 'stable',
    fn: (a, b, ctx) => timestamptzPlusInterval(b as bigint, iv(a), zone(ctx)) },
  { op: '-', left: T.timestamptz, right: T.interval, result: T.timestamptz, volatility: 'stable',
    fn: (a, b, ctx) => timestamptzPlusInterval(a as bigint, negated(iv(b)), zone(ctx)) },
  { op: '-', left: T.timestamptz, right: T.timestamptz, result: T.interval,
    fn: (a, b) => timestampDifference(a as bigint, b as bigint) },
  { op: '+', left: T.time, right: T.interval, result: T.time, fn: (a, b) => timePlusInterval(a as bigint, iv(b)) },
  { op: '+', left: T.interval, right: T.time, result: T.time, fn: (a, b) => timePlusInterval(b as bigint, iv(a)) },
  { op: '-', left: T.time, right: T.interval, result: T.time, fn: (a, b) => timePlusInterval(a as bigint, negated(iv(b))) },
  { op: '-', left: T.time, right: T.time, result: T.interval, fn: (a, b) => timeDifference(a as bigint, b as bigint) },
  { op: '+', left: T.interval, right: T.interval, result: T.interval, fn: (a, b) => addIntervals(iv(a), iv(b)) },
  { op: '-', left: T.interval, right: T.interval, result: T.interval, fn: (a, b) => subtractIntervals(iv(a), iv(b)) },
  { op: '*', left: T.interval, right: T.float8, result: T.interval, fn: (a, b) => multiplyInterval(iv(a), b as number) },
  { op: '*', left: T.float8, right: T.interval, result: T.interval, fn: (a, b) => multiplyInterval(iv(b), a as number) },
  { op: '/', left: T.interval, right: T.float8, result: T.interval, fn: (a, b) => divideInterval(iv(a), b as number) },
];

function isTemporal(t: ColumnType): boolean {
  const c = typeCategory(t);
  return c === 'D' || c === 'T';
}

function accepts(param: ColumnType, arg: ColumnType): boolean {
  return isUnknownType(arg) || canCoerce(arg, param, 'implicit');
}

function pick(op: ArithmeticOp, l: ColumnType, r: ColumnType, position?: number): Signature | null {
  const candidates = SIGNATURES.filter((s) => s.op === op && accepts(s.left, l) && accepts(s.right, r));
  if (candidates.length === 0) return null;
  const lu = isUnknownType(l);
  const ru = isUnknownType(r);
  if (lu || ru) {
    // binary_oper_exact: the untyped operand read as the other's type.
    const known = lu ? r : l;
    const same = candidates.find((s) => s.left.oid === known.oid && s.right.oid === known.oid);
    if (same !== undefined) return same;
    // func_select_candidate: most exact matches, then one category (and its preferred type) for the untyped side.
    const knownParam = (s: Signature) => (lu ? s.right : s.left);
    const unknownParam = (s: Signature) => (lu ? s.left : s.right);
    const exact = candidates.filter((s) => knownParam(s).oid === known.oid);
    let pool = exact.length > 0 ? exact : candidates;
    const categories = new Set(pool.map((s) => typeCategory(unknownParam(s))));
    if (categories.size === 1) {
      const preferred = pool.filter((s) => isPreferred(unknownParam(s)));
      if (preferred.length > 0) pool = preferred;
    }
    if (pool.length === 1) return pool[0]!;
    // Last gasp: the one operator whose parameters the known type converts to.
    const fits = pool.filter((s) => canCoerce(known, s.left, 'implicit') && canCoerce(known, s.right, 'implicit'));
    if (fits.length === 1) return fits[0]!;
    throw ambiguousOperator(op, l, r, position);
  }
  const score = (s: Signature) => (s.left.oid === l.oid ? 1 : 0) + (s.right.oid === r.oid ? 1 : 0);
  const best = Math.max(...candidates.map(score));
  const top = candidates.filter((s) => score(s) === best);
  // Ties go to the preferred type of the category (timestamptz), as func_select_candidate does.
  return top.find((s) => s.left.oid === PgOid.TIMESTAMPTZ || s.right.oid === PgOid.TIMESTAMPTZ) ?? top[0]!;
}

/** The date/time operator for these operands, or null when neither is a date/time type. */
export function bindDatetimeArithmetic(op: ArithmeticOp, l0: Bound, r0: Bound, position?: number): Bound | null {
  if (!isTemporal(l0.type) && !isTemporal(r0.type)) return null;
  const sig = pick(op, l0.type, r0.type, position);
  if (sig === null) return null;
  const l = coerce(l0, sig.left, 'implicit');
  const r = coerce(r0, sig.right, 'implicit');
  const le = l.eval;
  const re = r.eval;
  const fn = sig.fn;
  return derive(sig.result, '?column?', [l, r], (row, ctx) => {
    const a = le(row, ctx);
    const b = re(row, ctx);
    return a === null || b === null ? null : fn(a, b, ctx);
  }, sig.volatility ?? 'immutable', position);
}

/** Unary minus of an interval. */
export function bindIntervalNegate(e: Bound, position?: number): Bound | null {
  if (e.type.oid !== PgOid.INTERVAL) return null;
  const inner = e.eval;
  return derive(T.interval, '?column?', [e], (row, ctx) => {
    const v = inner(row, ctx);
    return v === null ? null : negateInterval(v as Interval);
  }, 'immutable', position);
}
