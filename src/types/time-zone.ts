/**
 * The session TimeZone: UTC offsets of instants, and local wall times → instants, with
 * PostgreSQL's rules at DST transitions (a wall time in a spring-forward gap is read with the
 * offset from before the gap; an ambiguous fall-back time takes the offset after the transition).
 * IANA zones go through Intl (ICU's tzdata); numeric zones follow PostgreSQL/POSIX (see type-context.ts).
 */
import { Errors } from '../errors/sql-error.js';

export interface TimeZone {
  readonly name: string;
  /** Seconds east of UTC in force at `utcSeconds`. */
  offsetAt(utcSeconds: number): number;
}

const US_PER_SECOND = 1_000_000n;

function fixedZone(name: string, offset: number): TimeZone {
  return { name, offsetAt: () => offset };
}

const UTC_ZONE = fixedZone('UTC', 0);
const UTC_NAMES = new Set(['utc', 'gmt', 'z', 'zulu', 'uct', 'etc/utc', 'etc/gmt', 'etc/uct', 'etc/zulu', 'universal']);

/** POSIX: '+05:30', '-8', 'UTC+3' — hours WEST of Greenwich. */
const POSIX_RE = /^(?:utc|gmt)?([+-]?)(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/i;
/** PostgreSQL's own spelling of an interval zone: '<+05:30>-05:30'. */
const BRACKET_RE = /^<[^>]*>([+-]?)(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?$/;

function posixOffset(m: RegExpExecArray): number {
  const west = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === '-' ? west : -west;
}

const BUCKET_SECONDS = 900;
const MIN_DATE_SECONDS = -8.64e12;
const MAX_DATE_SECONDS = 8.64e12;

function ianaZone(name: string): TimeZone {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' });
  const resolved = format.resolvedOptions().timeZone;
  const exact = (utcSeconds: number): number => {
    const clamped = Math.min(Math.max(utcSeconds, MIN_DATE_SECONDS), MAX_DATE_SECONDS);
    const parts = format.formatToParts(new Date(clamped * 1000));
    const text = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
    if (m === null) return 0;
    const east = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0);
    return m[1] === '-' ? -east : east;
  };
  // Offsets change at most once in a quarter hour; a bucket whose two ends agree is cached.
  const cache = new Map<number, number>();
  return {
    name: resolved,
    offsetAt(utcSeconds: number): number {
      const bucket = Math.floor(utcSeconds / BUCKET_SECONDS);
      const hit = cache.get(bucket);
      if (hit !== undefined) return hit;
      const start = exact(bucket * BUCKET_SECONDS);
      const end = exact(bucket * BUCKET_SECONDS + BUCKET_SECONDS - 1);
      if (start === end) {
        if (cache.size > 50_000) cache.clear();
        cache.set(bucket, start);
        return start;
      }
      return exact(utcSeconds);
    },
  };
}

const ZONES = new Map<string, TimeZone | null>();

/** The zone of a TimeZone setting or a zone written in a timestamp; null if unknown. */
export function findTimeZone(name: string): TimeZone | null {
  const cached = ZONES.get(name);
  if (cached !== undefined) return cached;
  let zone: TimeZone | null = null;
  const lower = name.trim().toLowerCase();
  const posix = POSIX_RE.exec(lower) ?? BRACKET_RE.exec(name.trim());
  if (UTC_NAMES.has(lower)) zone = UTC_ZONE;
  else if (posix !== null) zone = fixedZone(name, posixOffset(posix));
  else if (/^[a-z][a-z0-9_+\-/]*$/i.test(name.trim())) {
    try {
      zone = ianaZone(name.trim());
    } catch {
      zone = null;
    }
  }
  if (ZONES.size > 1000) ZONES.clear();
  ZONES.set(name, zone);
  return zone;
}

export function timeZone(name: string): TimeZone {
  const zone = findTimeZone(name);
  if (zone === null) throw Errors.invalidParameterValue(`time zone "${name}" not recognized`);
  return zone;
}

/** How PostgreSQL names a fixed offset east of UTC set with `SET TIME ZONE 5.5` or an interval. */
export function timeZoneForOffset(eastSeconds: number): string {
  const sign = eastSeconds < 0 ? '-' : '+';
  const a = Math.abs(eastSeconds);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = String(Math.floor((a % 3600) / 60)).padStart(2, '0');
  const ss = a % 60;
  // PostgreSQL prints <+05>-05 for whole hours, <+05:30>-05:30 otherwise.
  const text = `${hh}${mm !== '00' || ss ? `:${mm}` : ''}${ss ? `:${String(ss).padStart(2, '0')}` : ''}`;
  return `<${sign}${text}>${sign === '+' ? '-' : '+'}${text}`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Offset in seconds east of UTC at an instant given in µs since 1970 UTC. */
export function offsetAtMicros(zone: TimeZone, utcMicros: bigint): number {
  return zone.offsetAt(Number(floorDiv(utcMicros, US_PER_SECOND)));
}

/** The instant (µs since 1970 UTC) a local wall time (µs since 1970, as if UTC) means in `zone`. */
export function localToUtcMicros(zone: TimeZone, localMicros: bigint): bigint {
  const local = Number(floorDiv(localMicros, US_PER_SECOND));
  const before = zone.offsetAt(local - 86400);
  const after = zone.offsetAt(local + 86400);
  const validBefore = zone.offsetAt(local - before) === before;
  const validAfter = zone.offsetAt(local - after) === after;
  let offset: number;
  if (before === after) offset = validBefore ? before : zone.offsetAt(local - before);
  else if (validAfter) offset = after; // also the ambiguous case: PostgreSQL takes the later offset
  else if (validBefore) offset = before;
  else offset = before; // in the gap: read with the offset from before the transition
  return localMicros - BigInt(offset) * US_PER_SECOND;
}
