/**
 * date_trunc (timestamp, timestamptz in the session's or a named zone, interval; a date is read as
 * timestamptz, PostgreSQL's preferred type) and date_bin (fixed-width buckets from an origin).
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import { US_PER_DAY, daysFromCivil, isFiniteTimestamp } from '../../types/calendar.js';
import { Interval, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, intervalOutOfRange } from '../../types/interval.js';
import { formatType } from '../../types/format-type.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { type TimeZone, localToUtcMicros, offsetAtMicros, timeZone } from '../../types/time-zone.js';
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { overload, registerFunction } from './function-registry.js';
import { zoneArgument } from './datetime-make.js';
import { type Field, breakLocal, fieldOf, isoWeek, isoYearStart } from './datetime-fields.js';

const div = (a: number, b: number) => Math.trunc(a / b);

function unitError(name: string, type: ColumnType, field: Field | null, detail?: string): SqlError {
  const shown = formatType(type.oid, -1);
  if (field === null) return new SqlError('22023', `unit "${name}" not recognized for type ${shown}`);
  return new SqlError('0A000', `unit "${name}" not supported for type ${shown}`, detail ? { detail } : {});
}

const DAY_OR_LONGER = new Set<Field>(['week', 'millennium', 'century', 'decade', 'year', 'quarter', 'month', 'day']);

/** timestamp_trunc on a local timestamp; null if the unit does not apply. */
function truncLocal(field: Field, local: bigint): bigint | null {
  const b = breakLocal(local);
  const dayStart = BigInt(b.days) * US_PER_DAY;
  const at = (year: number, month: number, day: number) => BigInt(daysFromCivil(year, month, day)) * US_PER_DAY;
  let y = b.year;
  switch (field) {
    case 'week': return BigInt(isoYearStart(isoWeek(b.days).isoYear) + (isoWeek(b.days).week - 1) * 7) * US_PER_DAY;
    case 'millennium':
      y = y > 0 ? div(y + 999, 1000) * 1000 - 999 : -div(999 - (y - 1), 1000) * 1000 + 1;
      return at(y, 1, 1);
    case 'century':
      y = y > 0 ? div(y + 99, 100) * 100 - 99 : -div(99 - (y - 1), 100) * 100 + 1;
      return at(y, 1, 1);
    case 'decade':
      y = y > 0 ? div(y, 10) * 10 : -div(8 - (y - 1), 10) * 10;
      return at(y, 1, 1);
    case 'year': return at(y, 1, 1);
    case 'quarter': return at(y, 3 * div(b.month - 1, 3) + 1, 1);
    case 'month': return at(y, b.month, 1);
    case 'day': return dayStart;
    case 'hour': return dayStart + BigInt(b.hour) * US_PER_HOUR;
    case 'minute': return dayStart + BigInt(b.hour) * US_PER_HOUR + BigInt(b.minute) * US_PER_MINUTE;
    case 'second': return local - BigInt(b.micro);
    case 'milliseconds': return local - BigInt(b.micro % 1000);
    case 'microseconds': return local;
    default: return null;
  }
}

function truncTimestamp(name: string, ts: bigint): bigint {
  const field = fieldOf(name);
  const r = field === null ? null : truncLocal(field, isFiniteTimestamp(ts) ? ts : 0n);
  if (r === null) throw unitError(name, T.timestamp, field);
  return isFiniteTimestamp(ts) ? r : ts;
}

function truncTimestamptz(name: string, ts: bigint, zone: TimeZone): bigint {
  const field = fieldOf(name);
  const offset = isFiniteTimestamp(ts) ? BigInt(offsetAtMicros(zone, ts)) * 1_000_000n : 0n;
  const r = field === null ? null : truncLocal(field, isFiniteTimestamp(ts) ? ts + offset : 0n);
  if (r === null) throw unitError(name, T.timestamptz, field);
  if (!isFiniteTimestamp(ts)) return ts;
  // Units of a day or longer land on a new wall-clock time, whose offset may differ (DST).
  return DAY_OR_LONGER.has(field!) ? localToUtcMicros(zone, r) : r - offset;
}

