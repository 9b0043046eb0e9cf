/**
 * The field names of extract/date_part/date_trunc (PostgreSQL's deltatktbl and datetktbl units,
 * looked up on their first 10 characters) and the calendar facts of a local timestamp that those
 * functions read: year, month, day, time of day, day of week, ISO week.
 */
import { US_PER_DAY, civilFromDays, daysFromCivil, floorDiv } from '../../types/calendar.js';
import { UNIT_WORDS, type Unit } from '../../types/interval-text.js';

export type Field = 'microseconds' | 'milliseconds' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month'
  | 'quarter' | 'year' | 'decade' | 'century' | 'millennium' | 'epoch' | 'julian' | 'dow' | 'isodow' | 'doy'
  | 'isoyear' | 'timezone' | 'timezone_hour' | 'timezone_minute';

/** The interval units' spellings (microsecond → microseconds …), plus the fields only extract knows. */
const FIELDS: Record<string, Field> = {};
const UNIT_FIELDS: Record<Unit, Field> = {
  microsecond: 'microseconds', millisecond: 'milliseconds', second: 'second', minute: 'minute', hour: 'hour',
  day: 'day', week: 'week', month: 'month', year: 'year', decade: 'decade', century: 'century', millennium: 'millennium',
};
for (const [unit, words] of Object.entries(UNIT_WORDS)) for (const w of words) FIELDS[w] = UNIT_FIELDS[unit as Unit];
for (const [field, names] of Object.entries({
  quarter: ['qtr', 'quarter'],
  epoch: ['epoch'],
  julian: ['j', 'julian'],
  dow: ['dow'],
  isodow: ['isodow'],
  doy: ['doy'],
  isoyear: ['isoyear'],
  timezone: ['timezone'],
  timezone_hour: ['timezone_h'],
  timezone_minute: ['timezone_m'],
} as Partial<Record<Field, string[]>>)) {
  for (const n of names) FIELDS[n] = field as Field;
}

/** The field a unit name means, or null if PostgreSQL does not know the name at all. */
export function fieldOf(name: string): Field | null {
  return FIELDS[name.toLowerCase().slice(0, 10)] ?? null;
}

/** A local timestamp taken apart. `year` is astronomical (0 = 1 BC). */
export interface Broken {
  readonly days: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** µs within the second. */
  readonly micro: number;
  /** µs since midnight. */
  readonly timeUs: bigint;
}

export function breakLocal(localUs: bigint): Broken {
  const days = Number(floorDiv(localUs, US_PER_DAY));
  const timeUs = localUs - BigInt(days) * US_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const t = Number(timeUs);
  const micro = t % 1_000_000;
  const secs = (t - micro) / 1_000_000;
  return {
    days, year, month, day, timeUs, micro,
    hour: Math.floor(secs / 3600), minute: Math.floor((secs % 3600) / 60), second: secs % 60,
  };
}

/** 0 = Sunday, as extract(dow) counts. */
export function dayOfWeek(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

export function dayOfYear(b: { days: number; year: number }): number {
  return b.days - daysFromCivil(b.year, 1, 1) + 1;
}

/** ISO 8601 week number and week-numbering year of a day. */
export function isoWeek(days: number): { week: number; isoYear: number } {
  const isodow = dayOfWeek(days) || 7;
  const thursday = days - isodow + 4;
  const isoYear = civilFromDays(thursday).year;
  return { week: Math.floor((thursday - daysFromCivil(isoYear, 1, 1)) / 7) + 1, isoYear };
}

/** The Monday starting ISO week 1 of an ISO year. */
export function isoYearStart(isoYear: number): number {
  const jan4 = daysFromCivil(isoYear, 1, 4);
  return jan4 - ((dayOfWeek(jan4) || 7) - 1);
}

/** The year as PostgreSQL shows it: 1 BC is -1 (tm_year 0 → -1). */
export function displayYear(year: number): number {
  return year > 0 ? year : year - 1;
}

/** Julian day number of a day since 1970 (2440588 is 1970-01-01). */
export function julianDay(days: number): number {
  return days + 2440588;
}
