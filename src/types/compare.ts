/**
 * PostgreSQL's ordering of values of one KalamDataType (its btree comparison functions):
 * NaN sorts above every other float and numeric and equals itself; -0 equals 0; bytea compares
 * bytewise; text compares by Unicode code point — the C collation, which is what this server
 * uses for every text comparison (no locale-aware collations). jsonb in jsonb's own order.
 * Vectors compare element by element, then by dimension count (pgvector's vector_cmp).
 */
import { compareArrays } from './array-compare.js';
import { compareDec } from './numeric.js';
import { parseDec } from './numeric-value.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { enumComparator, enumOfArray, isEnumOid } from './enum-types.js';
import { compareIntervals, type Interval } from './interval.js';
import type { PgArray } from './pg-array.js';
import { recordsNotComparable } from './pg-record.js';
import { compareJsonb } from './jsonb-compare.js';

function cmp<T extends number | bigint | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFloats(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** UTF-16 code unit → a key whose order is code point order (surrogates above U+E000–U+FFFF). */
function codePointKey(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return c + 0x2000;
  if (c >= 0xe000) return c - 0x800;
  return c;
}

export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointKey(x) < codePointKey(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return cmp(a.length, b.length);
}

function compareVectors(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return cmp(a.length, b.length);
}

function compareIntegers(a: number | bigint, b: number | bigint): number {
  if (typeof a === typeof b) return cmp(a, b);
  return cmp(BigInt(a), BigInt(b));
}

export function compareValues(a: Exclude<Value, null>, b: Exclude<Value, null>, kalam: KalamDataType): number {
  switch (kalam) {
    case KalamDataType.BOOLEAN: return cmp(Number(a), Number(b));
    case KalamDataType.SMALLINT:
    case KalamDataType.INT:
    case KalamDataType.BIGINT:
    case KalamDataType.DATE:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME: return compareIntegers(a as number | bigint, b as number | bigint);
    case KalamDataType.FLOAT:
    case KalamDataType.DOUBLE: return compareFloats(a as number, b as number);
    case KalamDataType.DECIMAL:
      return a === b ? 0 : compareDec(parseDec(a as string), parseDec(b as string));
    case KalamDataType.TEXT:
    case KalamDataType.UUID: return compareText(a as string, b as string);
    case KalamDataType.JSON: return compareJsonb(a as string, b as string);
    case KalamDataType.BYTES: return compareBytes(a as Uint8Array, b as Uint8Array);
    case KalamDataType.EMBEDDING: return compareVectors(a as Float32Array, b as Float32Array);
    case KalamDataType.INTERVAL: return compareIntervals(a as Interval, b as Interval);
    case KalamDataType.ARRAY: {
      const elem = (a as PgArray).elemKalam;
      return compareArrays(a as PgArray, b as PgArray, (x, y) => compareValues(x, y, elem));
    }
    case KalamDataType.RECORD: return recordsNotComparable();
  }
}

/**
 * The ordering of a full type: compareValues, except that an enum (and an array of one) orders
 * by its labels' sort order. Built once per sort key or operator, not per comparison.
 */
export function typedComparator(type: ColumnType): (a: Exclude<Value, null>, b: Exclude<Value, null>) => number {
  const kalam = type.kalam;
  if (isEnumOid(type.oid)) return enumComparator(type.oid);
  const e = enumOfArray(type.oid);
  if (e !== undefined) {
    const elem = enumComparator(e.oid);
    return (a, b) => compareArrays(a as PgArray, b as PgArray, elem);
  }
  return (a, b) => compareValues(a, b, kalam);
}
