/**
 * Writing into arrays by subscript, PostgreSQL's array_set_element and array_set_slice (what
 * `UPDATE t SET a[2] = x` and `SET a[1:2] = ARRAY[…]` do): a NULL or empty array becomes a new
 * one at the given subscripts; a one-dimensional array grows in either direction, the gap filled
 * with NULLs; a multidimensional one must be written within its bounds.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { KalamDataType, Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { elementOffset } from './array-subscript.js';

function subscriptError(message: string): SqlError {
  return new SqlError('2202E', message);
}

/** A 1-D array widened to cover [lo, hi], with NULLs in the new places. */
function widen(a: PgArray, lo: number, hi: number): PgArray {
  const lb = a.lbounds[0]!;
  const ub = lb + a.dims[0]! - 1;
  const from = Math.min(lb, lo);
  const to = Math.max(ub, hi);
  if (from === lb && to === ub) return a;
  const items = new Array<Value>(to - from + 1).fill(null);
  a.items.forEach((v, i) => { items[lb - from + i] = v; });
  return new PgArray(a.elemKalam, items, [items.length], [from]);
}

export function arraySetElement(a0: PgArray | null, elemKalam: KalamDataType, idx: readonly number[], v: Value): PgArray {
  const a = a0 ?? new PgArray(elemKalam, [], [], []);
  if (a.ndims === 0) return new PgArray(elemKalam, [v], idx.map(() => 1), [...idx]);
  if (idx.length !== a.ndims) throw subscriptError('wrong number of array subscripts');
  const target = a.ndims === 1 ? widen(a, idx[0]!, idx[0]!) : a;
  const offset = elementOffset(target, idx);
  if (offset < 0) throw subscriptError('array subscript out of range');
  const items = target.items.slice();
  items[offset] = v;
  return target.withItems(items);
}

export function arraySetSlice(
  a0: PgArray | null, elemKalam: KalamDataType, lo: readonly (number | null)[], hi: readonly (number | null)[], src: PgArray,
): PgArray {
  const a = a0 ?? new PgArray(elemKalam, [], [], []);
  if (a.ndims === 0) {
    if (lo.some((x) => x === null) || hi.some((x) => x === null)) {
      throw subscriptError('array slice subscript must provide both boundaries');
    }
    const dims = lo.map((l, i) => hi[i]! - l! + 1);
    if (dims.some((d) => d <= 0)) throw subscriptError('upper bound cannot be less than lower bound');
    const count = dims.reduce((n, d) => n * d, 1);
    if (src.items.length < count) throw subscriptError('source array too small');
    return new PgArray(elemKalam, src.items.slice(0, count), dims, lo as number[]);
  }
  if (lo.length !== a.ndims) throw subscriptError('wrong number of array subscripts');
  const bounds = a.dims.map((d, i) => {
    const lb = a.lbounds[i]!;
    const l = lo[i] ?? lb;
    const u = hi[i] ?? lb + d - 1;
    if (l > u) throw subscriptError('upper bound cannot be less than lower bound');
    return [l, u] as const;
  });
  const target = a.ndims === 1 ? widen(a, bounds[0]![0], bounds[0]![1]) : a;
  bounds.forEach(([l, u], i) => {
    const lb = target.lbounds[i]!;
    if (l < lb || u > lb + target.dims[i]! - 1) throw subscriptError('array subscript out of range');
  });
  const count = bounds.reduce((n, [l, u]) => n * (u - l + 1), 1);
  if (src.items.length < count) throw subscriptError('source array too small');
  const items = target.items.slice();
  let next = 0;
  const walk = (dim: number, idx: number[]): void => {
    for (let k = bounds[dim]![0]; k <= bounds[dim]![1]; k++) {
      idx[dim] = k;
      if (dim + 1 === target.ndims) items[elementOffset(target, idx)] = src.items[next++]!;
      else walk(dim + 1, idx);
    }
  };
  walk(0, new Array<number>(target.ndims));
  return target.withItems(items);
}
