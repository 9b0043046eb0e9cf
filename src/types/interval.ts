/**
 * PostgreSQL's interval: three independent counts — months, days and microseconds — because a
 * month is not a fixed number of days and a day is not always 24 hours (DST). Only comparison
 * folds them together, the way interval_cmp_value does: a month is 30 days, a day 24 hours.
 *
 *   '1 year 2 mons 3 days 04:05:06.7'  →  { months: 14, days: 3, micros: 14706700000n }
 */
import { Errors } from '../errors/sql-error.js';

export const US_PER_SECOND = 1_000_000n;
export const US_PER_MINUTE = 60_000_000n;
export const US_PER_HOUR = 3_600_000_000n;
export const US_PER_DAY = 86_400_000_000n;
export const DAYS_PER_MONTH = 30;
export const MONTHS_PER_YEAR = 12;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export class Interval {
  constructor(readonly months: number, readonly days: number, readonly micros: bigint) {
    Object.freeze(this);
  }

  static readonly ZERO = new Interval(0, 0, 0n);
}

export function intervalOutOfRange(): Error {
  return Errors.datetimeOverflow('interval out of range');
}

/** An interval whose fields are checked against PostgreSQL's int32/int32/int64 limits. */
export function checkedInterval(months: number, days: number, micros: bigint): Interval {
  if (!Number.isInteger(months) || months < INT32_MIN || months > INT32_MAX) throw intervalOutOfRange();
  if (!Number.isInteger(days) || days < INT32_MIN || days > INT32_MAX) throw intervalOutOfRange();
  if (micros < INT64_MIN || micros > INT64_MAX) throw intervalOutOfRange();
  return new Interval(months + 0, days + 0, micros);
}

/** interval_cmp_value: the span in µs with a month as 30 days and a day as 24 hours. */
export function intervalSpan(v: Interval): bigint {
  return (BigInt(v.months) * BigInt(DAYS_PER_MONTH) + BigInt(v.days)) * US_PER_DAY + v.micros;
}

export function compareIntervals(a: Interval, b: Interval): number {
  const x = intervalSpan(a);
  const y = intervalSpan(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addIntervals(a: Interval, b: Interval): Interval {
  return checkedInterval(a.months + b.months, a.days + b.days, a.micros + b.micros);
}

export function subtractIntervals(a: Interval, b: Interval): Interval {
  return checkedInterval(a.months - b.months, a.days - b.days, a.micros - b.micros);
}

export function negateInterval(a: Interval): Interval {
  return checkedInterval(-a.months, -a.days, -a.micros);
}

/** TSROUND: rounds to 6 fraction digits, so float products land on whole numbers where meant. */
function tsRound(x: number): number {
  return rint(x * 1e6) / 1e6;
}

/** C's rint(): half to even. */
export function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function int32Of(x: number): number {
  if (Number.isNaN(x) || x > INT32_MAX || x < INT32_MIN) throw intervalOutOfRange();
  return Math.trunc(x);
}

/**
 * interval_mul / interval_div: months and days scale as whole numbers, their fractions cascade
 * down (a month's fraction into days at 30 days a month, a day's into seconds), never up.
 */
function scale(span: Interval, factor: number, divide: boolean): Interval {
  const f = (x: number) => (divide ? x / factor : x * factor);
  const months = int32Of(f(span.months));
  let days = int32Of(f(span.days));
  let monthRemainderDays = tsRound((f(span.months) - months) * DAYS_PER_MONTH);
  let secRemainder = tsRound((f(span.days) - days + monthRemainderDays - Math.trunc(monthRemainderDays)) * 86400);
  if (Math.abs(secRemainder) >= 86400) {
    const whole = Math.trunc(secRemainder / 86400);
    days += whole;
    secRemainder -= whole * 86400;
  }
  days += Math.trunc(monthRemainderDays);
  monthRemainderDays = 0;
  const time = rint(f(Number(span.micros)) + secRemainder * 1e6);
  if (!Number.isFinite(time) || time >= 9.223372036854775807e18 || time < -9.223372036854775808e18) {
    throw intervalOutOfRange();
  }
  return checkedInterval(months, days, BigInt(time));
}

export function multiplyInterval(span: Interval, factor: number): Interval {
  if (Number.isNaN(factor)) throw intervalOutOfRange();
  return scale(span, factor, false);
}

export function divideInterval(span: Interval, factor: number): Interval {
  if (factor === 0) throw Errors.divisionByZero();
  if (Number.isNaN(factor)) throw intervalOutOfRange();
  return scale(span, factor, true);
}

/** justify_hours: whole 24-hour periods of the time part become days. */
export function justifyHours(v: Interval): Interval {
  let days = v.days;
  let micros = v.micros;
  const wholeDays = micros / US_PER_DAY;
  micros -= wholeDays * US_PER_DAY;
  days += Number(wholeDays);
  if (days > 0 && micros < 0n) { micros += US_PER_DAY; days--; }
  else if (days < 0 && micros > 0n) { micros -= US_PER_DAY; days++; }
  return checkedInterval(v.months, days, micros);
}

/** justify_days: whole 30-day periods become months. */
export function justifyDays(v: Interval): Interval {
  let months = v.months;
  let days = v.days;
  const whole = Math.trunc(days / DAYS_PER_MONTH);
  days -= whole * DAYS_PER_MONTH;
  months += whole;
  if (months > 0 && days < 0) { days += DAYS_PER_MONTH; months--; }
  else if (months < 0 && days > 0) { days -= DAYS_PER_MONTH; months++; }
  return checkedInterval(months, days, v.micros);
}

/** justify_interval: justify_hours and justify_days with one consistent sign. */
export function justifyInterval(v: Interval): Interval {
  let months = v.months;
  let days = v.days;
  let micros = v.micros;
  if ((days > 0 && micros > 0n) || (days < 0 && micros < 0n)) {
    const whole = Math.trunc(days / DAYS_PER_MONTH);
    days -= whole * DAYS_PER_MONTH;
    months += whole;
  }
  const wholeDays = micros / US_PER_DAY;
  micros -= wholeDays * US_PER_DAY;
  days += Number(wholeDays);
  const whole = Math.trunc(days / DAYS_PER_MONTH);
  days -= whole * DAYS_PER_MONTH;
  months += whole;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0n))) { days += DAYS_PER_MONTH; months--; }
  else if (months < 0 && (days > 0 || (days === 0 && micros > 0n))) { days -= DAYS_PER_MONTH; months++; }
  if (days > 0 && micros < 0n) { micros += US_PER_DAY; days--; }
  else if (days < 0 && micros > 0n) { micros -= US_PER_DAY; days++; }
  return checkedInterval(months, days, micros);
}
