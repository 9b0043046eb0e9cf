/**
 * interval text input (every form PostgreSQL's DecodeInterval / DecodeISO8601Interval accept that
 * people write) and output in IntervalStyle postgres, postgres_verbose, iso_8601 and sql_standard.
 *
 *   '1 year 2 mons 3 days 04:05:06.7'  '-1 day +2 hours'  '@ 1 day ago'  '1:30'  '1.5 days'
 *   'P1Y2M3DT4H5M6S'  'P1W'  'PT0.5S'  'P0001-02-03T04:05:06'  '1-2' (year-month)  '3 4:05' (day time)
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import {
  DAYS_PER_MONTH, Interval, MONTHS_PER_YEAR, US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND,
  checkedInterval, rint,
} from './interval.js';
import { FIELD, adjustIntervalForTypmod, intervalRange } from './interval-typmod.js';

class Bad extends Error {
  constructor(readonly range = false) { super(); }
}

/** Accumulates fields as DecodeInterval's pg_itm_in does. */
class Acc {
  months = 0;
  days = 0;
  micros = 0n;
  mask = 0;

  claim(bits: number): void {
    if ((this.mask & bits) !== 0) throw new Bad();
    this.mask |= bits;
  }

  /** AdjustFractMicroseconds: frac × scale µs, rounded half away from zero. */
  fractMicros(frac: number, scale: number): void {
    if (frac === 0) return;
    const x = frac * scale;
    let us = Math.trunc(x);
    const rest = x - us;
    if (rest > 0.5) us++;
    else if (rest < -0.5) us--;
    this.micros += BigInt(us);
  }

  fractDays(frac: number, scale: number): void {
    if (frac === 0) return;
    const x = frac * scale;
    const extra = Math.trunc(x);
    this.days += extra;
    this.fractMicros(x - extra, Number(US_PER_DAY));
  }

  /** One `number unit` pair; `whole` and `frac` carry the number's sign. */
  add(unit: Unit, whole: number, frac: number): void {
    switch (unit) {
      case 'microsecond': this.micros += BigInt(whole); this.fractMicros(frac, 1); return;
      case 'millisecond': this.micros += BigInt(whole) * 1000n; this.fractMicros(frac, 1000); return;
      case 'second': this.micros += BigInt(whole) * US_PER_SECOND; this.fractMicros(frac, 1e6); return;
      case 'minute': this.micros += BigInt(whole) * US_PER_MINUTE; this.fractMicros(frac, 6e7); return;
      case 'hour': this.micros += BigInt(whole) * US_PER_HOUR; this.fractMicros(frac, 3.6e9); return;
      case 'day': this.days += whole; this.fractMicros(frac, Number(US_PER_DAY)); return;
      case 'week': this.days += whole * 7; this.fractDays(frac, 7); return;
      case 'month': this.months += whole; this.fractDays(frac, DAYS_PER_MONTH); return;
      default: {
        const years = YEARS[unit];
        this.months += whole * years * MONTHS_PER_YEAR;
        this.months += rint(frac * years * MONTHS_PER_YEAR);
      }
    }
  }

  negate(): void {
    this.months = -this.months;
    this.days = -this.days;
    this.micros = -this.micros;
  }
}

export type Unit = 'microsecond' | 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'
  | 'decade' | 'century' | 'millennium';

const YEARS: Record<string, number> = { year: 1, decade: 10, century: 100, millennium: 1000 };

const UNIT_MASK: Record<Unit, number> = {
  microsecond: 1 << 20, millisecond: 1 << 21, second: FIELD.SECOND, minute: FIELD.MINUTE, hour: FIELD.HOUR,
  day: FIELD.DAY, week: 1 << 22, month: FIELD.MONTH, year: FIELD.YEAR, decade: 1 << 23, century: 1 << 24,
  millennium: 1 << 25,
};

/** PostgreSQL's deltatktbl: the spellings of each unit (extract/date_trunc take them too). */
export const UNIT_WORDS: Readonly<Record<Unit, readonly string[]>> = {
  microsecond: ['microsecon', 'us', 'usec', 'usecs', 'usecond', 'useconds'],
  millisecond: ['millisecon', 'ms', 'msec', 'msecs', 'msecond', 'mseconds'],
  second: ['s', 'sec', 'secs', 'second', 'seconds'],
  minute: ['m', 'min', 'mins', 'minute', 'minutes'],
  hour: ['h', 'hr', 'hrs', 'hour', 'hours'],
  day: ['d', 'day', 'days'],
  week: ['w', 'week', 'weeks'],
  month: ['mon', 'mons', 'month', 'months'],
  year: ['y', 'yr', 'yrs', 'year', 'years'],
  decade: ['dec', 'decs', 'decade', 'decades'],
  century: ['c', 'cent', 'century', 'centuries'],
  millennium: ['mil', 'mils', 'millennia', 'millennium'],
};

