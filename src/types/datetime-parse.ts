/**
 * date/time/timestamp/timestamptz input: the forms PostgreSQL's datetime parser accepts that
 * clients actually send — ISO 8601 with 'T' or space, fractional seconds, zones (Z, ±hh,
 * ±hhmm, ±hh:mm[:ss], UTC/GMT, IANA names, common abbreviations), BC, month names
 * ('Jan 2 2024', 'January 8, 1999'), numeric dates in DateStyle order ('01/02/2024' is
 * January 2nd under MDY), 'YYYYMMDD', am/pm, and the special words (infinity, epoch, now, …).
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import {
  DATE_INFINITY, DATE_NEG_INFINITY, END_TIMESTAMP_US, MAX_DATE_DAYS, MIN_DATE_DAYS, MIN_TIMESTAMP_US,
  TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY, US_PER_DAY, daysFromCivil, daysInMonth, floorDiv,
} from './calendar.js';
import { type TimeZone, findTimeZone, localToUtcMicros, offsetAtMicros, timeZone } from './time-zone.js';
import type { TypeContext } from './type-context.js';
import { ABBREVIATIONS } from './zone-abbreviations.js';
import { isoTimestamp } from './iso-timestamp.js';

interface Fields {
  special?: string;
  year?: number;
  month?: number;
  day?: number;
  timeUs?: bigint;
  /** Seconds east of UTC written in the text. */
  offset?: number;
  zone?: TimeZone;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const WEEKDAYS = new Set(['sun', 'sunday', 'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday',
  'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday']);
const SPECIALS = new Set(['infinity', '+infinity', '-infinity', 'epoch', 'now', 'today', 'tomorrow',
  'yesterday', 'allballs']);

const TOKEN_RE =
  /(\d{1,2}:\d{1,2}(?::\d{1,2}(?:[.,]\d*)?)?)|(\d+([-/.])\d+\3\d+)|([+-]\d{1,2}(?::?\d{2}){0,2})(?!\d)|([a-z][a-z0-9_/+-]*)|(\d+(?:\.\d*)?)|([\s,]+)/iy;

class BadInput extends Error {
  constructor(readonly range: boolean, readonly monthOrDay = false) { super(); }
}

function dateOrder(ctx: TypeContext): 'MDY' | 'DMY' | 'YMD' {
  const s = ctx.dateStyle.toUpperCase();
  if (s.includes('DMY') || s.includes('EURO') || s.includes('GERMAN')) return 'DMY';
  if (s.includes('YMD')) return 'YMD';
  return 'MDY';
}

function year2(text: string): number {
  const y = Number(text);
  return text.length <= 2 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function parseClock(text: string): bigint {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d*))?)?$/.exec(text)!;
  const h = Number(m[1]), min = Number(m[2]), s = Number(m[3] ?? 0);
  const frac = (m[4] ?? '').padEnd(7, '0');
  let micros = Number(frac.slice(0, 6));
  if (Number(frac[6]) >= 5) micros += 1;
  if (min > 59 || s > 60 || h > 24) throw new BadInput(true);
  const us = BigInt(((h * 60 + min) * 60 + s)) * 1_000_000n + BigInt(micros);
  if (us > US_PER_DAY) throw new BadInput(true);
  return us;
}

function zoneOffset(text: string): number {
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(text)!;
  const east = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  if (Number(m[2]) > 15 || Number(m[3] ?? 0) > 59 || Number(m[4] ?? 0) > 59) {
    throw new SqlError('22009', `time zone displacement out of range: "${text}"`);
  }
  return m[1] === '-' ? -east : east;
}

