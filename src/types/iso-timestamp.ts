/**
 * The one timestamp spelling bulk data nearly always uses, `2026-01-31 12:34:56[.ffffff][±hh[:mm]|Z]`
 * (what PostgreSQL's own output and most exporters write), read without the general tokenizer:
 * a COPY of a million rows spends most of its parse time on timestamps otherwise. Anything else —
 * other orders, zone names, 24:00:00, more than 6 fractional digits, BC — answers null and goes
 * to the general parser, which gives the same result for what this accepts.
 */
import { US_PER_DAY, daysFromCivil, daysInMonth } from './calendar.js';

export interface IsoTimestamp {
  /** Microseconds since 1970-01-01 on the wall clock the text shows (as calendar.ts counts). */
  readonly local: bigint;
  /** Seconds east of UTC the text names, or undefined when it names none. */
  readonly offset: number | undefined;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d\d)(?::?(\d\d))?)?$/;

export function isoTimestamp(text: string): IsoTimestamp | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const year = +m[1]!, month = +m[2]!, day = +m[3]!, h = +m[4]!, min = +m[5]!, s = +m[6]!;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || h > 23 || min > 59 || s > 59) return null;
  const micros = m[7] === undefined ? 0 : +m[7].padEnd(6, '0');
  let offset: number | undefined;
  if (m[8] !== undefined) offset = 0;
  else if (m[9] !== undefined) {
    const oh = +m[10]!, om = m[11] === undefined ? 0 : +m[11];
    if (oh > 15 || om > 59) return null;
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const local = BigInt(daysFromCivil(year, month, day)) * US_PER_DAY + BigInt(((h * 60 + min) * 60 + s) * 1_000_000 + micros);
  return { local, offset };
}
