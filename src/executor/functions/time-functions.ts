/**
 * Date arithmetic and the clock functions. now() and CURRENT_TIMESTAMP are the transaction's
 * start (ctx.statementTime); LOCALTIMESTAMP, CURRENT_DATE and CURRENT_TIME read it in the
 * session's TimeZone; clock_timestamp() is the wall clock.
 */
import { Errors } from '../../errors/sql-error.js';
import { DATE_INFINITY, DATE_NEG_INFINITY, floorDiv, MAX_DATE_DAYS, MIN_DATE_DAYS, US_PER_DAY } from '../../types/calendar.js';
import { roundMicros } from '../../types/apply-typmod.js';
import { offsetAtMicros, timeZone } from '../../types/time-zone.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';

export function addDays(date: number, days: number): number {
  if (date === DATE_INFINITY || date === DATE_NEG_INFINITY) return date;
  const r = date + days;
  if (r < MIN_DATE_DAYS || r > MAX_DATE_DAYS) throw Errors.datetimeOverflow('date out of range');
  return r;
}

export function subtractDates(a: number, b: number): number {
  const infinite = (d: number) => d === DATE_INFINITY || d === DATE_NEG_INFINITY;
  if (infinite(a) || infinite(b)) throw Errors.datetimeOverflow('cannot subtract infinite dates');
  return a - b;
}

/** The session's wall-clock time of an instant, µs since 1970 as if UTC. */
export function localMicros(utc: bigint, ctx: EvalContext): bigint {
  const zone = timeZone(ctx.typeCtx.timeZone);
  return utc + BigInt(offsetAtMicros(zone, utc)) * 1_000_000n;
}

export function currentTimestamp(precision: number): (ctx: EvalContext) => bigint {
  return precision < 0 ? (ctx) => ctx.statementTime : (ctx) => roundMicros(ctx.statementTime, precision);
}

export function localTimestamp(precision: number): (ctx: EvalContext) => bigint {
  return (ctx) => roundMicros(localMicros(ctx.statementTime, ctx), precision < 0 ? 6 : precision);
}

export function currentDate(ctx: EvalContext): number {
  return Number(floorDiv(localMicros(ctx.statementTime, ctx), US_PER_DAY));
}

export function currentTime(precision: number): (ctx: EvalContext) => bigint {
  return (ctx) => {
    const local = roundMicros(localMicros(ctx.statementTime, ctx), precision < 0 ? 6 : precision);
    const t = local % US_PER_DAY;
    return t < 0n ? t + US_PER_DAY : t;
  };
}

export function clockTimestamp(): bigint {
  return BigInt(Date.now()) * 1000n;
}
