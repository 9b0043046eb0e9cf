/**
 * to_date(text, template) and to_timestamp(text, template): the input read field by field against
 * the template (PostgreSQL's DCH_from_char without FX): spaces before a field are skipped, a
 * template separator matches any one separator (or nothing), numbers take at most their field's
 * width when another field follows directly. Out-of-range results are 22008 naming the input.
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import {
  END_TIMESTAMP_US, MIN_TIMESTAMP_US, US_PER_DAY, daysFromCivil, daysInMonth,
} from '../../types/calendar.js';
import { localToUtcMicros, timeZone } from '../../types/time-zone.js';
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { overload, registerFunction } from './function-registry.js';
import { DAY_NAMES, type Keyword, MONTH_NAMES, ROMAN_MONTHS, type TemplateNode, parseTemplate } from './datetime-template.js';

interface Fields {
  year?: number;
  bc?: boolean;
  month?: number;
  day?: number;
  doy?: number;
  julian?: number;
  hour?: number;
  hour12?: boolean;
  pm?: boolean;
  minute?: number;
  second?: number;
  micro?: number;
  tzSeconds?: number;
  tzNegative?: boolean;
}

const WIDTH: Partial<Record<Keyword, number>> = {
  yyyy: 4, yyy: 3, yy: 2, y: 1, iyyy: 4, iyy: 3, iy: 2, i: 1, mm: 2, dd: 2, ddd: 3, d: 1, id: 1, hh: 2, hh12: 2,
  hh24: 2, mi: 2, ss: 2, ms: 3, us: 6, ff1: 1, ff2: 2, ff3: 3, ff4: 4, ff5: 5, ff6: 6, cc: 2, q: 1, ww: 2, w: 1, iw: 2,
  sssss: 5, ssss: 5, tzh: 3, tzm: 2,
};

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isAlnum = (c: string | undefined) => c !== undefined && /[a-z0-9]/i.test(c);

function readName(input: string, pos: number, names: readonly string[], key: string): [number, number] {
  const rest = input.slice(pos).toLowerCase();
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!.toLowerCase();
    if (rest.startsWith(n)) return [i, pos + n.length];
  }
  throw Errors.invalidDatetimeFormat(`invalid value "${input.slice(pos, pos + 3)}" for "${key.toUpperCase()}"`);
}

function readFields(input: string, nodes: readonly TemplateNode[]): Fields {
  const f: Fields = {};
  let pos = 0;
  nodes.forEach((node, index) => {
    if (node.kind === 'literal') {
      for (const ch of node.text) {
        if (isSpace(ch)) { while (isSpace(input[pos])) pos++; continue; }
        if (pos < input.length && !isAlnum(input[pos])) pos++;
      }
      return;
    }
    while (isSpace(input[pos])) pos++;
    const key = node.key;
    const upper = key.toUpperCase();
    switch (key) {
      case 'month': case 'mon': {
        const names = key === 'month' ? MONTH_NAMES : MONTH_NAMES.map((m) => m.slice(0, 3));
        const [i, next] = readName(input, pos, names, upper);
        f.month = i + 1; pos = next; return;
      }
      case 'day': case 'dy': {
        const names = key === 'day' ? DAY_NAMES : DAY_NAMES.map((d) => d.slice(0, 3));
        pos = readName(input, pos, names, upper)[1]; return;
      }
      case 'rm': {
        const order = ROMAN_MONTHS.map((r, i) => [r, i] as const).sort((a, b) => b[0].length - a[0].length);
        const hit = order.find(([r]) => input.slice(pos).toUpperCase().startsWith(r));
        if (!hit) throw Errors.invalidDatetimeFormat(`invalid value "${input.slice(pos, pos + 4)}" for "RM"`);
        f.month = hit[1] + 1; pos += hit[0].length; return;
      }
      case 'am': case 'pm': case 'a.m.': case 'p.m.': {
        const [i, next] = readName(input, pos, key.length === 2 ? ['am', 'pm'] : ['a.m.', 'p.m.'], upper);
        f.pm = i === 1; pos = next; return;
      }
      case 'ad': case 'bc': case 'a.d.': case 'b.c.': {
        const [i, next] = readName(input, pos, key.length === 2 ? ['ad', 'bc'] : ['a.d.', 'b.c.'], upper);
        f.bc = i === 1; pos = next; return;
      }
      case 'tz': case 'of': throw new SqlError('0A000', `formatting field "${upper}" is only supported in to_char`);
      default: break;
    }
    const next = nodes[index + 1];
    const width = next?.kind === 'field' ? (WIDTH[key] ?? Infinity) : Infinity;
    const m = /^[+-]?\d+/.exec(input.slice(pos));
    let text = m?.[0] ?? '';
    const signed = text.startsWith('-') || text.startsWith('+');
    if (text.length - (signed ? 1 : 0) > width) text = text.slice(0, width + (signed ? 1 : 0));
    if (key === 'y,yyy') {
      const y = /^(\d{1,3}),(\d{3})/.exec(input.slice(pos));
      if (y) { f.year = Number(y[1]) * 1000 + Number(y[2]); pos += y[0].length; return; }
    }
    if (text === '' || text === '-' || text === '+') {
      throw Errors.invalidDatetimeFormat(`invalid value "${input.slice(pos, pos + (WIDTH[key] ?? 4))}" for "${upper}"`);
    }
    pos += text.length;
    const v = Number(text);
    switch (key) {
      case 'yyyy': case 'y,yyy': case 'iyyy': f.year = v; break;
      case 'yyy': case 'iyy': f.year = text.length === 3 && v < 520 ? v + 2000 : text.length === 3 ? v + 1000 : v; break;
      case 'yy': case 'iy': f.year = text.length === 2 ? (v < 70 ? v + 2000 : v + 1900) : v; break;
      case 'y': case 'i': f.year = text.length === 1 ? v + 2000 : v; break;
      case 'mm': f.month = v; break;
      case 'dd': f.day = v; break;
      case 'ddd': f.doy = v; break;
      case 'j': f.julian = v; break;
      case 'hh': case 'hh12': f.hour = v; f.hour12 = true; break;
      case 'hh24': f.hour = v; break;
      case 'mi': f.minute = v; break;
      case 'ss': f.second = v; break;
      case 'ms': f.micro = v * 1000; break;
      case 'us': case 'ff1': case 'ff2': case 'ff3': case 'ff4': case 'ff5': case 'ff6':
        f.micro = Number(text.padEnd(6, '0').slice(0, 6)); break;
      case 'sssss': case 'ssss': f.hour = Math.floor(v / 3600); f.minute = Math.floor((v % 3600) / 60); f.second = v % 60; break;
      case 'tzh': f.tzSeconds = v * 3600; f.tzNegative = text.startsWith('-'); break;
      case 'tzm': f.tzSeconds = (f.tzSeconds ?? 0) + (f.tzNegative ? -1 : 1) * v * 60; break;
      default: break; // d, id, w, ww, iw, q, cc: read and ignored, as PostgreSQL mostly does
    }
  });
  return f;
}

/** The local timestamp (µs since 1970 as if UTC) the fields describe. */
function localOf(text: string, f: Fields): bigint {
  const outOfRange = () => Errors.datetimeOverflow(`date/time field value out of range: "${text}"`);
  let days: number;
  if (f.julian !== undefined) days = f.julian - 2440588;
  else {
    let year = f.year ?? 1;
    if (f.bc) year = 1 - year;
    if (f.doy !== undefined && f.month === undefined && f.day === undefined) {
      days = daysFromCivil(year, 1, 1) + f.doy - 1;
    } else {
      const month = f.month ?? 1;
      const day = f.day ?? 1;
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) throw outOfRange();
      days = daysFromCivil(year, month, day);
    }
  }
  let hour = f.hour ?? 0;
  if (f.hour12 || f.pm !== undefined) {
    if (hour < 1 || hour > 12) {
      throw new SqlError('22008', `hour "${hour}" is invalid for the 12-hour clock`, { hint: 'Use the 24-hour clock, or give an hour between 1 and 12.' });
    }
    if (f.pm && hour !== 12) hour += 12;
    if (!f.pm && hour === 12) hour = 0;
  }
  const minute = f.minute ?? 0;
  const second = f.second ?? 0;
  if (hour > 24 || minute > 59 || second > 60) throw outOfRange();
  const time = BigInt((hour * 60 + minute) * 60 + second) * 1_000_000n + BigInt(f.micro ?? 0);
  return BigInt(days) * US_PER_DAY + time;
}

function checkTimestamp(us: bigint, text: string): bigint {
  if (us < MIN_TIMESTAMP_US || us >= END_TIMESTAMP_US) throw Errors.datetimeOverflow(`timestamp out of range: "${text}"`);
  return us;
}

function toTimestamp(text: string, template: string, ctx: EvalContext): bigint {
  const f = readFields(text, parseTemplate(template));
  const local = localOf(text, f);
  if (f.tzSeconds !== undefined) return checkTimestamp(local - BigInt(f.tzSeconds) * 1_000_000n, text);
  return checkTimestamp(localToUtcMicros(timeZone(ctx.typeCtx.timeZone), local), text);
}

registerFunction('to_timestamp', overload([T.text, T.text], T.timestamptz,
  ([s, t], ctx) => toTimestamp(s as string, t as string, ctx), { volatility: 'stable' }));

registerFunction('to_date', overload([T.text, T.text], T.date, ([s, t]) => {
  const text = s as string;
  const local = localOf(text, readFields(text, parseTemplate(t as string)));
  return Number(checkTimestamp(local, text) / US_PER_DAY);
}, { volatility: 'stable' }));