/** Looked up (as in PostgreSQL) on the first 10 characters of a word. */
const UNITS: Record<string, Unit> = {};
for (const [unit, words] of Object.entries(UNIT_WORDS)) for (const w of words) UNITS[w] = unit as Unit;


/** '-1.25' → whole -1, frac -0.25 (both with the number's sign). */
function splitNumber(text: string): [number, number] {
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]/, '');
  const [w = '', f = ''] = body.split('.');
  const whole = w === '' ? 0 : Number(w);
  const frac = f === '' ? 0 : Number(`0.${f}`);
  if (!Number.isSafeInteger(whole)) throw new Bad(true);
  return negative ? [-whole, -frac] : [whole, frac];
}

/** [+-]h:m[:s[.f]] or [+-]m:s.f → µs. */
function parseClock(text: string, acc: Acc): void {
  const negative = text.startsWith('-');
  const parts = text.replace(/^[+-]/, '').split(':');
  let h = 0, m = 0, s = '0';
  if (parts.length === 3) [h, m, s] = [Number(parts[0]), Number(parts[1]), parts[2]!];
  else if (parts[1]!.includes('.')) [m, s] = [Number(parts[0]), parts[1]!];
  else [h, m] = [Number(parts[0]), Number(parts[1])];
  const [sw, sf] = splitNumber(s);
  if (m > 59 || sw > 60) throw new Bad(true);
  let us = (BigInt(h) * 60n + BigInt(m)) * US_PER_MINUTE + BigInt(sw) * US_PER_SECOND;
  us += BigInt(Math.round(sf * 1e6));
  acc.claim(FIELD.HOUR | FIELD.MINUTE | FIELD.SECOND);
  acc.micros += negative ? -us : us;
}

const TOKEN = /\s*(?:([+-]?\d+:\d+(?::\d+)?(?:\.\d*)?)|([+-]?\d+-\d+)(?![\d:-])|([+-]?(?:\d+\.?\d*|\.\d+))|([a-z]+)|(,))/y;

/** The unit a bare number stands for, from the typmod's range (seconds if none). */
function bareUnit(typmod: number): Unit {
  const range = intervalRange(typmod);
  const F = FIELD;
  if (range === F.YEAR) return 'year';
  if (range === F.MONTH || range === (F.YEAR | F.MONTH)) return 'month';
  if (range === F.DAY) return 'day';
  if (range === F.HOUR || range === (F.DAY | F.HOUR)) return 'hour';
  if (range === F.MINUTE || range === (F.HOUR | F.MINUTE) || range === (F.DAY | F.HOUR | F.MINUTE)) return 'minute';
  return 'second';
}

function decodePostgres(s: string, typmod: number): Acc {
  const acc = new Acc();
  let ago = false;
  let pending: string | null = null; // a number waiting for its unit
  const flush = (unit: Unit | null, next: 'clock' | 'end') => {
    if (pending === null) return;
    const u = unit ?? (next === 'clock' ? 'day' : bareUnit(typmod));
    acc.claim(UNIT_MASK[u]);
    const [w, f] = splitNumber(pending);
    acc.add(u, w, f);
    pending = null;
  };
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < s.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(s);
    if (m === null) {
      if (s.slice(pos).trim() === '') break;
      throw new Bad();
    }
    pos = TOKEN.lastIndex;
    const [, clock, yearMonth, number, word] = m;
    if (clock !== undefined) {
      flush(null, 'clock');
      parseClock(clock, acc);
    } else if (yearMonth !== undefined) {
      if (pending !== null) throw new Bad();
      const negative = yearMonth.startsWith('-');
      const [y, mo] = yearMonth.replace(/^[+-]/, '').split('-').map(Number) as [number, number];
      if (mo > 11) throw new Bad(true);
      acc.claim(FIELD.YEAR | FIELD.MONTH);
      acc.months += (negative ? -1 : 1) * (y * 12 + mo);
    } else if (number !== undefined) {
      if (pending !== null) throw new Bad();
      pending = number;
    } else if (word !== undefined) {
      if (word === 'ago') {
        if (pending !== null || ago) throw new Bad();
        ago = true;
        continue;
      }
      const unit = UNITS[word.slice(0, 10)];
      if (unit === undefined || pending === null) throw new Bad();
      flush(unit, 'end');
    }
  }
  flush(null, 'end');
  if (acc.mask === 0) throw new Bad();
  if (ago) acc.negate();
  return acc;
}