function tokenize(text: string, ctx: TypeContext): Fields {
  const f: Fields = {};
  const lower = text.trim().toLowerCase();
  if (SPECIALS.has(lower)) return { special: lower };
  const s = text.trim().replace(/(\d)[tT](?=\d)/g, '$1 ');
  let monthByName = false;
  let meridiem: 'am' | 'pm' | undefined;
  let bc = false;
  const loose: string[] = [];
  TOKEN_RE.lastIndex = 0;
  while (TOKEN_RE.lastIndex < s.length) {
    const start = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(s);
    if (m === null || m.index !== start) throw new BadInput(false);
    const [, clock, date, sep, offset, word, number] = m;
    if (clock !== undefined) {
      if (f.timeUs !== undefined) throw new BadInput(false);
      f.timeUs = parseClock(clock);
    } else if (date !== undefined) {
      if (f.year !== undefined) throw new BadInput(false);
      const [a, b, c] = date.split(sep!) as [string, string, string];
      const order = a.length >= 3 ? 'YMD' : dateOrder(ctx);
      if (order === 'YMD') { f.year = year2(a); f.month = Number(b); f.day = Number(c); }
      else if (order === 'DMY') { f.day = Number(a); f.month = Number(b); f.year = year2(c); }
      else { f.month = Number(a); f.day = Number(b); f.year = year2(c); }
    } else if (offset !== undefined) {
      f.offset = zoneOffset(offset);
    } else if (word !== undefined) {
      const w = word.toLowerCase();
      const abbreviation = ABBREVIATIONS[w];
      if (MONTHS[w] !== undefined) { f.month = MONTHS[w]; monthByName = true; }
      else if (WEEKDAYS.has(w)) continue;
      else if (w === 'am' || w === 'pm') meridiem = w;
      else if (w === 'bc') bc = true;
      else if (w === 'ad') bc = false;
      else if (abbreviation !== undefined) f.offset = abbreviation * 3600;
      else {
        const zone = w.includes('/') ? findTimeZone(word) : null;
        if (zone === null) throw new BadInput(false);
        f.zone = zone;
      }
    } else if (number !== undefined) {
      if (number.length === 8 && f.year === undefined && !monthByName) {
        f.year = Number(number.slice(0, 4)); f.month = Number(number.slice(4, 6)); f.day = Number(number.slice(6));
      } else if ((number.length >= 6 || number.includes('.')) && f.year !== undefined && f.timeUs === undefined) {
        const [whole, frac] = number.split('.');
        const hhmmss = whole!.padEnd(6, '0');
        f.timeUs = parseClock(`${hhmmss.slice(0, 2)}:${hhmmss.slice(2, 4)}:${hhmmss.slice(4, 6)}${frac ? `.${frac}` : ''}`);
      } else loose.push(number);
    }
  }
  if (monthByName) {
    if (loose.length !== 2 || f.year !== undefined) throw new BadInput(false);
    const yearFirst = loose[0]!.length >= 3 || Number(loose[0]) > 31;
    const [y, d] = yearFirst ? [loose[0]!, loose[1]!] : [loose[1]!, loose[0]!];
    f.year = year2(y); f.day = Number(d);
  } else if (loose.length > 0) throw new BadInput(false);
  if (meridiem !== undefined) {
    if (f.timeUs === undefined) throw new BadInput(false);
    const hour = Number(f.timeUs / 3_600_000_000n);
    if (hour < 1 || hour > 12) throw new BadInput(true);
    if (meridiem === 'pm' && hour !== 12) f.timeUs += 12n * 3_600_000_000n;
    if (meridiem === 'am' && hour === 12) f.timeUs -= 12n * 3_600_000_000n;
  }
  if (f.year !== undefined) {
    if (f.year === 0 && bc) throw new BadInput(true);
    if (bc) f.year = 1 - f.year;
    // A month out of range may be a day read in the wrong DateStyle order: PostgreSQL hints so.
    if (f.month! < 1 || f.month! > 12) throw new BadInput(true, true);
    if (f.day! < 1 || f.day! > daysInMonth(f.year, f.month!)) throw new BadInput(true);
  }
  return f;
}

function fieldsOf(text: string, typeName: string, ctx: TypeContext): Fields {
  try {
    return tokenize(text, ctx);
  } catch (e) {
    if (!(e instanceof BadInput)) throw e;
    if (e.range) return rangeError(text, e.monthOrDay);
    throw Errors.invalidDatetimeFormat(`invalid input syntax for type ${typeName}: "${text}"`);
  }
}

function rangeError(text: string, monthOrDay = false): never {
  if (monthOrDay) {
    throw new SqlError('22008', `date/time field value out of range: "${text}"`, {
      hint: 'Perhaps you need a different "datestyle" setting.',
    });
  }
  throw Errors.datetimeOverflow(`date/time field value out of range: "${text}"`);
}

function nowMicros(ctx: TypeContext): bigint {
  return ctx.now?.() ?? BigInt(Date.now()) * 1000n;
}

