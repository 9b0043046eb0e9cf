/**
 * Building dates and times from parts (make_date, make_time, make_timestamp, make_timestamptz,
 * to_timestamp(epoch seconds)), AT TIME ZONE (PostgreSQL's timezone(zone, value)) and OVERLAPS.
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import {
  END_TIMESTAMP_US, MIN_TIMESTAMP_US, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY, US_PER_DAY, daysFromCivil,
  daysInMonth, isFiniteTimestamp,
} from '../../types/calendar.js';
import { type Interval, rint } from '../../types/interval.js';
import { formatInterval } from '../../types/interval-text.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { timePlusInterval, timestampPlusInterval, timestamptzPlusInterval } from './datetime-arithmetic.js';
import { type TimeZone, findTimeZone, localToUtcMicros, offsetAtMicros, timeZone } from '../../types/time-zone.js';
import { ABBREVIATIONS } from '../../types/zone-abbreviations.js';
import { T } from '../../binder/expr/expr-types.js';
import { comparatorFor } from './comparison.js';
import { type FunctionOverload, overload, registerFunction } from './function-registry.js';

function checkTimestamp(us: bigint): bigint {
  if (us < MIN_TIMESTAMP_US || us >= END_TIMESTAMP_US) throw Errors.datetimeOverflow('timestamp out of range');
  return us;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** make_date's days since 1970; a negative year is BC. */
function makeDate(year: number, month: number, day: number): number {
  const fail = () => Errors.datetimeOverflow(`date field value out of range: ${year}-${pad2(month)}-${pad2(day)}`);
  if (year === 0) throw fail();
  const y = year < 0 ? year + 1 : year;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(y, month)) throw fail();
  return daysFromCivil(y, month, day);
}

/** make_time's µs since midnight: up to 24:00:00 exactly. */
function makeTime(hour: number, min: number, sec: number): bigint {
  const us = rint(sec * 1e6);
  const total = BigInt(((hour * 60) + min) * 60) * 1_000_000n + BigInt(us);
  if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || !Number.isFinite(sec) || total > US_PER_DAY) {
    throw Errors.datetimeOverflow(`time field value out of range: ${hour}:${pad2(min)}:${sec < 10 ? '0' : ''}${sec}`);
  }
  return total;
}

function makeTimestamp(args: readonly Value[]): bigint {
  const [y, mo, d, h, mi, s] = args as number[];
  const days = makeDate(y!, mo!, d!);
  return checkTimestamp(BigInt(days) * US_PER_DAY + makeTime(h!, mi!, s!));
}

const TS_PARTS = [T.int4, T.int4, T.int4, T.int4, T.int4, T.float8];

registerFunction('make_date', overload([T.int4, T.int4, T.int4], T.date, ([y, m, d]) => makeDate(y as number, m as number, d as number)));
registerFunction('make_time', overload([T.int4, T.int4, T.float8], T.time, ([h, m, s]) => makeTime(h as number, m as number, s as number)));
registerFunction('make_timestamp', overload(TS_PARTS, T.timestamp, (args) => makeTimestamp(args)));
registerFunction('make_timestamptz',
  overload(TS_PARTS, T.timestamptz, (args, ctx) => checkTimestamp(localToUtcMicros(timeZone(ctx.typeCtx.timeZone), makeTimestamp(args))),
    { volatility: 'stable' }),
  overload([...TS_PARTS, T.text], T.timestamptz, (args) => checkTimestamp(localToUtcMicros(zoneArgument(args[6] as string), makeTimestamp(args)))),
);

registerFunction('to_timestamp', overload([T.float8], T.timestamptz, ([s]) => {
  const seconds = s as number;
  if (Number.isNaN(seconds)) throw Errors.datetimeOverflow('timestamp cannot be NaN');
  if (seconds === Infinity) return TIMESTAMP_INFINITY;
  if (seconds === -Infinity) return TIMESTAMP_NEG_INFINITY;
  const us = rint(seconds * 1e6);
  if (!Number.isFinite(us) || Math.abs(us) > 9.2e18) throw Errors.datetimeOverflow(`timestamp out of range: "${seconds}"`);
  const r = BigInt(us);
  if (r < MIN_TIMESTAMP_US || r >= END_TIMESTAMP_US) throw Errors.datetimeOverflow(`timestamp out of range: "${seconds}"`);
  return r;
}));

