/**
 * Whole-array operations with PostgreSQL's dimension rules: array_cat (`||` of two arrays),
 * array_append / array_prepend (`||` with an element), and the containment operators
 * `@>`, `<@`, `&&`, which look only at the elements and never count NULL as equal.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';

function incompatible(detail: string): SqlError {
  return new SqlError('2202E', 'cannot concatenate incompatible arrays', { detail });
}

function sameShape(a: readonly number[], b: readonly number[], al: readonly number[], bl: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i] && al[i] === bl[i]);
}

/** array_cat: arrays of equal rank joined along the first dimension, or one appended as an element of the other. */
export function arrayCat(a: PgArray, b: PgArray): PgArray {
  if (b.ndims === 0) return a;
  if (a.ndims === 0) return b.elemKalam === a.elemKalam ? b : b.withItems(b.items, a.elemKalam);
  const items = [...a.items, ...b.items];
  if (a.ndims === b.ndims) {
    if (!sameShape(a.dims.slice(1), b.dims.slice(1), a.lbounds.slice(1), b.lbounds.slice(1))) {
      throw incompatible('Arrays with differing element dimensions are not compatible for concatenation.');
    }
    return new PgArray(a.elemKalam, items, [a.dims[0]! + b.dims[0]!, ...a.dims.slice(1)], a.lbounds);
  }
  if (a.ndims === b.ndims - 1) {
    if (!sameShape(a.dims, b.dims.slice(1), a.lbounds, b.lbounds.slice(1))) {
      throw incompatible('Arrays with differing dimensions are not compatible for concatenation.');
    }
    return new PgArray(a.elemKalam, items, [b.dims[0]! + 1, ...b.dims.slice(1)], b.lbounds);
  }
  if (a.ndims === b.ndims + 1) {
    if (!sameShape(b.dims, a.dims.slice(1), b.lbounds, a.lbounds.slice(1))) {
      throw incompatible('Arrays with differing dimensions are not compatible for concatenation.');
    }
    return new PgArray(a.elemKalam, items, [a.dims[0]! + 1, ...a.dims.slice(1)], a.lbounds);
  }
  throw incompatible(`Arrays of ${a.ndims} and ${b.ndims} dimensions are not compatible for concatenation.`);
}

function oneDimensional(a: PgArray): void {
  if (a.ndims > 1) throw new SqlError('22000', 'argument must be empty or one-dimensional array');
}

export function arrayAppend(a: PgArray, e: Value): PgArray {
  oneDimensional(a);
  if (a.ndims === 0) return PgArray.of(a.elemKalam, [e]);
  return new PgArray(a.elemKalam, [...a.items, e], [a.dims[0]! + 1], a.lbounds);
}

export function arrayPrepend(e: Value, a: PgArray): PgArray {
  oneDimensional(a);
  if (a.ndims === 0) return PgArray.of(a.elemKalam, [e]);
  return new PgArray(a.elemKalam, [e, ...a.items], [a.dims[0]! + 1], a.lbounds);
}

export type ElementEquals = (a: Value, b: Value) => boolean;

/** `a @> b`: every element of b equals some element of a (a NULL in b never does). */
export function arrayContains(a: PgArray, b: PgArray, eq: ElementEquals): boolean {
  for (const y of b.items) {
    if (y === null) return false;
    let found = false;
    for (const x of a.items) {
      if (x !== null && eq(x, y)) { found = true; break; }
    }
    if (!found) return false;
  }
  return true;
}

/** `a && b`: some non-NULL element is in both. */
export function arrayOverlaps(a: PgArray, b: PgArray, eq: ElementEquals): boolean {
  for (const y of b.items) {
    if (y === null) continue;
    for (const x of a.items) {
      if (x !== null && eq(x, y)) return true;
    }
  }
  return false;
}
