/** date/time/timestamp/timestamptz output in DateStyle ISO: '2024-01-02 03:04:05.5+05:30'. */
import {
  DATE_INFINITY, DATE_NEG_INFINITY, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY, US_PER_DAY,
  civilFromDays, floorDiv,
} from './calendar.js';
import { type TimeZone, offsetAtMicros } from './time-zone.js';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The year part and whether it is BC (year 0 = 1 BC). */
function isoDate(days: number): { text: string; bc: boolean } {
  const { year, month, day } = civilFromDays(days);
  const bc = year <= 0;
  const shown = bc ? 1 - year : year;
  return { text: `${String(shown).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`, bc };
}

export function formatDate(days: number): string {
  if (days === DATE_INFINITY) return 'infinity';
  if (days === DATE_NEG_INFINITY) return '-infinity';
  const d = isoDate(days);
  return d.bc ? `${d.text} BC` : d.text;
}

/** 'HH:MM:SS[.ffffff]' with the fraction's trailing zeros dropped. */
export function formatTime(us: bigint): string {
  const total = Number(us);
  const micros = total % 1_000_000;
  let seconds = (total - micros) / 1_000_000;
  const h = Math.floor(seconds / 3600);
  seconds -= h * 3600;
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  let text = `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (micros !== 0) text += `.${String(micros).padStart(6, '0').replace(/0+$/, '')}`;
  return text;
}

function formatLocal(localUs: bigint): { text: string; bc: boolean } {
  const days = floorDiv(localUs, US_PER_DAY);
  const d = isoDate(Number(days));
  return { text: `${d.text} ${formatTime(localUs - days * US_PER_DAY)}`, bc: d.bc };
}

export function formatTimestamp(us: bigint): string {
  if (us === TIMESTAMP_INFINITY) return 'infinity';
  if (us === TIMESTAMP_NEG_INFINITY) return '-infinity';
  const t = formatLocal(us);
  return t.bc ? `${t.text} BC` : t.text;
}

/** '+00', '+05:30', '-08', '+05:41:16' (offset in seconds east of UTC). */
export function formatOffset(east: number): string {
  const sign = east < 0 ? '-' : '+';
  const a = Math.abs(east);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  if (s !== 0) return `${sign}${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (m !== 0) return `${sign}${pad2(h)}:${pad2(m)}`;
  return `${sign}${pad2(h)}`;
}

export function formatTimestamptz(us: bigint, zone: TimeZone): string {
  if (us === TIMESTAMP_INFINITY) return 'infinity';
  if (us === TIMESTAMP_NEG_INFINITY) return '-infinity';
  const offset = offsetAtMicros(zone, us);
  const t = formatLocal(us + BigInt(offset) * 1_000_000n);
  const text = `${t.text}${formatOffset(offset)}`;
  return t.bc ? `${text} BC` : text;
}
