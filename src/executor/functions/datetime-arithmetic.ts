/**
 * Date/time arithmetic with intervals, as PostgreSQL's timestamp_pl_interval & co. do it: the
 * months are added on the calendar first (clamping to the month's last day: Jan 31 + 1 month =
 * Feb 29 in 2024), then the days, then the microseconds. For timestamptz the month and day steps
 * happen on the session's wall clock, so `+ 1 day` across a DST change keeps the local time.
 */
import { Errors } from '../../errors/sql-error.js';
import {
  END_TIMESTAMP_US, MIN_TIMESTAMP_US, US_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, floorDiv,
  isFiniteDate, isFiniteTimestamp,
} from '../../types/calendar.js';
import { Interval, justifyHours } from '../../types/interval.js';
import { type TimeZone, localToUtcMicros, offsetAtMicros } from '../../types/time-zone.js';

function checkTimestamp(us: bigint): bigint {
  if (us < MIN_TIMESTAMP_US || us >= END_TIMESTAMP_US) throw Errors.datetimeOverflow('timestamp out of range');
  return us;
}

/** A local timestamp moved by whole months, then whole days (no time part). */
function shiftCalendar(local: bigint, months: number, days: number): bigint {
  let dayNumber = Number(floorDiv(local, US_PER_DAY));
  const time = local - BigInt(dayNumber) * US_PER_DAY;
  if (months !== 0) {
    const c = civilFromDays(dayNumber);
    const total = c.year * 12 + (c.month - 1) + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12 + 1;
    dayNumber = daysFromCivil(year, month, Math.min(c.day, daysInMonth(year, month)));
    checkTimestamp(BigInt(dayNumber) * US_PER_DAY);
  }
  dayNumber += days;
  return checkTimestamp(BigInt(dayNumber) * US_PER_DAY + time);
}

export function timestampPlusInterval(ts: bigint, iv: Interval): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  const shifted = iv.months === 0 && iv.days === 0 ? ts : shiftCalendar(ts, iv.months, iv.days);
  return checkTimestamp(shifted + iv.micros);
}

export function timestamptzPlusInterval(ts: bigint, iv: Interval, zone: TimeZone): bigint {
  if (!isFiniteTimestamp(ts)) return ts;
  let utc = ts;
  if (iv.months !== 0 || iv.days !== 0) {
    const local = ts + BigInt(offsetAtMicros(zone, ts)) * 1_000_000n;
    utc = localToUtcMicros(zone, shiftCalendar(local, iv.months, iv.days));
  }
  return checkTimestamp(utc + iv.micros);
}

export function negated(iv: Interval): Interval {
  return new Interval(-iv.months, -iv.days, -iv.micros);
}

/** timestamp - timestamp: the difference in µs, whole days split off (justify_hours). */
export function timestampDifference(a: bigint, b: bigint): Interval {
  if (!isFiniteTimestamp(a) || !isFiniteTimestamp(b)) {
    throw Errors.datetimeOverflow('cannot subtract infinite timestamps');
  }
  return justifyHours(new Interval(0, 0, a - b));
}

/** The local timestamp of a date (midnight). */
export function dateToTimestamp(days: number): bigint {
  if (!isFiniteDate(days)) return days > 0 ? 9223372036854775807n : -9223372036854775808n;
  return checkTimestamp(BigInt(days) * US_PER_DAY);
}

function wrapTime(us: bigint): bigint {
  const r = us % US_PER_DAY;
  return r < 0n ? r + US_PER_DAY : r;
}

export function timePlusInterval(t: bigint, iv: Interval): bigint {
  return wrapTime(t + iv.micros);
}

export function timeDifference(a: bigint, b: bigint): Interval {
  return new Interval(0, 0, a - b);
}

export function datePlusTime(days: number, t: bigint): bigint {
  const ts = dateToTimestamp(days);
  return isFiniteTimestamp(ts) ? checkTimestamp(ts + t) : ts;
}
