/**
 * The array function library's value work (binding and polymorphic type resolution live in
 * binder/expr/bind-array-function.ts): bounds and sizes, search, remove/replace, and the
 * conversions to and from delimited text, with PostgreSQL's NULL rules and SQLSTATEs.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { KalamDataType, Value } from '../../types/kalam-type.js';
import { MAX_ARRAY_DIMS, PgArray } from '../../types/pg-array.js';
import { KalamDataType as K } from '../../types/kalam-type.js';
import { equalsFor } from './comparison.js';
import { overload, registerFunction } from './function-registry.js';
import { T } from '../../binder/expr/expr-types.js';

export type Equals = (a: Value, b: Value) => boolean;

/** IS NOT DISTINCT FROM over elements: what array_position, array_remove and array_replace use. */
export function notDistinct(kalam: KalamDataType): Equals {
  const eq = equalsFor(kalam);
  return (a, b) => (a === null || b === null ? a === b : eq(a, b));
}

function dimension(a: PgArray, dim: number): number {
  return dim >= 1 && dim <= a.ndims ? dim - 1 : -1;
}

export function arrayLength(a: PgArray, dim: number): Value {
  const d = dimension(a, dim);
  return d < 0 ? null : a.dims[d]!;
}

export function arrayLower(a: PgArray, dim: number): Value {
  const d = dimension(a, dim);
  return d < 0 ? null : a.lbounds[d]!;
}

export function arrayUpper(a: PgArray, dim: number): Value {
  const d = dimension(a, dim);
  return d < 0 ? null : a.lbounds[d]! + a.dims[d]! - 1;
}

export function arrayNdims(a: PgArray): Value {
  return a.ndims === 0 ? null : a.ndims;
}

export function arrayDims(a: PgArray): Value {
  if (a.ndims === 0) return null;
  return a.dims.map((n, i) => `[${a.lbounds[i]}:${a.lbounds[i]! + n - 1}]`).join('');
}

function oneDimensional(a: PgArray, what: string): void {
  if (a.ndims > 1) throw new SqlError('0A000', `${what} in multidimensional arrays is not supported`);
}

export function arrayPosition(a: PgArray, e: Value, eq: Equals, start: number | null): Value {
  oneDimensional(a, 'searching for elements');
  if (a.ndims === 0) return null;
  const lb = a.lbounds[0]!;
  const from = start === null ? 0 : Math.max(start - lb, 0);
  for (let i = from; i < a.items.length; i++) if (eq(a.items[i]!, e)) return lb + i;
  return null;
}

export function arrayPositions(a: PgArray, e: Value, eq: Equals): PgArray {
  oneDimensional(a, 'searching for elements');
  const out: Value[] = [];
  const lb = a.lbounds[0] ?? 1;
  a.items.forEach((x, i) => { if (eq(x, e)) out.push(lb + i); });
  return PgArray.of(K.INT, out);
}

export function arrayRemove(a: PgArray, e: Value, eq: Equals): PgArray {
  if (a.ndims > 1) throw new SqlError('0A000', 'removing elements from multidimensional arrays is not supported');
  const kept = a.items.filter((x) => !eq(x, e));
  if (kept.length === a.items.length) return a;
  if (kept.length === 0) return new PgArray(a.elemKalam, [], [], []);
  return new PgArray(a.elemKalam, kept, [kept.length], a.lbounds);
}

export function arrayReplace(a: PgArray, from: Value, to: Value, eq: Equals): PgArray {
  return a.withItems(a.items.map((x) => (eq(x, from) ? to : x)));
}

export function arrayToString(a: PgArray, delimiter: string, nullString: string | null, format: (v: Exclude<Value, null>) => string): string {
  const parts: string[] = [];
  for (const v of a.items) {
    if (v !== null) parts.push(format(v));
    else if (nullString !== null) parts.push(nullString);
  }
  return parts.join(delimiter);
}

/** string_to_array: a NULL delimiter splits into characters; an empty one keeps the string whole. */
export function stringToArray(s: string, delimiter: string | null, nullString: string | null): PgArray {
  if (s === '') return new PgArray(K.TEXT, [], [], []);
  let parts: string[];
  if (delimiter === null) parts = Array.from(s);
  else if (delimiter === '') parts = [s];
  else parts = s.split(delimiter);
  return PgArray.of(K.TEXT, parts.map((p) => (nullString !== null && p === nullString ? null : p)));
}

/** array_fill(value, dims[, lower bounds]). */
export function arrayFill(kalam: KalamDataType, value: Value, dims: PgArray | null, lbounds: PgArray | null): PgArray {
  if (dims === null) throw new SqlError('22004', 'dimension array or low bound array cannot be null');
  if (dims.ndims > 1 || (lbounds !== null && lbounds.ndims > 1)) {
    throw new SqlError('2202E', 'wrong number of array subscripts', { detail: 'Dimension array must be one dimensional.' });
  }
  if (lbounds !== null && lbounds.items.length !== dims.items.length) {
    throw new SqlError('2202E', 'wrong number of array subscripts', { detail: 'Low bound array has different size than dimensions array.' });
  }
  if (dims.items.some((d) => d === null) || (lbounds?.items.some((d) => d === null) ?? false)) {
    throw new SqlError('22004', 'dimension values cannot be null');
  }
  if (dims.items.length > MAX_ARRAY_DIMS) {
    throw new SqlError('54000', `number of array dimensions (${dims.items.length}) exceeds the maximum allowed (${MAX_ARRAY_DIMS})`);
  }
  const ds = dims.items as number[];
  const count = ds.reduce((n, d) => n * Math.max(d, 0), 1);
  if (ds.length === 0 || count === 0) return new PgArray(kalam, [], [], []);
  return new PgArray(kalam, new Array<Value>(count).fill(value), ds, (lbounds?.items as number[] | undefined) ?? ds.map(() => 1));
}

const TEXT = T.text;
const TEXT_ARRAY = T.textArray;

// string_to_array is not strict: a NULL delimiter or null string changes the splitting.
registerFunction('string_to_array',
  overload([TEXT, TEXT], TEXT_ARRAY, ([s, d]) => (s === null ? null : stringToArray(s as string, d as string | null, null)), { strict: false }),
  overload([TEXT, TEXT, TEXT], TEXT_ARRAY,
    ([s, d, n]) => (s === null ? null : stringToArray(s as string, d as string | null, n as string | null)), { strict: false }));