/** A zone named in AT TIME ZONE / make_timestamptz: 22023 if unknown. */
export function zoneArgument(name: string): TimeZone {
  // An abbreviation is a fixed offset ('CET' is +01 even in summer), and wins over a zone name.
  const hours = ABBREVIATIONS[name.trim().toLowerCase()];
  if (hours !== undefined) return { name, offsetAt: () => hours * 3600 };
  const zone = findTimeZone(name);
  if (zone === null) throw Errors.invalidParameterValue(`time zone "${name}" not recognized`);
  return zone;
}

/** An interval used as a zone: its time part is the offset east of UTC. */
function intervalZoneOffset(v: Interval): bigint {
  if (v.months !== 0 || v.days !== 0) {
    throw new SqlError('22023', `interval time zone "${formatInterval(v)}" must not include months or days`);
  }
  return v.micros;
}

registerFunction('timezone',
  overload([T.text, T.timestamptz], T.timestamp, ([z, ts]) => {
    const zone = zoneArgument(z as string);
    const us = ts as bigint;
    return isFiniteTimestamp(us) ? checkTimestamp(us + BigInt(offsetAtMicros(zone, us)) * 1_000_000n) : us;
  }),
  overload([T.text, T.timestamp], T.timestamptz, ([z, ts]) => {
    const zone = zoneArgument(z as string);
    const us = ts as bigint;
    return isFiniteTimestamp(us) ? checkTimestamp(localToUtcMicros(zone, us)) : us;
  }),
  overload([T.interval, T.timestamptz], T.timestamp, ([z, ts]) => {
    const us = ts as bigint;
    return isFiniteTimestamp(us) ? checkTimestamp(us + intervalZoneOffset(z as Interval)) : us;
  }),
  overload([T.interval, T.timestamp], T.timestamptz, ([z, ts]) => {
    const us = ts as bigint;
    return isFiniteTimestamp(us) ? checkTimestamp(us - intervalZoneOffset(z as Interval)) : us;
  }),
);

/** (ts1, te1) OVERLAPS (ts2, te2) with SQL's NULL rules (overlaps_timestamp). */
function overlaps(cmp: (a: Value, b: Value) => number): FunctionOverload['build'] {
  return () => ([s1, e1, s2, e2]) => {
    let ts1 = s1 ?? null, te1 = e1 ?? null, ts2 = s2 ?? null, te2 = e2 ?? null;
    if (ts1 === null) { if (te1 === null) return null; ts1 = te1; te1 = null; }
    else if (te1 !== null && cmp(ts1, te1) > 0) [ts1, te1] = [te1, ts1];
    if (ts2 === null) { if (te2 === null) return null; ts2 = te2; te2 = null; }
    else if (te2 !== null && cmp(ts2, te2) > 0) [ts2, te2] = [te2, ts2];
    const c = cmp(ts1, ts2);
    if (c > 0) {
      if (te2 === null) return null;
      if (cmp(ts1, te2) < 0) return true;
      return te1 === null ? null : false;
    }
    if (c < 0) {
      if (te1 === null) return null;
      if (cmp(ts2, te1) < 0) return true;
      return te2 === null ? null : false;
    }
    return te1 === null || te2 === null ? null : true;
  };
}

/** An end given as a length: (start, interval) means (start, start + interval). */
function withLength(t: ColumnType, intervalAt: readonly number[]): FunctionOverload {
  const base = overlaps(comparatorFor(t.kalam))([]);
  const plus = (start: Value, length: Value, ctx: EvalContext): Value => {
    if (start === null || length === null) return null;
    const iv = length as Interval;
    if (t === T.time) return timePlusInterval(start as bigint, iv);
    if (t === T.timestamp) return timestampPlusInterval(start as bigint, iv);
    return timestamptzPlusInterval(start as bigint, iv, timeZone(ctx.typeCtx.timeZone));
  };
  const params = [t, t, t, t].map((p, i) => (intervalAt.includes(i) ? T.interval : p));
  return {
    params, result: T.bool, volatility: t === T.timestamptz ? 'stable' : 'immutable', strict: false,
    build: () => (args, ctx) => base([
      args[0]!, intervalAt.includes(1) ? plus(args[0]!, args[1]!, ctx) : args[1]!,
      args[2]!, intervalAt.includes(3) ? plus(args[2]!, args[3]!, ctx) : args[3]!,
    ], ctx),
  };
}

registerFunction('overlaps', ...[T.timestamptz, T.timestamp, T.time].flatMap((t): FunctionOverload[] => [
  { params: [t, t, t, t], result: T.bool, volatility: 'immutable', strict: false, build: overlaps(comparatorFor(t.kalam)) },
  withLength(t, [1, 3]), withLength(t, [1]), withLength(t, [3]),
]));
