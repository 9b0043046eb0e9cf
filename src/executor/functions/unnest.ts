/**
 * unnest(array [, array …]): one row per element, in storage order (a multi-dimensional array is
 * flattened). With several arrays (only in FROM, as in PostgreSQL) they are zipped, the shorter
 * ones padded with NULL. A NULL array gives no rows.
 */
import { SqlError } from '../../errors/sql-error.js';
import { arrayElementType, isArrayType } from '../../types/array-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgArray } from '../../types/pg-array.js';
import { registerSetFunction } from './set-returning.js';

function elementTypes(argTypes: readonly ColumnType[]): ColumnType[] {
  return argTypes.map((t) => {
    if (!isArrayType(t)) throw new SqlError('42883', `function unnest(${argTypes.map((a) => String(a.oid)).join(', ')}) does not exist`);
    return arrayElementType(t);
  });
}

registerSetFunction('unnest', {
  params: ['any'],
  variadic: 'any',
  columns: (argTypes) => elementTypes(argTypes).map((type) => ({ name: argTypes.length === 1 ? null : 'unnest', type })),
  volatility: 'immutable',
  strict: false,
  build: (argTypes) => {
    elementTypes(argTypes);
    return (args) => {
      const arrays = args.map((a) => (a === null ? [] : (a as PgArray).items));
      if (arrays.length === 1) return arrays[0]!.map((v) => [v]);
      const n = arrays.reduce((m, a) => Math.max(m, a.length), 0);
      const out: Value[][] = [];
      for (let i = 0; i < n; i++) out.push(arrays.map((a) => a[i] ?? null));
      return out;
    };
  },
});
