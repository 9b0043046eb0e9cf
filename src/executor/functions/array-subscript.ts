/**
 * Reading arrays by subscript, PostgreSQL's array_get_element and array_get_slice: subscripts
 * count from each dimension's lower bound; a missing or out-of-range element is NULL, a slice
 * is clamped to the array's bounds and comes back with lower bounds 1 (empty if nothing is left).
 */
import type { Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';

/** Row-major offset of the element at `idx`, or -1 when out of range. */
export function elementOffset(a: PgArray, idx: readonly number[]): number {
  if (idx.length !== a.ndims || a.ndims === 0) return -1;
  let offset = 0;
  for (let i = 0; i < a.ndims; i++) {
    const k = idx[i]! - a.lbounds[i]!;
    if (k < 0 || k >= a.dims[i]!) return -1;
    offset = offset * a.dims[i]! + k;
  }
  return offset;
}

export function arrayElement(a: PgArray, idx: readonly number[]): Value {
  const offset = elementOffset(a, idx);
  return offset < 0 ? null : a.items[offset]!;
}

/** `a[lo:hi]…`; a null bound means the array's own bound in that dimension. */
export function arraySlice(a: PgArray, lo: readonly (number | null)[], hi: readonly (number | null)[]): PgArray {
  const empty = new PgArray(a.elemKalam, [], [], []);
  if (a.ndims === 0 || lo.length > a.ndims) return empty;
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < a.ndims; i++) {
    const lb = a.lbounds[i]!;
    const ub = lb + a.dims[i]! - 1;
    const l = i < lo.length ? Math.max(lo[i] ?? lb, lb) : lb;
    const u = i < hi.length ? Math.min(hi[i] ?? ub, ub) : ub;
    if (l > u) return empty;
    from.push(l - lb);
    to.push(u - lb);
  }
  const dims = from.map((f, i) => to[i]! - f + 1);
  const items: Value[] = [];
  const walk = (dim: number, base: number): void => {
    for (let k = from[dim]!; k <= to[dim]!; k++) {
      const offset = base * a.dims[dim]! + k;
      if (dim + 1 === a.ndims) items.push(a.items[offset]!);
      else walk(dim + 1, offset);
    }
  };
  walk(0, 0);
  return new PgArray(a.elemKalam, items, dims, dims.map(() => 1));
}
