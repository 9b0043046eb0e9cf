/**
 * An array value, as PostgreSQL keeps one: its element type, the dimensions with their lower
 * bounds, and the elements flattened in row-major order (NULL elements allowed).
 *
 *   '{{1,2},{3,4}}'::int[]     dims [2,2]  lbounds [1,1]  items [1,2,3,4]
 *   '[0:2]={7,8,9}'::int[]     dims [3]    lbounds [0]    items [7,8,9]
 *   '{}'::int[]                dims []     lbounds []     items []       (zero dimensions)
 *
 * The element type travels with the value (PostgreSQL's ArrayType header does the same) so that
 * comparison, hashing and storage need no schema.
 */
import type { KalamDataType, Value } from './kalam-type.js';

/** PostgreSQL's MAXDIM. */
export const MAX_ARRAY_DIMS = 6;

export class PgArray {
  constructor(
    readonly elemKalam: KalamDataType,
    readonly items: readonly Value[],
    readonly dims: readonly number[],
    readonly lbounds: readonly number[],
  ) {}

  /** A one-dimensional array with lower bound 1 (the empty array when `items` is empty). */
  static of(elemKalam: KalamDataType, items: readonly Value[]): PgArray {
    return items.length === 0 ? new PgArray(elemKalam, [], [], []) : new PgArray(elemKalam, items, [items.length], [1]);
  }

  get ndims(): number {
    return this.dims.length;
  }

  /** Same shape and element type, other elements. */
  withItems(items: readonly Value[], elemKalam: KalamDataType = this.elemKalam): PgArray {
    return new PgArray(elemKalam, items, this.dims, this.lbounds);
  }
}

export function isPgArray(v: unknown): v is PgArray {
  return v instanceof PgArray;
}