/** The special words as a local (wall-clock) timestamp in the session zone. */
function specialLocal(word: string, ctx: TypeContext, zone: TimeZone): bigint | null {
  const now = nowMicros(ctx);
  const local = now + BigInt(offsetAtMicros(zone, now)) * 1_000_000n;
  const today = floorDiv(local, US_PER_DAY) * US_PER_DAY;
  switch (word) {
    case 'epoch': return 0n;
    case 'now': return local;
    case 'today': return today;
    case 'tomorrow': return today + US_PER_DAY;
    case 'yesterday': return today - US_PER_DAY;
    default: return null;
  }
}

function localTimestamp(f: Fields): bigint | null {
  if (f.year === undefined) return null;
  return BigInt(daysFromCivil(f.year, f.month!, f.day!)) * US_PER_DAY + (f.timeUs ?? 0n);
}

function checkTimestamp(us: bigint, text: string): bigint {
  if (us < MIN_TIMESTAMP_US || us >= END_TIMESTAMP_US) {
    throw Errors.datetimeOverflow(`timestamp out of range: "${text}"`);
  }
  return us;
}

export function parseTimestamp(text: string, ctx: TypeContext): bigint {
  const iso = isoTimestamp(text);
  if (iso !== null) return checkTimestamp(iso.local, text); // a zone in the text is ignored, as PostgreSQL does
  const f = fieldsOf(text, 'timestamp', ctx);
  if (f.special === 'infinity' || f.special === '+infinity') return TIMESTAMP_INFINITY;
  if (f.special === '-infinity') return TIMESTAMP_NEG_INFINITY;
  const local = f.special ? specialLocal(f.special, ctx, timeZone(ctx.timeZone)) : localTimestamp(f);
  if (local === null) throw Errors.invalidDatetimeFormat(`invalid input syntax for type timestamp: "${text}"`);
  return checkTimestamp(local, text);
}

export function parseTimestamptz(text: string, ctx: TypeContext): bigint {
  const typeName = 'timestamp with time zone';
  const iso = isoTimestamp(text);
  if (iso !== null) {
    const utc = iso.offset !== undefined ? iso.local - BigInt(iso.offset) * 1_000_000n : localToUtcMicros(timeZone(ctx.timeZone), iso.local);
    return checkTimestamp(utc, text);
  }
  const f = fieldsOf(text, typeName, ctx);
  if (f.special === 'infinity' || f.special === '+infinity') return TIMESTAMP_INFINITY;
  if (f.special === '-infinity') return TIMESTAMP_NEG_INFINITY;
  if (f.special === 'now') return nowMicros(ctx);
  const session = timeZone(ctx.timeZone);
  if (f.special === 'epoch') return 0n;
  const local = f.special ? specialLocal(f.special, ctx, session) : localTimestamp(f);
  if (local === null) throw Errors.invalidDatetimeFormat(`invalid input syntax for type ${typeName}: "${text}"`);
  let utc: bigint;
  if (f.offset !== undefined) utc = local - BigInt(f.offset) * 1_000_000n;
  else utc = localToUtcMicros(f.zone ?? session, local);
  return checkTimestamp(utc, text);
}

export function parseDate(text: string, ctx: TypeContext): number {
  const f = fieldsOf(text, 'date', ctx);
  if (f.special === 'infinity' || f.special === '+infinity') return DATE_INFINITY;
  if (f.special === '-infinity') return DATE_NEG_INFINITY;
  let days: number;
  if (f.special !== undefined) {
    const local = specialLocal(f.special, ctx, timeZone(ctx.timeZone));
    if (local === null) throw Errors.invalidDatetimeFormat(`invalid input syntax for type date: "${text}"`);
    days = Number(floorDiv(local, US_PER_DAY));
  } else {
    if (f.year === undefined) throw Errors.invalidDatetimeFormat(`invalid input syntax for type date: "${text}"`);
    days = daysFromCivil(f.year, f.month!, f.day!);
  }
  if (days < MIN_DATE_DAYS || days > MAX_DATE_DAYS) throw Errors.datetimeOverflow(`date out of range: "${text}"`);
  return days;
}

export function parseTime(text: string, ctx: TypeContext): bigint {
  const f = fieldsOf(text, 'time', ctx);
  if (f.special === 'allballs') return 0n;
  if (f.special === 'now') {
    const local = specialLocal('now', ctx, timeZone(ctx.timeZone))!;
    return local - floorDiv(local, US_PER_DAY) * US_PER_DAY;
  }
  if (f.timeUs === undefined || f.special !== undefined) {
    throw Errors.invalidDatetimeFormat(`invalid input syntax for type time: "${text}"`);
  }
  return f.timeUs;
}
