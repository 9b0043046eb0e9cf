/**
 * generate_subscripts(array, dim [, reverse]): the subscripts of one dimension, lower bound to
 * upper (or back). An int2vector counts from 0, so drizzle-kit's index query
 * `generate_subscripts(i.indkey, 1) + 1` numbers the key columns 1..n. A dimension the array
 * lacks gives no rows, as in PostgreSQL.
 */
import { T } from '../../binder/expr/expr-types.js';
import { Errors } from '../../errors/sql-error.js';
import { isArrayType } from '../../types/array-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PgArray } from '../../types/pg-array.js';
import { formatRegtype } from '../../types/regtype-text.js';
import { registerSetFunction, type SetFunctionOverload } from './set-returning.js';

function subscripts(array: PgArray, dim: number, reverse: boolean): Value[][] {
  if (dim < 1 || dim > array.ndims) return [];
  const lower = array.lbounds[dim - 1]!;
  const out: Value[][] = [];
  for (let i = 0; i < array.dims[dim - 1]!; i++) out.push([lower + i]);
  return reverse ? out.reverse() : out;
}

function overload(params: SetFunctionOverload['params']): SetFunctionOverload {
  return {
    params,
    columns: () => [{ name: null, type: T.int4 }],
    volatility: 'immutable',
    build: (argTypes: readonly ColumnType[]) => {
      if (!isArrayType(argTypes[0]!)) {
        const shown = argTypes.map((t) => formatRegtype(t.oid)).join(', ');
        throw Errors.undefinedFunction(`function generate_subscripts(${shown}) does not exist`, undefined,
          'No function matches the given name and argument types. You might need to add explicit type casts.');
      }
      return (args) => subscripts(args[0] as PgArray, args[1] as number, args[2] === true);
    },
  };
}

registerSetFunction('generate_subscripts', overload(['any', T.int4]), overload(['any', T.int4, T.bool]));
