/**
 * extract(field FROM x) and date_part('field', x) over date, time, timestamp, timestamptz and
 * interval. PostgreSQL 15's extract answers numeric (seconds keep 6 fraction digits, epoch of a
 * timestamp too), date_part answers double precision; date_part of a date reads it as a timestamp.
 */
import { SqlError } from '../../errors/sql-error.js';
import { US_PER_DAY, isFiniteDate, isFiniteTimestamp } from '../../types/calendar.js';
import { Interval } from '../../types/interval.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { numericAdd, numericDiv } from '../../types/numeric.js';
import { offsetAtMicros, timeZone } from '../../types/time-zone.js';
import { formatType } from '../../types/format-type.js';
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { type FunctionOverload, registerFunction } from './function-registry.js';
import {
  type Field, breakLocal, dayOfWeek, dayOfYear, displayYear, fieldOf, isoWeek, julianDay,
} from './datetime-fields.js';

/** A numeric text of n / 10^scale: scaled(30123456n, 6) = '30.123456'. */
function scaled(n: bigint, scale: number): string {
  if (scale === 0) return n.toString();
  const neg = n < 0n;
  const digits = (neg ? -n : n).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function notRecognized(name: string, type: ColumnType): SqlError {
  return new SqlError('22023', `unit "${name}" not recognized for type ${formatType(type.oid, -1)}`);
}

function notSupported(name: string, type: ColumnType): SqlError {
  return new SqlError('0A000', `unit "${name}" not supported for type ${formatType(type.oid, -1)}`);
}

/** C's truncating integer division. */
const div = (a: number, b: number) => Math.trunc(a / b);

function yearFields(field: Field, year: number): number | null {
  switch (field) {
    case 'year': return displayYear(year);
    case 'decade': return year >= 0 ? div(year, 10) : -div(8 - (year - 1), 10);
    case 'century': return year > 0 ? div(year + 99, 100) : -div(99 - (year - 1), 100);
    case 'millennium': return year > 0 ? div(year + 999, 1000) : -div(999 - (year - 1), 1000);
    default: return null;
  }
}

/** The fields a date has (no time of day). */
function dateField(field: Field, days: number): string | null {
  const b = breakLocal(BigInt(days) * US_PER_DAY);
  const y = yearFields(field, b.year);
  if (y !== null) return String(y);
  switch (field) {
    case 'day': return String(b.day);
    case 'month': return String(b.month);
    case 'quarter': return String(div(b.month - 1, 3) + 1);
    case 'week': return String(isoWeek(days).week);
    case 'isoyear': { const iy = isoWeek(days).isoYear; return String(iy > 0 ? iy : iy - 1); }
    case 'dow': return String(dayOfWeek(days));
    case 'isodow': return String(dayOfWeek(days) || 7);
    case 'doy': return String(dayOfYear(b));
    case 'julian': return String(julianDay(days));
    case 'epoch': return (BigInt(days) * 86400n).toString();
    default: return null;
  }
}

/** The fields of a time of day (µs since midnight), shared by time and timestamps. */
function clockField(field: Field, timeUs: bigint): string | null {
  const secUs = timeUs % 60_000_000n;
  switch (field) {
    case 'microseconds': return secUs.toString();
    case 'milliseconds': return scaled(secUs, 3);
    case 'second': return scaled(secUs, 6);
    case 'minute': return String((timeUs / 60_000_000n) % 60n);
    case 'hour': return String(timeUs / 3_600_000_000n);
    default: return null;
  }
}

function timestampField(field: Field, local: bigint, epochUs: bigint): string | null {
  if (field === 'epoch') return scaled(epochUs, 6);
  const b = breakLocal(local);
  if (field === 'julian') {
    return numericAdd(String(julianDay(b.days)), numericDiv(b.timeUs.toString(), US_PER_DAY.toString()));
  }
  return clockField(field, b.timeUs) ?? dateField(field, b.days);
}

function intervalField(field: Field, v: Interval): string | null {
  let t = v.micros;
  const hour = t / 3_600_000_000n; t -= hour * 3_600_000_000n;
  const minute = t / 60_000_000n; t -= minute * 60_000_000n;
  const year = div(v.months, 12);
  switch (field) {
    case 'microseconds': return t.toString();
    case 'milliseconds': return scaled(t, 3);
    case 'second': return scaled(t, 6);
    case 'minute': return minute.toString();
    case 'hour': return hour.toString();
    case 'day': return String(v.days);
    case 'month': return String(v.months % 12 + 0);
    case 'quarter': return String(div(v.months % 12, 3) + 1);
    case 'year': return String(year);
    case 'decade': return String(div(year, 10));
    case 'century': return String(div(year, 100));
    case 'millennium': return String(div(year, 1000));
    case 'epoch': {
      // 365.25 days a year, 30 a month: computed in quarter days to stay integral.
      const secs = (BigInt(4 * 365.25) * BigInt(div(v.months, 12)) + 120n * BigInt(v.months % 12) + 4n * BigInt(v.days))
        * (86400n / 4n);
      return scaled(secs * 1_000_000n + v.micros, 6);
    }
    default: return null;
  }
}

/** Infinite dates and timestamps: ±Infinity for the unbounded fields, NULL for the others. */
function infiniteField(field: Field, positive: boolean): string | null {
  const unbounded: Field[] = ['year', 'decade', 'century', 'millennium', 'julian', 'isoyear', 'epoch'];
  return unbounded.includes(field) ? (positive ? 'Infinity' : '-Infinity') : null;
}

function extractText(name: string, v: Value, type: ColumnType, ctx: EvalContext): string | null {
  const field = fieldOf(name);
  if (field === null) throw notRecognized(name, type);
  let out: string | null;
  switch (type.kalam) {
    case KalamDataType.DATE: {
      const days = v as number;
      out = isFiniteDate(days) ? dateField(field, days) : infiniteField(field, days > 0);
      if (out === null && isFiniteDate(days)) throw notSupported(name, type);
      return out;
    }
    case KalamDataType.TIME:
      out = field === 'epoch' ? scaled(v as bigint, 6) : clockField(field, v as bigint);
      if (out === null) throw notSupported(name, type);
      return out;
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME: {
      const us = v as bigint;
      if (!isFiniteTimestamp(us)) {
        if (field === 'timezone' || field === 'timezone_hour' || field === 'timezone_minute') return null;
        return infiniteField(field, us > 0n);
      }
      const zoned = type.kalam === KalamDataType.DATETIME;
      const offset = zoned ? offsetAtMicros(timeZone(ctx.typeCtx.timeZone), us) : 0;
      if (field === 'timezone' || field === 'timezone_hour' || field === 'timezone_minute') {
        if (!zoned) throw notSupported(name, type);
        return String(field === 'timezone' ? offset : field === 'timezone_hour' ? div(offset, 3600) : div(offset % 3600, 60));
      }
      out = timestampField(field, us + BigInt(offset) * 1_000_000n, us);
      if (out === null) throw notSupported(name, type);
      return out;
    }
    case KalamDataType.INTERVAL:
      out = intervalField(field, v as Interval);
      if (out === null) throw notSupported(name, type);
      return out;
    default:
      throw notRecognized(name, type);
  }
}

/** date_part has no date overload: a date is read as a timestamp (PostgreSQL's SQL-language date_part). */
function overloadsFor(result: ColumnType, asNumber: boolean, withDate: boolean): FunctionOverload[] {
  const types = withDate ? [T.timestamptz, T.timestamp, T.date, T.time, T.interval] : [T.timestamp, T.timestamptz, T.time, T.interval];
  return types.map((t) => ({
    params: [T.text, t],
    result,
    volatility: t === T.timestamptz ? 'stable' : 'immutable',
    build: (argTypes: readonly ColumnType[]) => {
      const type = argTypes[1]!;
      return (args: readonly Value[], ctx: EvalContext) => {
        const text = extractText(args[0] as string, args[1]!, type, ctx);
        return text === null ? null : asNumber ? Number(text) : text;
      };
    },
  }));
}

registerFunction('extract', ...overloadsFor(T.numeric, false, true));
registerFunction('date_part', ...overloadsFor(T.float8, true, false));
