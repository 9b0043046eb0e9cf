/**
 * justify_days/justify_hours/justify_interval, make_interval (named arguments, all defaulting to
 * 0), age (the "symbolic" difference in years, months and days, PostgreSQL's timestamp_age) and
 * isfinite.
 */
import { Errors } from '../../errors/sql-error.js';
import { US_PER_DAY, daysInMonth, isFiniteDate, isFiniteTimestamp } from '../../types/calendar.js';
import {
  type Interval, checkedInterval, justifyDays, justifyHours, justifyInterval, rint,
} from '../../types/interval.js';
import { offsetAtMicros, timeZone, localToUtcMicros } from '../../types/time-zone.js';
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { overload, registerFunction } from './function-registry.js';
import { type Broken, breakLocal } from './datetime-fields.js';
import { currentDate } from './time-functions.js';

const unary = (fn: (v: Interval) => Interval) => overload([T.interval], T.interval, ([v]) => fn(v as Interval));
registerFunction('justify_days', unary(justifyDays));
registerFunction('justify_hours', unary(justifyHours));
registerFunction('justify_interval', unary(justifyInterval));

registerFunction('make_interval', overload(
  [T.int4, T.int4, T.int4, T.int4, T.int4, T.int4, T.float8], T.interval,
  ([years, months, weeks, days, hours, mins, secs]) => {
    const s = secs as number;
    if (!Number.isFinite(s)) throw Errors.datetimeOverflow('interval out of range');
    const micros = BigInt(hours as number) * 3_600_000_000n + BigInt(mins as number) * 60_000_000n + BigInt(rint(s * 1e6));
    return checkedInterval((years as number) * 12 + (months as number), (weeks as number) * 7 + (days as number), micros);
  },
  { argNames: ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'], defaults: [0, 0, 0, 0, 0, 0, 0] },
));

/** timestamp_age on two local timestamps taken apart. */
function symbolicAge(dt1: bigint, dt2: bigint, t1: Broken, t2: Broken): Interval {
  const flip = dt1 < dt2;
  const s = flip ? -1 : 1;
  let fsec = s * (t1.micro - t2.micro);
  let sec = s * (t1.second - t2.second);
  let min = s * (t1.minute - t2.minute);
  let hour = s * (t1.hour - t2.hour);
  let mday = s * (t1.day - t2.day);
  let mon = s * (t1.month - t2.month);
  let year = s * (t1.year - t2.year);
  while (fsec < 0) { fsec += 1_000_000; sec--; }
  while (sec < 0) { sec += 60; min--; }
  while (min < 0) { min += 60; hour--; }
  while (hour < 0) { hour += 24; mday--; }
  while (mday < 0) {
    const t = flip ? t1 : t2;
    mday += daysInMonth(t.year, t.month);
    mon--;
  }
  while (mon < 0) { mon += 12; year--; }
  const micros = ((BigInt(hour) * 60n + BigInt(min)) * 60n + BigInt(sec)) * 1_000_000n + BigInt(fsec);
  return checkedInterval(s * (year * 12 + mon), s * mday, BigInt(s) * micros);
}

function ageOfTimestamps(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) throw Errors.datetimeOverflow('timestamp out of range');
  return symbolicAge(a, b, breakLocal(a), breakLocal(b));
}

function ageOfTimestamptz(a: bigint, b: bigint, ctx: EvalContext): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) throw Errors.datetimeOverflow('timestamp out of range');
  const zone = timeZone(ctx.typeCtx.timeZone);
  const local = (us: bigint) => us + BigInt(offsetAtMicros(zone, us)) * 1_000_000n;
  return symbolicAge(a, b, breakLocal(local(a)), breakLocal(local(b)));
}

const todayLocal = (ctx: EvalContext) => BigInt(currentDate(ctx)) * US_PER_DAY;

registerFunction('age',
  overload([T.timestamptz, T.timestamptz], T.interval, ([a, b], ctx) => ageOfTimestamptz(a as bigint, b as bigint, ctx),
    { volatility: 'stable' }),
  overload([T.timestamp, T.timestamp], T.interval, ([a, b]) => ageOfTimestamps(a as bigint, b as bigint)),
  overload([T.timestamptz], T.interval, ([b], ctx) => {
    const midnight = localToUtcMicros(timeZone(ctx.typeCtx.timeZone), todayLocal(ctx));
    return ageOfTimestamptz(midnight, b as bigint, ctx);
  }, { volatility: 'stable' }),
  overload([T.timestamp], T.interval, ([b], ctx) => ageOfTimestamps(todayLocal(ctx), b as bigint), { volatility: 'stable' }),
);

registerFunction('isfinite',
  overload([T.date], T.bool, ([d]) => isFiniteDate(d as number)),
  overload([T.timestamptz], T.bool, ([t]) => isFiniteTimestamp(t as bigint)),
  overload([T.timestamp], T.bool, ([t]) => isFiniteTimestamp(t as bigint)),
  overload([T.interval], T.bool, () => true),
);
