/**
 * The interval of a RANGE frame offset over a date/time ORDER BY key
 * (`RANGE BETWEEN '1 day'::interval PRECEDING AND CURRENT ROW`). The engine has no interval values,
 * so the offset's literal text is read here, in PostgreSQL's postgres-style input form:
 *
 *   '1 day'  '2 hours 30 minutes'  '1 year 2 mons'  '1 day 02:00:00'  '-3 days'  '1.5 hours'
 *   interval '3' day   (a bare number, the unit named by the type's field qualifier)
 */
import { SqlError } from '../../errors/sql-error.js';
import { US_PER_DAY, civilFromDays, daysFromCivil, daysInMonth, floorDiv } from '../../types/calendar.js';

export interface FrameInterval {
  readonly months: number;
  readonly days: number;
  readonly micros: bigint;
}

const US_PER_SECOND = 1_000_000;

/** Unit → [months, days, µs] per one unit. */
const UNITS: Record<string, readonly [number, number, number]> = {
  microsecond: [0, 0, 1], millisecond: [0, 0, 1000], second: [0, 0, US_PER_SECOND],
  minute: [0, 0, 60 * US_PER_SECOND], hour: [0, 0, 3600 * US_PER_SECOND], day: [0, 1, 0], week: [0, 7, 0],
  month: [1, 0, 0], year: [12, 0, 0], decade: [120, 0, 0], century: [1200, 0, 0], millennium: [12000, 0, 0],
};

const ALIASES: Record<string, string> = {
  us: 'microsecond', usec: 'microsecond', usecs: 'microsecond', microseconds: 'microsecond',
  ms: 'millisecond', msec: 'millisecond', msecs: 'millisecond', milliseconds: 'millisecond',
  s: 'second', sec: 'second', secs: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hours: 'hour',
  d: 'day', days: 'day', w: 'week', weeks: 'week',
  mon: 'month', mons: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', years: 'year', decades: 'decade', centuries: 'century', millennia: 'millennium',
};

/** `interval '3' day`: the typmod's field mask (PostgreSQL's INTERVAL_MASK) → the unit of a bare number. */
const MASK_UNITS: Record<number, string> = { 2: 'month', 4: 'year', 8: 'day', 1024: 'hour', 2048: 'minute', 4096: 'second' };

function invalid(text: string): SqlError {
  return new SqlError('22007', `invalid input syntax for type interval: "${text}"`);
}

export function parseFrameInterval(text: string, fieldMask?: number): FrameInterval {
  let months = 0;
  let days = 0;
  let micros = 0;
  const add = (n: number, unit: string): void => {
    const u = UNITS[unit];
    if (u === undefined) throw invalid(text);
    const m = n * u[0];
    const d = n * u[1] + (m - Math.trunc(m)) * 30;
    months += Math.trunc(m);
    days += Math.trunc(d);
    micros += n * u[2] + (d - Math.trunc(d)) * 86_400 * US_PER_SECOND;
  };
  const words = text.trim().toLowerCase().replace(/^@\s*/, '').split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) throw invalid(text);
  let sign = 1;
  if (words[words.length - 1] === 'ago') {
    sign = -1;
    words.pop();
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const clock = /^([+-])?(\d+):(\d+)(?::(\d+(?:\.\d+)?))?$/.exec(w);
    if (clock) {
      const s = clock[1] === '-' ? -1 : 1;
      micros += s * ((Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4] ?? 0)) * US_PER_SECOND);
      continue;
    }
    const joined = /^([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)([a-z]+)?$/.exec(w);
    if (!joined) throw invalid(text);
    const n = Number(joined[1]);
    let unit: string | undefined = joined[2] ?? words[i + 1];
    if (joined[2] === undefined && unit !== undefined && !/^[a-z]+$/.test(unit)) unit = undefined;
    if (joined[2] === undefined && unit !== undefined) i++;
    if (unit === undefined) unit = fieldMask !== undefined ? MASK_UNITS[fieldMask] ?? 'second' : 'second';
    add(n, ALIASES[unit] ?? unit);
  }
  return { months: sign * months + 0, days: sign * days + 0, micros: BigInt(Math.round(sign * micros)) };
}

export function isNegativeInterval(iv: FrameInterval): boolean {
  // PostgreSQL compares intervals by their span with 30-day months and 24-hour days.
  const span = (BigInt(iv.months) * 30n + BigInt(iv.days)) * US_PER_DAY + iv.micros;
  return span < 0n;
}

/** timestamp (µs) ± interval, months first (clamping the day to the month's end), then days, then time. */
export function addInterval(us: bigint, iv: FrameInterval, sign: 1 | -1): bigint {
  let t = us;
  if (iv.months !== 0) {
    const dayNumber = Number(floorDiv(t, US_PER_DAY));
    const timeOfDay = t - BigInt(dayNumber) * US_PER_DAY;
    const { year, month, day } = civilFromDays(dayNumber);
    const total = year * 12 + (month - 1) + sign * iv.months;
    const y = Math.floor(total / 12);
    const m = total - y * 12 + 1;
    t = BigInt(daysFromCivil(y, m, Math.min(day, daysInMonth(y, m)))) * US_PER_DAY + timeOfDay;
  }
  return t + BigInt(sign * iv.days) * US_PER_DAY + BigInt(sign) * iv.micros;
}
