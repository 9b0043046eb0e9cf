/**
 * array_agg: the input values, NULLs included, in input (or ORDER BY) order; NULL over no rows.
 * Over arrays it stacks them into one more dimension, which requires equal shapes and no NULL or
 * empty array (PostgreSQL's array_agg(anyarray)).
 */
import { SqlError } from '../../errors/sql-error.js';
import { arrayElementType, arrayTypeOf, isArrayType } from '../../types/array-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { MAX_ARRAY_DIMS, PgArray } from '../../types/pg-array.js';
import { baseType } from '../../binder/expr/expr-types.js';
import type { AggregateDefinition, AggregateFunction } from './aggregate-function.js';

function ofScalars(elem: ColumnType, resultType: ColumnType): AggregateFunction<Value[] | null> {
  return {
    name: 'array_agg', resultType, strict: false,
    init: () => null,
    step: (s, [v]) => {
      const out = s ?? [];
      out.push(v ?? null);
      return out;
    },
    final: (s) => (s === null ? null : PgArray.of(elem.kalam, s)),
  };
}

function ofArrays(type: ColumnType): AggregateFunction<PgArray[] | null> {
  const elem = arrayElementType(type);
  return {
    name: 'array_agg', resultType: type, strict: false,
    init: () => null,
    step: (s, [v]) => {
      if (v === null) throw new SqlError('22004', 'cannot accumulate null arrays');
      const a = v as PgArray;
      if (a.ndims === 0) throw new SqlError('2202E', 'cannot accumulate empty arrays');
      const out = s ?? [];
      const first = out[0];
      if (first === undefined && a.ndims + 1 > MAX_ARRAY_DIMS) {
        throw new SqlError('54000', `number of array dimensions (${a.ndims + 1}) exceeds the maximum allowed (${MAX_ARRAY_DIMS})`);
      }
      if (first !== undefined && (first.ndims !== a.ndims || a.dims.some((d, i) => d !== first.dims[i] || a.lbounds[i] !== first.lbounds[i]))) {
        throw new SqlError('2202E', 'cannot accumulate arrays of different dimensionality');
      }
      out.push(a);
      return out;
    },
    final: (s) => {
      if (s === null) return null;
      const first = s[0]!;
      return new PgArray(elem.kalam, s.flatMap((a) => a.items), [s.length, ...first.dims], [1, ...first.lbounds]);
    },
  };
}

export const arrayAgg: AggregateDefinition = {
  name: 'array_agg',
  resolve: (types) => {
    if (types.length !== 1) return null;
    const t = baseType(types[0]!);
    if (isArrayType(t)) return { fn: ofArrays(t), paramTypes: [t] };
    const result = arrayTypeOf(t);
    return result === null ? null : { fn: ofScalars(t, result), paramTypes: [t] };
  },
};
