/**
 * information_schema._pg_expandarray(anyarray) → SETOF record (x anyelement, n int): each element
 * of the array's first dimension with its 1-based position. PostgreSQL defines it in SQL as
 *
 *   SELECT $1[s], s - array_lower($1, 1) + 1 FROM generate_series(array_lower($1, 1), array_upper($1, 1)) g(s)
 *
 * so an int2vector (lower bound 0) numbers from 1 too, an element of a multi-dimensional array is
 * NULL (one subscript of two), and an empty array gives no rows. pgjdbc's getPrimaryKeys and
 * getIndexInfo number key columns with it: `(information_schema._pg_expandarray(i.indkey)).n`.
 */
import { arrayElementType } from '../../types/array-type.js';
import type { Value } from '../../types/kalam-type.js';
import type { PgArray } from '../../types/pg-array.js';
import { T } from '../../binder/expr/expr-types.js';
import { registerSetFunction } from './set-returning.js';

registerSetFunction('_pg_expandarray', {
  params: ['any'],
  anyarray: true,
  columns: (argTypes) => [{ name: 'x', type: arrayElementType(argTypes[0]!) }, { name: 'n', type: T.int4 }],
  volatility: 'immutable',
  build: () => ([arg]) => {
    const a = arg as PgArray;
    if (a.ndims === 0) return [];
    const rows: Value[][] = [];
    for (let i = 0; i < a.dims[0]!; i++) rows.push([a.ndims === 1 ? a.items[i]! : null, i + 1]);
    return rows;
  },
});
