/**
 * generate_subscripts(array, dim [, reverse]): the subscripts of one dimension, lower bound to
 * upper bound (or back). No rows for a dimension the array does not have. int2vector and
 * oidvector count from 0, so SQLAlchemy's `unnest(indkey), generate_subscripts(indkey, 1)` pairs
 * each key column with its zero-based position, and drizzle-kit's `generate_subscripts(i.indkey, 1)
 * + 1` numbers them 1..n, as in PostgreSQL.
 */
import { T } from '../../binder/expr/expr-types.js';
import { noFunction } from '../../binder/expr/operator-error.js';
import { isArrayType } from '../../types/array-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgArray } from '../../types/pg-array.js';
import { registerSetFunction, type SetFunctionOverload } from './set-returning.js';

function subscripts(array: PgArray, dim: number, reverse: boolean): Value[][] {
  if (dim < 1 || dim > array.ndims) return [];
  const lower = array.lbounds[dim - 1]!;
  const out: Value[][] = [];
  for (let i = 0; i < array.dims[dim - 1]!; i++) out.push([lower + i]);
  return reverse ? out.reverse() : out;
}

function overload(params: readonly ColumnType[]): SetFunctionOverload {
  return {
    params: ['any', ...params],
    columns: () => [{ name: null, type: T.int4 }],
    volatility: 'immutable',
    strict: true,
    build: (argTypes) => {
      if (!isArrayType(argTypes[0]!)) throw noFunction('generate_subscripts', argTypes);
      return (args) => subscripts(args[0] as PgArray, args[1] as number, args[2] === true);
    },
  };
}

registerSetFunction('generate_subscripts', overload([T.int4]), overload([T.int4, T.bool]));
