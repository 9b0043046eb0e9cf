/**
 * How a bulk COPY reads each column (bulk-encoder.ts): the spellings bulk data nearly always
 * uses, read straight from the UTF-8 bytes — integers, plain decimals, ISO timestamps, text —
 * and written as the stored cell and key bytes without a JS string, BigInt or regular
 * expression. Anything else answers null and goes through the type's input function
 * (parseText), which gives the same value for everything these accept.
 */
import type { ColumnDefinition } from '../../../catalog/table-definition.js';
import type { ByteWriter } from '../../../storage/byte-writer.js';
import { daysFromCivil, daysInMonth } from '../../../types/calendar.js';
import { KalamDataType } from '../../../types/kalam-type.js';
import { PgOid } from '../../../types/pg-oids.js';

/** A field's common spelling read from `b[s, e)`, or null for the type's input function. */
export type FastRead = (b: Buffer, s: number, e: number) => number | null;

/**
 * int64: BIGINT, TIMESTAMP, DATETIME as an exact number (written without BigInt);
 * number: SMALLINT, INT, DOUBLE as their Value; text: TEXT and VARCHAR, the bytes themselves;
 * parse: every other type, through parseText.
 */
export type ColumnKind = 'int64' | 'number' | 'text' | 'parse';

export interface ColumnPlan {
  readonly column: ColumnDefinition;
  readonly kind: ColumnKind;
  readonly read: FastRead | null;
}

const TWO_32 = 4294967296;
/** Integers read as JS numbers must stay exact; so must a decimal's digits (Clinger's fast path). */
const MAX_FAST_DIGITS = 15;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