function truncInterval(name: string, v: Interval): Interval {
  const field = fieldOf(name);
  let year = div(v.months, 12);
  let mon = v.months % 12;
  let day = v.days;
  let t = v.micros;
  const hour = t / US_PER_HOUR;
  const minute = (t - hour * US_PER_HOUR) / US_PER_MINUTE;
  const sec = (t - hour * US_PER_HOUR - minute * US_PER_MINUTE) / US_PER_SECOND;
  const whole = (h: bigint, m: bigint, s: bigint) => (h * 60n + m) * 60_000_000n + s * US_PER_SECOND;
  switch (field) {
    case 'millennium': year = div(year, 1000) * 1000; mon = 0; day = 0; t = 0n; break;
    case 'century': year = div(year, 100) * 100; mon = 0; day = 0; t = 0n; break;
    case 'decade': year = div(year, 10) * 10; mon = 0; day = 0; t = 0n; break;
    case 'year': mon = 0; day = 0; t = 0n; break;
    case 'quarter': mon = 3 * div(mon, 3); day = 0; t = 0n; break;
    case 'month': day = 0; t = 0n; break;
    case 'day': t = 0n; break;
    case 'hour': t = whole(hour, 0n, 0n); break;
    case 'minute': t = whole(hour, minute, 0n); break;
    case 'second': t = whole(hour, minute, sec); break;
    case 'milliseconds': t = (t / 1000n) * 1000n; break;
    case 'microseconds': break;
    default:
      throw unitError(name, T.interval, field, field === 'week' ? 'Months usually have fractional weeks.' : undefined);
  }
  return new Interval(year * 12 + mon, day, t);
}

const sessionZone = (ctx: EvalContext) => timeZone(ctx.typeCtx.timeZone);

registerFunction('date_trunc',
  overload([T.text, T.timestamptz], T.timestamptz, ([u, ts], ctx) => truncTimestamptz(u as string, ts as bigint, sessionZone(ctx)),
    { volatility: 'stable' }),
  overload([T.text, T.timestamp], T.timestamp, ([u, ts]) => truncTimestamp(u as string, ts as bigint)),
  overload([T.text, T.interval], T.interval, ([u, v]) => truncInterval(u as string, v as Interval)),
  overload([T.text, T.timestamptz, T.text], T.timestamptz, ([u, ts, z]) => truncTimestamptz(u as string, ts as bigint, zoneArgument(z as string))),
);

/** date_bin: the start of the stride-wide bucket, counted from origin, that holds source. */
function dateBin(stride: Interval, source: bigint, origin: bigint): bigint {
  if (!isFiniteTimestamp(source)) return source;
  if (!isFiniteTimestamp(origin)) throw Errors.datetimeOverflow('origin out of range');
  if (stride.months !== 0) {
    throw new SqlError('0A000', 'timestamps cannot be binned into intervals containing months or years');
  }
  const strideUs = BigInt(stride.days) * US_PER_DAY + stride.micros;
  if (strideUs <= 0n) throw Errors.datetimeOverflow('stride must be greater than zero');
  const diff = source - origin;
  if (diff > 2n ** 63n - 1n || diff < -(2n ** 63n)) throw intervalOutOfRange();
  const modulo = diff % strideUs;
  let result = origin + (diff - modulo);
  if (diff < 0n && modulo !== 0n) result -= strideUs;
  return result;
}

registerFunction('date_bin',
  overload([T.interval, T.timestamptz, T.timestamptz], T.timestamptz,
    ([s, ts, o]) => dateBin(s as Interval, ts as bigint, o as bigint)),
  overload([T.interval, T.timestamp, T.timestamp], T.timestamp,
    ([s, ts, o]) => dateBin(s as Interval, ts as bigint, o as bigint)),
);
