/**
 * pgvector's casts between `vector` and arrays: integer[], real[], double precision[] and
 * numeric[] → vector (array_to_vector, an assignment cast, so INSERT … VALUES (ARRAY[…]) works),
 * and vector → real[] (vector_to_float4, implicit). Their checks and messages are pgvector's.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { PgArray } from './pg-array.js';
import { PgOid } from './pg-oids.js';
import { checkVectorDimensions, checkVectorElement } from './vector-text.js';

/** The array types pgvector converts to vector. */
export const ARRAYS_TO_VECTOR: readonly number[] = [PgOid.INT4_ARRAY, PgOid.FLOAT4_ARRAY, PgOid.FLOAT8_ARRAY, PgOid.NUMERIC_ARRAY];

export function arrayToVector(v: Value, to: ColumnType): Float32Array {
  const a = v as PgArray;
  if (a.dims.length > 1) throw Errors.dataException('array must be 1-D');
  if (a.items.some((x) => x === null)) throw new SqlError('22004', 'array must not contain nulls');
  checkVectorDimensions(a.items.length, to.typmod);
  const out = new Float32Array(a.items.length);
  a.items.forEach((x, i) => {
    const n = typeof x === 'number' ? x : Number(typeof x === 'bigint' ? x : String(x));
    const f = Math.fround(n);
    if (Number.isFinite(n) && !Number.isFinite(f)) throw Errors.numericOutOfRange(`"${String(x)}" is out of range for type real`);
    checkVectorElement(f);
    out[i] = f;
  });
  return out;
}

export function vectorToFloat4Array(v: Value): PgArray {
  return PgArray.of(KalamDataType.FLOAT, Array.from(v as Float32Array));
}