/** ISO 8601 'P…' with designators, or the alternative form 'P0001-02-03T04:05:06'. */
function decodeIso(s: string): Acc {
  const acc = new Acc();
  let rest = s.slice(1);
  if (rest === '') throw new Bad();
  const alt = /^(\d{4})-?(\d{2})-?(\d{2})(?:t(\d{2}):?(\d{2}):?(\d{2}(?:\.\d*)?))?$/.exec(rest);
  if (alt !== null) {
    acc.months = Number(alt[1]) * 12 + Number(alt[2]);
    acc.days = Number(alt[3]);
    if (alt[4] !== undefined) {
      const [sw, sf] = splitNumber(alt[6]!);
      acc.micros = (BigInt(alt[4]) * 60n + BigInt(alt[5]!)) * US_PER_MINUTE + BigInt(sw) * US_PER_SECOND + BigInt(Math.round(sf * 1e6));
    }
    acc.mask = 1;
    return acc;
  }
  let timePart = false;
  const re = /^([+-]?(?:\d+\.?\d*|\.\d+))([ymwdhs])/;
  while (rest.length > 0) {
    if (rest[0] === 't') {
      if (timePart) throw new Bad();
      timePart = true;
      rest = rest.slice(1);
      if (rest === '') throw new Bad();
      continue;
    }
    const m = re.exec(rest);
    if (m === null) throw new Bad();
    rest = rest.slice(m[0].length);
    const [w, f] = splitNumber(m[1]!);
    const d = m[2]!;
    const unit: Unit = timePart
      ? ({ h: 'hour', m: 'minute', s: 'second' } as Record<string, Unit>)[d] ?? fail()
      : ({ y: 'year', m: 'month', w: 'week', d: 'day' } as Record<string, Unit>)[d] ?? fail();
    acc.claim(UNIT_MASK[unit]);
    acc.add(unit, w, f);
  }
  return acc;
}

function fail(): never {
  throw new Bad();
}

/** interval_in, then the typmod's range and precision. */
export function parseInterval(text: string, typmod = -1): Interval {
  let s = text.trim().toLowerCase();
  try {
    if (s.startsWith('@')) s = s.slice(1).trim();
    const acc = s.startsWith('p') ? decodeIso(s) : decodePostgres(s, typmod);
    let v: Interval;
    try {
      v = checkedInterval(acc.months, acc.days, acc.micros);
    } catch {
      throw new Bad(true);
    }
    return adjustIntervalForTypmod(v, typmod);
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    if (e.range) throw new SqlError('22015', `interval field value out of range: "${text}"`);
    throw Errors.invalidDatetimeFormat(`invalid input syntax for type interval: "${text}"`);
  }
}

