/**
 * A declared type's modifier applied to a value — PostgreSQL's length coercion functions
 * (varchar(n), bpchar(n), numeric(p,s), timestamp(p), time(p), vector(n)). On assignment an
 * over-long string is an error (unless only spaces are cut); an explicit cast truncates.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { arrayElementType } from './array-type.js';
import { isFiniteTimestamp } from './calendar.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { type Dec, finite, formatDec, parseDec, pow10, rescale, digitCount } from './numeric-value.js';
import type { PgArray } from './pg-array.js';
import { PgOid } from './pg-oids.js';
import type { Interval } from './interval.js';
import { adjustIntervalForTypmod } from './interval-typmod.js';
import { charLength, numericPrecisionScale } from './typmod.js';
import { checkVectorDimensions } from './vector-text.js';

/** NAMEDATALEN - 1: names are cut to 63 bytes, on a character boundary. */
const NAME_MAX_BYTES = 63;

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function codePointSlice(s: string, n: number): string {
  let i = 0;
  for (let k = 0; k < n && i < s.length; k++) i += s.codePointAt(i)! > 0xffff ? 2 : 1;
  return s.slice(0, i);
}

export function truncateName(s: string): string {
  if (s.length <= NAME_MAX_BYTES / 3 || Buffer.byteLength(s) <= NAME_MAX_BYTES) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > NAME_MAX_BYTES) break;
    out += ch;
    bytes += b;
  }
  return out;
}

function applyCharLength(s: string, type: ColumnType, explicit: boolean): string {
  if (type.oid === PgOid.NAME) return truncateName(s);
  const max = charLength(type.typmod);
  if (max < 0) return s;
  const bpchar = type.oid === PgOid.BPCHAR;
  const len = s.length <= max ? s.length : codePointLength(s);
  if (len > max) {
    const kept = codePointSlice(s, max);
    if (!explicit && s.slice(kept.length).replace(/ +$/, '') !== '') {
      const label = bpchar ? 'character' : 'character varying';
      throw Errors.stringTooLong(`value too long for type ${label}(${max})`);
    }
    return kept;
  }
  return bpchar && len < max ? s + ' '.repeat(max - len) : s;
}

/** numeric(p,s): round to s digits, then at most p - s digits before the point. */
export function applyNumericTypmod(text: string, typmod: number): string {
  const ps = numericPrecisionScale(typmod);
  const d: Dec = parseDec(text);
  if (ps === null) return formatDec(d);
  const { precision, scale } = ps;
  if (d.kind === 'nan') return 'NaN';
  if (d.kind === 'inf') {
    throw numericOverflow(`A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`);
  }
  const unscaled = rescale(d, scale);
  const maxDigits = precision - scale;
  if (unscaled !== 0n && digitCount(unscaled) - scale > maxDigits) {
    const limit = maxDigits > 0 ? `10^${maxDigits}` : '1';
    throw numericOverflow(`A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${limit}.`);
  }
  return formatDec(finite(unscaled, scale));
}

function numericOverflow(detail: string): SqlError {
  return new SqlError('22003', 'numeric field overflow', { detail });
}

/** Round µs to `precision` fraction digits, half away from zero (AdjustTimestampForTypmod). */
export function roundMicros(us: bigint, precision: number): bigint {
  if (precision < 0 || precision >= 6) return us;
  const unit = pow10(6 - precision);
  const half = unit / 2n;
  return us >= 0n ? ((us + half) / unit) * unit : -(((-us + half) / unit) * unit);
}

export function applyTypmod(v: Value, type: ColumnType, explicit = false): Value {
  if (v === null) return v;
  switch (type.kalam) {
    case KalamDataType.TEXT:
      return applyCharLength(v as string, type, explicit);
    case KalamDataType.DECIMAL:
      return type.typmod < 0 ? v : applyNumericTypmod(v as string, type.typmod);
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
      return type.typmod < 0 || !isFiniteTimestamp(v as bigint) ? v : roundMicros(v as bigint, type.typmod);
    case KalamDataType.TIME:
      return type.typmod < 0 ? v : roundMicros(v as bigint, type.typmod);
    case KalamDataType.INTERVAL:
      return adjustIntervalForTypmod(v as Interval, type.typmod);
    case KalamDataType.EMBEDDING:
      if (type.typmod > 0) checkVectorDimensions((v as Float32Array).length, type.typmod);
      return v;
    case KalamDataType.ARRAY: {
      if (type.typmod < 0) return v;
      const a = v as PgArray;
      const elem = arrayElementType(type);
      return a.withItems(a.items.map((e) => applyTypmod(e, elem, explicit)));
    }
    default:
      return v;
  }
}
