/**
 * PostgreSQL's array_cmp, the btree order of arrays (and so `=`, `<`, ORDER BY, DISTINCT):
 * elements pairwise in storage order, a NULL element above every non-NULL one and equal to
 * another NULL; if one array runs out first, the one with fewer elements is smaller; then fewer
 * dimensions, smaller dimension lengths, smaller lower bounds.
 *
 *   ARRAY[1,2] < ARRAY[1,3]    ARRAY[1,2] < ARRAY[1,2,0]    ARRAY[2] > ARRAY[1,9]
 *   ARRAY[1,NULL] = ARRAY[1,NULL]
 */
import type { Value } from './kalam-type.js';
import type { PgArray } from './pg-array.js';

export type ElementComparator = (a: Exclude<Value, null>, b: Exclude<Value, null>) => number;

function sign(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareArrays(a: PgArray, b: PgArray, cmp: ElementComparator): number {
  const n = Math.min(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const x = a.items[i]!;
    const y = b.items[i]!;
    if (x === null || y === null) {
      if (x === y) continue;
      return x === null ? 1 : -1;
    }
    const c = cmp(x, y);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (a.items.length !== b.items.length) return sign(a.items.length, b.items.length);
  if (a.ndims !== b.ndims) return sign(a.ndims, b.ndims);
  for (let i = 0; i < a.ndims; i++) {
    if (a.dims[i] !== b.dims[i]) return sign(a.dims[i]!, b.dims[i]!);
  }
  for (let i = 0; i < a.ndims; i++) {
    if (a.lbounds[i] !== b.lbounds[i]) return sign(a.lbounds[i]!, b.lbounds[i]!);
  }
  return 0;
}