function pad2(n: bigint | number): string {
  const s = String(n);
  return s.length < 2 ? `0${s}` : s;
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** The seconds with their fraction, trailing zeros dropped: '05', '06.7'. */
function seconds(sec: bigint, fsec: bigint): string {
  const whole = pad2(abs(sec));
  if (fsec === 0n) return whole;
  return `${whole}.${String(abs(fsec)).padStart(6, '0').replace(/0+$/, '')}`;
}

interface Parts { year: number; mon: number; mday: number; hour: bigint; min: bigint; sec: bigint; fsec: bigint }

function partsOf(v: Interval): Parts {
  let t = v.micros;
  const hour = t / US_PER_HOUR; t -= hour * US_PER_HOUR;
  const min = t / US_PER_MINUTE; t -= min * US_PER_MINUTE;
  const sec = t / US_PER_SECOND; t -= sec * US_PER_SECOND;
  return { year: Math.trunc(v.months / 12), mon: v.months % 12 + 0, mday: v.days, hour, min, sec, fsec: t };
}

function formatPostgres(p: Parts): string {
  let out = '';
  let isZero = true;
  let isBefore = false;
  const part = (value: number, unit: string) => {
    if (value === 0) return;
    out += `${isZero ? '' : ' '}${isBefore && value > 0 ? '+' : ''}${value} ${unit}${value !== 1 ? 's' : ''}`;
    isBefore = value < 0;
    isZero = false;
  };
  part(p.year, 'year');
  part(p.mon, 'mon');
  part(p.mday, 'day');
  if (isZero || p.hour !== 0n || p.min !== 0n || p.sec !== 0n || p.fsec !== 0n) {
    const minus = p.hour < 0n || p.min < 0n || p.sec < 0n || p.fsec < 0n;
    out += `${isZero ? '' : ' '}${minus ? '-' : isBefore ? '+' : ''}${pad2(abs(p.hour))}:${pad2(abs(p.min))}:${seconds(p.sec, p.fsec)}`;
  }
  return out;
}

function formatVerbose(p: Parts): string {
  let out = '@';
  let isZero = true;
  let isBefore = false;
  // The first nonzero field sets the sign ("ago"); later fields show theirs relative to it.
  const part = (value: number, unit: string) => {
    if (value === 0) return;
    if (isZero) { isBefore = value < 0; value = Math.abs(value); }
    else if (isBefore) value = -value;
    out += ` ${value} ${unit}${value === 1 ? '' : 's'}`;
    isZero = false;
  };
  part(p.year, 'year');
  part(p.mon, 'mon');
  part(p.mday, 'day');
  part(Number(p.hour), 'hour');
  part(Number(p.min), 'min');
  if (p.sec !== 0n || p.fsec !== 0n) {
    out += ' ';
    if (p.sec < 0n || (p.sec === 0n && p.fsec < 0n)) {
      if (isZero) isBefore = true;
      else if (!isBefore) out += '-';
    } else if (isBefore) out += '-';
    out += `${seconds(p.sec, p.fsec).replace(/^0(?=\d)/, '')} sec${abs(p.sec) !== 1n || p.fsec !== 0n ? 's' : ''}`;
    isZero = false;
  }
  if (isZero) out += ' 0';
  return isBefore ? `${out} ago` : out;
}

function formatIso(p: Parts): string {
  if (p.year === 0 && p.mon === 0 && p.mday === 0 && p.hour === 0n && p.min === 0n && p.sec === 0n && p.fsec === 0n) return 'PT0S';
  let out = 'P';
  if (p.year !== 0) out += `${p.year}Y`;
  if (p.mon !== 0) out += `${p.mon}M`;
  if (p.mday !== 0) out += `${p.mday}D`;
  if (p.hour !== 0n || p.min !== 0n || p.sec !== 0n || p.fsec !== 0n) out += 'T';
  if (p.hour !== 0n) out += `${p.hour}H`;
  if (p.min !== 0n) out += `${p.min}M`;
  if (p.sec !== 0n || p.fsec !== 0n) {
    const negative = p.sec < 0n || p.fsec < 0n;
    out += `${negative ? '-' : ''}${seconds(p.sec, p.fsec).replace(/^0(?=\d)/, '')}S`;
  }
  return out;
}

function formatSqlStandard(p0: Parts): string {
  let p = p0;
  const fields = [p.year, p.mon, p.mday, Number(p.hour), Number(p.min), Number(p.sec), Number(p.fsec)];
  const hasNegative = fields.some((x) => x < 0);
  const hasPositive = fields.some((x) => x > 0);
  const hasYearMonth = p.year !== 0 || p.mon !== 0;
  const hasDayTime = fields.slice(2).some((x) => x !== 0);
  const standard = !(hasNegative && hasPositive) && !(hasYearMonth && hasDayTime);
  let out = '';
  if (hasNegative && standard) {
    out = '-';
    p = { year: -p.year, mon: -p.mon, mday: -p.mday, hour: -p.hour, min: -p.min, sec: -p.sec, fsec: -p.fsec };
  }
  const clock = (hour: bigint) => `${hour}:${pad2(abs(p.min))}:${seconds(p.sec, p.fsec)}`;
  if (!hasNegative && !hasPositive) return '0';
  if (!standard) {
    const yearSign = p.year < 0 || p.mon < 0 ? '-' : '+';
    const daySign = p.mday < 0 ? '-' : '+';
    const secSign = p.hour < 0n || p.min < 0n || p.sec < 0n || p.fsec < 0n ? '-' : '+';
    return `${out}${yearSign}${Math.abs(p.year)}-${Math.abs(p.mon)} ${daySign}${Math.abs(p.mday)} ${secSign}${clock(abs(p.hour))}`;
  }
  if (hasYearMonth) return `${out}${p.year}-${p.mon}`;
  if (p.mday !== 0) return `${out}${p.mday} ${clock(p.hour)}`;
  return `${out}${clock(p.hour)}`;
}

/** interval_out for the session's IntervalStyle. */
export function formatInterval(v: Interval, style = 'postgres'): string {
  const p = partsOf(v);
  switch (style.toLowerCase()) {
    case 'iso_8601': return formatIso(p);
    case 'postgres_verbose': return formatVerbose(p);
    case 'sql_standard': return formatSqlStandard(p);
    default: return formatPostgres(p);
  }
}