export function planFor(column: ColumnDefinition): ColumnPlan {
  const { kalam, typmod, oid } = column.type;
  const plan = (kind: ColumnKind, read: FastRead | null = null): ColumnPlan => ({ column, kind, read });
  switch (kalam) {
    case KalamDataType.SMALLINT: return plan('number', (b, s, e) => readInt(b, s, e, -0x8000, 0x7fff));
    case KalamDataType.INT: return plan('number', (b, s, e) => readInt(b, s, e, -0x80000000, 0x7fffffff));
    case KalamDataType.BIGINT: return plan('int64', (b, s, e) => readInt(b, s, e, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
    case KalamDataType.DOUBLE: return plan('number', readDecimal);
    case KalamDataType.TEXT: return typmod < 0 && (oid === PgOid.TEXT || oid === PgOid.VARCHAR) ? plan('text') : plan('parse');
    case KalamDataType.DATETIME: return typmod < 0 ? plan('int64', (b, s, e) => readTimestamp(b, s, e, true)) : plan('parse');
    case KalamDataType.TIMESTAMP: return typmod < 0 ? plan('int64', (b, s, e) => readTimestamp(b, s, e, false)) : plan('parse');
    default: return plan('parse');
  }
}

/** Optional '-', 1 to 15 digits, within [min, max]; anything else (spaces, '+', more digits): null. */
export function readInt(b: Buffer, s: number, e: number, min: number, max: number): number | null {
  let i = s;
  const neg = i < e && b[i] === 45;
  if (neg) i++;
  if (i === e || e - i > MAX_FAST_DIGITS) return null;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  if (v === 0) return 0;
  if (neg) v = -v;
  return v < min || v > max ? null : v;
}

/**
 * `[-]digits[.digits]` with at most 15 digits: the integer of its digits divided by a power of
 * ten, both exact doubles, so the one rounding is the correct one — what strtod gives.
 */
export function readDecimal(b: Buffer, s: number, e: number): number | null {
  let i = s;
  const neg = i < e && b[i] === 45;
  if (neg) i++;
  let m = 0;
  let digits = 0;
  let scale = -1;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return null;
    m = m * 10 + d;
    digits++;
    if (scale >= 0) scale++;
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return null;
  const v = scale > 0 ? m / POW10[scale]! : m;
  return neg ? -v : v;
}

function two(b: Buffer, i: number): number {
  const x = b[i]! - 48, y = b[i + 1]! - 48;
  return x < 0 || x > 9 || y < 0 || y > 9 ? -1 : x * 10 + y;
}

/** Bulk data repeats dates: the last one read (its 10 bytes) and its day number. */
const lastDate = Buffer.alloc(10);
let lastDays: number | null = null;

/** Days since 1970 of the `YYYY-MM-DD` at `b[s]` (years 1700–2200), or null. */
function dateDays(b: Buffer, s: number): number | null {
  if (lastDays !== null && sameBytes(b, s, lastDate, 0, 10)) return lastDays;
  const y1 = two(b, s), y2 = two(b, s + 2);
  if (y1 < 0 || y2 < 0 || b[s + 4] !== 45 || b[s + 7] !== 45) return null;
  const year = y1 * 100 + y2, month = two(b, s + 5), day = two(b, s + 8);
  if (year < 1700 || year > 2200 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  b.copy(lastDate, 0, s, s + 10);
  lastDays = daysFromCivil(year, month, day);
  return lastDays;
}

/**
 * `YYYY-MM-DD HH:MM:SS[.f{1,6}]`, then for timestamptz an explicit `±HH[[:]MM]` or `Z` (without
 * one the session's zone decides: null), for timestamp nothing: µs since 1970, years 1700–2200
 * only (exact in a double). Anything else: null.
 */
export function readTimestamp(b: Buffer, s: number, e: number, withZone: boolean): number | null {
  if (e - s < 19 || b[s + 13] !== 58 || b[s + 16] !== 58) return null;
  const sep = b[s + 10];
  if (sep !== 32 && sep !== 84) return null;
  const days = dateDays(b, s);
  const h = two(b, s + 11), min = two(b, s + 14), sec = two(b, s + 17);
  if (days === null || h < 0 || h > 23 || min < 0 || min > 59 || sec < 0 || sec > 59) return null;
  let i = s + 19;
  let micros = 0;
  if (i < e && b[i] === 46) {
    i++;
    const start = i;
    let scale = 100000;
    for (; i < e; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      if (i - start >= 6) return null;
      micros += d * scale;
      scale /= 10;
    }
    if (i === start) return null;
  }
  let offset = 0;
  if (withZone) {
    if (i >= e) return null;
    const c = b[i];
    if (c === 90 && i + 1 === e) offset = 0;
    else if (c === 43 || c === 45) {
      if (i + 3 > e) return null;
      const oh = two(b, i + 1);
      if (oh < 0 || oh > 15) return null;
      let om = 0;
      i += 3;
      if (i < e) {
        if (b[i] === 58) i++;
        if (i + 2 !== e) return null;
        om = two(b, i);
        if (om < 0 || om > 59) return null;
      }
      offset = (c === 45 ? -1 : 1) * (oh * 3600 + om * 60);
    } else return null;
  } else if (i !== e) return null;
  return ((days * 86400 + h * 3600 + min * 60 + sec) * 1_000_000 + micros) - offset * 1_000_000;
}

/** `a[as, as+n)` equals `b[bs, bs+n)`: a loop beats a native call for the few bytes compared here. */
export function sameBytes(a: Uint8Array, as: number, b: Uint8Array, bs: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/** Byte order of `a[as, ae)` against `b[bs, be)`: negative, 0 or positive, as Buffer.compare. */
export function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let i = 0; i < n; i++) {
    const d = a[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return (ae - as) - (be - bs);
}

/** Copies `src[s, e)` to `dst` at `at`; short runs by a loop (a native call costs more). */
function copyBytes(src: Uint8Array, s: number, e: number, dst: Uint8Array, at: number): void {
  if (e - s > 64) {
    dst.set(src.subarray(s, e), at);
    return;
  }
  for (let i = s; i < e; i++) dst[at++] = src[i]!;
}

/** The 32-bit halves of an exact integer: [high (signed), low (unsigned)]. */
function halves(v: number): [number, number] {
  const hi = Math.floor(v / TWO_32);
  return [hi, v - hi * TWO_32];
}

/** row-codec's int64 payload (little-endian) of an exact number. */
export function writeInt64LE(w: ByteWriter, v: number): void {
  const [hi, lo] = halves(v);
  w.ensure(8);
  const b = w.buf;
  const p = w.pos;
  b[p] = lo & 0xff;
  b[p + 1] = (lo >>> 8) & 0xff;
  b[p + 2] = (lo >>> 16) & 0xff;
  b[p + 3] = lo >>> 24;
  b[p + 4] = hi & 0xff;
  b[p + 5] = (hi >>> 8) & 0xff;
  b[p + 6] = (hi >>> 16) & 0xff;
  b[p + 7] = (hi >>> 24) & 0xff;
  w.pos = p + 8;
}

/** keycode's BIGINT form (presence byte, int64 big-endian, sign bit flipped) of an exact number. */
export function writeKeyInt64(w: ByteWriter, v: number): void {
  const [hi, lo] = halves(v);
  const top = ((hi >>> 0) ^ 0x80000000) >>> 0;
  w.ensure(9);
  const b = w.buf;
  const p = w.pos;
  b[p] = 0x01;
  b[p + 1] = top >>> 24;
  b[p + 2] = (top >>> 16) & 0xff;
  b[p + 3] = (top >>> 8) & 0xff;
  b[p + 4] = top & 0xff;
  b[p + 5] = lo >>> 24;
  b[p + 6] = (lo >>> 16) & 0xff;
  b[p + 7] = (lo >>> 8) & 0xff;
  b[p + 8] = lo & 0xff;
  w.pos = p + 9;
}

/** keycode's TEXT form of UTF-8 bytes holding no 0x00: presence byte, the bytes, 00 00. */
export function writeKeyText(w: ByteWriter, b: Buffer, s: number, e: number): void {
  w.ensure(e - s + 3);
  w.buf[w.pos++] = 0x01;
  copyBytes(b, s, e, w.buf, w.pos);
  w.pos += e - s;
  w.buf[w.pos++] = 0;
  w.buf[w.pos++] = 0;
}

/** row-codec's TEXT cell payload of UTF-8 bytes: varint length, the bytes. */
export function writeTextPayload(w: ByteWriter, b: Buffer, s: number, e: number): void {
  w.varint(e - s);
  w.ensure(e - s);
  copyBytes(b, s, e, w.buf, w.pos);
  w.pos += e - s;
}
