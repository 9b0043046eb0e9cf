/**
 * to_char(timestamp | timestamptz | date | interval, template): PostgreSQL's DCH_to_char for the
 * template patterns of datetime-template.ts. Numbers are zero-padded and names blank-padded to
 * their width unless the field has the FM prefix; TH/th append the English ordinal suffix.
 */
import { isFiniteTimestamp } from '../../types/calendar.js';
import { formatOffset } from '../../types/datetime-format.js';
import { Interval } from '../../types/interval.js';
import { type TimeZone, offsetAtMicros, timeZone } from '../../types/time-zone.js';
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { overload, registerFunction } from './function-registry.js';
import { breakLocal, dayOfWeek, dayOfYear, isoWeek, isoYearStart, julianDay, type Broken } from './datetime-fields.js';
import {
  DAY_NAMES, MONTH_NAMES, ROMAN_MONTHS, type TemplateNode, applyCasing, parseTemplate,
} from './datetime-template.js';

/** What the template fields read: a local timestamp's parts, or an interval's. */
interface Parts extends Omit<Broken, 'timeUs'> {
  readonly interval: boolean;
  readonly doy: number;
  readonly dow: number;
  readonly offset: number | null;
  readonly zoneName: string;
}

function timestampParts(local: bigint, offset: number | null, zoneName: string): Parts {
  const b = breakLocal(local);
  return {
    interval: false, year: b.year, month: b.month, day: b.day, hour: b.hour, minute: b.minute, second: b.second,
    micro: b.micro, doy: dayOfYear(b), dow: dayOfWeek(b.days), days: b.days, offset, zoneName,
  };
}

function intervalParts(v: Interval): Parts {
  let t = v.micros;
  const hour = t / 3_600_000_000n; t -= hour * 3_600_000_000n;
  const minute = t / 60_000_000n; t -= minute * 60_000_000n;
  const second = t / 1_000_000n; t -= second * 1_000_000n;
  return {
    interval: true, year: Math.trunc(v.months / 12), month: v.months % 12, day: v.days, hour: Number(hour),
    minute: Number(minute), second: Number(second), micro: Number(t), doy: v.days, dow: 0, days: 0, offset: null, zoneName: '',
  };
}

