/**
 * Ordering of two non-null values of the same type, as PostgreSQL's btree opclasses order them:
 * NaN above every float and equal to itself, numeric by value, text by code point (the C
 * collation), bytea bytewise, vectors element by element then by length (pgvector), jsonb by
 * PostgreSQL's jsonb order (types/jsonb-compare.ts).
 */
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { FIRST_USER_OID, ordersByLabels } from '../../types/enum-types.js';
import { typedComparator } from '../../types/compare.js';
import { numericCompare } from '../../types/numeric.js';
import { compareIntervals, type Interval } from '../../types/interval.js';
import { compareArrays, type ElementComparator } from '../../types/array-compare.js';
import type { PgArray } from '../../types/pg-array.js';
import { recordsNotComparable } from '../../types/pg-record.js';
import { compareJsonb, jsonbEquals } from '../../types/jsonb-compare.js';

export type Comparator = (a: Value, b: Value) => number;

const primitive: Comparator = (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);

const floats: Comparator = (a, b) => {
  const x = a as number;
  const y = b as number;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  const nx = Number.isNaN(x);
  const ny = Number.isNaN(y);
  return nx === ny ? 0 : nx ? 1 : -1;
};

const strings: Comparator = (a, b) => {
  const x = a as string;
  const y = b as string;
  if (x === y) return 0;
  // Code point order (UTF-8 byte order), not UTF-16 unit order.
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x.codePointAt(i)!;
    const cy = y.codePointAt(i)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
};

const bytes: Comparator = (a, b) => {
  const x = a as Uint8Array;
  const y = b as Uint8Array;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0;
};

const vectors: Comparator = (a, b) => {
  const x = a as Float32Array;
  const y = b as Float32Array;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
};

const booleans: Comparator = (a, b) => (a === b ? 0 : a ? 1 : -1);

export function comparatorFor(kalam: KalamDataType): Comparator {
  switch (kalam) {
    case KalamDataType.BOOLEAN: return booleans;
    case KalamDataType.SMALLINT:
    case KalamDataType.INT:
    case KalamDataType.DATE:
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME: return primitive;
    case KalamDataType.FLOAT:
    case KalamDataType.DOUBLE: return floats;
    case KalamDataType.DECIMAL: return (a, b) => numericCompare(a as string, b as string);
    case KalamDataType.TEXT:
    case KalamDataType.UUID: return strings;
    // Only jsonb is ordered (json has no comparison operators).
    case KalamDataType.JSON: return (a, b) => compareJsonb(a as string, b as string);
    case KalamDataType.BYTES: return bytes;
    case KalamDataType.EMBEDDING: return vectors;
    case KalamDataType.INTERVAL: return (a, b) => compareIntervals(a as Interval, b as Interval);
    case KalamDataType.ARRAY: return arrays;
    case KalamDataType.RECORD: return recordsNotComparable;
  }
}

/** The comparator of a full type: an enum (or array of one) by its labels' sort order, else by kind. */
export function comparatorForType(type: ColumnType): Comparator {
  return type.oid >= FIRST_USER_OID && ordersByLabels(type.oid) ? (typedComparator(type) as Comparator) : comparatorFor(type.kalam);
}

/** Arrays carry their element type, so one comparator serves every array type. */
const arrays: Comparator = (a, b) => {
  const x = a as PgArray;
  return compareArrays(x, b as PgArray, comparatorFor(x.elemKalam) as ElementComparator);
};

/** Equality fast path: primitives compare with ===, the rest through the comparator. */
export function equalsFor(kalam: KalamDataType): (a: Value, b: Value) => boolean {
  switch (kalam) {
    case KalamDataType.BOOLEAN:
    case KalamDataType.SMALLINT:
    case KalamDataType.INT:
    case KalamDataType.DATE:
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME:
    case KalamDataType.TEXT:
    case KalamDataType.UUID: return (a, b) => a === b;
    case KalamDataType.JSON: return (a, b) => jsonbEquals(a as string, b as string);
    default: {
      const cmp = comparatorFor(kalam);
      return (a, b) => cmp(a, b) === 0;
    }
  }
}