function ordinal(n: number, upper: boolean): string {
  const a = Math.abs(n) % 100;
  const s = a >= 11 && a <= 13 ? 'th' : a % 10 === 1 ? 'st' : a % 10 === 2 ? 'nd' : a % 10 === 3 ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

/**
 * C's %0*d, where the sign counts toward the width; most fields widen by one for a negative
 * value (`(x >= 0) ? 2 : 3` in formatting.c), DD and DDD do not.
 */
function num(n: number, width: number, fm: boolean, widen = true): string {
  if (fm) return String(n);
  const w = n < 0 && widen ? width + 1 : width;
  return n < 0 ? `-${String(-n).padStart(w - 1, '0')}` : String(n).padStart(w, '0');
}

/** The year as written: BC years count up from 1 (not for intervals). */
function shownYear(p: Parts): number {
  return !p.interval && p.year <= 0 ? 1 - p.year : p.year;
}

function field(node: Extract<TemplateNode, { kind: 'field' }>, p: Parts): string {
  const { key, fm, casing } = node;
  const name = (text: string, width: number) => {
    const cased = applyCasing(text, casing);
    return fm ? cased : cased.padEnd(width, ' ');
  };
  const n = (v: number, width: number) =>
    num(v, width, fm, key !== 'dd' && key !== 'ddd') + (node.th ? ordinal(v, node.th === 'TH') : '');
  const year = shownYear(p);
  const iso = p.interval ? { week: 0, isoYear: p.year } : isoWeek(p.days);
  const isoYear = !p.interval && iso.isoYear <= 0 ? 1 - iso.isoYear : iso.isoYear;
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const pm = p.hour >= 12;
  const bc = !p.interval && p.year <= 0;
  switch (key) {
    case 'hh': case 'hh12': return n(hour12, 2);
    case 'hh24': return n(p.hour, 2);
    case 'mi': return n(p.minute, 2);
    case 'ss': return n(p.second, 2);
    case 'ms': return n(Math.trunc(p.micro / 1000), 3);
    case 'us': return n(p.micro, 6);
    case 'ff1': case 'ff2': case 'ff3': case 'ff4': case 'ff5': case 'ff6': {
      const digits = Number(key[2]);
      return n(Math.trunc(p.micro / 10 ** (6 - digits)), digits);
    }
    case 'ssss': case 'sssss': return n(p.hour * 3600 + p.minute * 60 + p.second, 0);
    case 'am': case 'pm': return applyCasing(pm ? 'pm' : 'am', casing);
    case 'a.m.': case 'p.m.': return applyCasing(pm ? 'p.m.' : 'a.m.', casing);
    case 'ad': case 'bc': return applyCasing(bc ? 'bc' : 'ad', casing);
    case 'a.d.': case 'b.c.': return applyCasing(bc ? 'b.c.' : 'a.d.', casing);
    case 'y,yyy': {
      const s = num(year, 4, false);
      return `${s.slice(0, -3)},${s.slice(-3)}`;
    }
    case 'yyyy': return n(year, 4);
    case 'yyy': return n(year % 1000, 3);
    case 'yy': return n(year % 100, 2);
    case 'y': return n(year % 10, 1);
    case 'iyyy': return n(isoYear, 4);
    case 'iyy': return n(isoYear % 1000, 3);
    case 'iy': return n(isoYear % 100, 2);
    case 'i': return n(isoYear % 10, 1);
    case 'month': return p.month === 0 && p.interval ? '' : name(MONTH_NAMES[p.month - 1]!, 9);
    case 'mon': return p.month === 0 && p.interval ? '' : applyCasing(MONTH_NAMES[p.month - 1]!.slice(0, 3), casing);
    case 'mm': return n(p.month, 2);
    case 'day': return p.interval ? '' : name(DAY_NAMES[p.dow]!, 9);
    case 'dy': return p.interval ? '' : applyCasing(DAY_NAMES[p.dow]!.slice(0, 3), casing);
    case 'ddd': return n(p.doy, 3);
    case 'iddd': return n(p.interval ? 0 : p.days - isoYearStart(iso.isoYear) + 1, 3);
    case 'dd': return n(p.day, 2);
    case 'd': return n(p.dow + 1, 1);
    case 'id': return n(p.dow || 7, 1);
    case 'w': return n(Math.trunc((p.day - 1) / 7) + 1, 1);
    case 'ww': return n(Math.trunc((p.doy - 1) / 7) + 1, 2);
    case 'iw': return n(iso.week, 2);
    case 'q': return p.interval ? '' : n(Math.trunc((p.month - 1) / 3) + 1, 1);
    case 'cc': {
      const c = p.interval ? Math.trunc(p.year / 100) : p.year > 0 ? Math.trunc((p.year + 99) / 100) : -Math.trunc((99 - (p.year - 1)) / 100);
      return n(c, 2);
    }
    case 'j': return n(julianDay(p.days), 0);
    case 'rm': {
      const r = p.month === 0 ? '' : ROMAN_MONTHS[p.month - 1]!;
      return fm ? applyCasing(r, casing === 'lower' ? 'lower' : 'upper') : applyCasing(r, casing === 'lower' ? 'lower' : 'upper').padEnd(4, ' ');
    }
    case 'tz': return p.offset === null ? '' : applyCasing(p.zoneName, casing === 'lower' ? 'lower' : 'upper');
    case 'of': return p.offset === null ? '' : formatOffset(p.offset);
    case 'tzh': {
      if (p.offset === null) return '';
      const h = Math.trunc(Math.abs(p.offset) / 3600);
      return `${p.offset < 0 ? '-' : '+'}${String(h).padStart(2, '0')}`;
    }
    case 'tzm': return p.offset === null ? '' : String(Math.trunc((Math.abs(p.offset) % 3600) / 60)).padStart(2, '0');
  }
}

function render(template: string, p: Parts): string {
  let out = '';
  for (const node of parseTemplate(template)) out += node.kind === 'literal' ? node.text : field(node, p);
  return out;
}

/** The zone's abbreviation as PostgreSQL prints TZ: 'UTC', 'EST', or the offset. */
function zoneAbbreviation(zone: TimeZone, utcUs: bigint, offset: number): string {
  if (offset === 0 && /^(utc|etc\/utc|gmt|z|zulu|uct|universal)$/i.test(zone.name)) return 'UTC';
  try {
    const text = new Intl.DateTimeFormat('en-US', { timeZone: zone.name, timeZoneName: 'short' })
      .formatToParts(new Date(Number(utcUs / 1000n))).find((x) => x.type === 'timeZoneName')?.value;
    if (text !== undefined && /^[A-Z]{3,5}$/.test(text)) return text;
  } catch {
    // a numeric zone Intl does not know: show the offset
  }
  return formatOffset(offset);
}

function ofTimestamptz(us: bigint, ctx: EvalContext): Parts {
  const zone = timeZone(ctx.typeCtx.timeZone);
  const offset = offsetAtMicros(zone, us);
  return timestampParts(us + BigInt(offset) * 1_000_000n, offset, zoneAbbreviation(zone, us, offset));
}

const infinite = (us: bigint) => !isFiniteTimestamp(us);

registerFunction('to_char',
  overload([T.timestamptz, T.text], T.text, ([v, f], ctx) => (infinite(v as bigint) ? null : render(f as string, ofTimestamptz(v as bigint, ctx))),
    { volatility: 'stable' }),
  overload([T.timestamp, T.text], T.text, ([v, f]) => (infinite(v as bigint) ? null : render(f as string, timestampParts(v as bigint, null, '')))),
  overload([T.interval, T.text], T.text, ([v, f]) => render(f as string, intervalParts(v as Interval))),
);

