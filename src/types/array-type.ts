/**
 * Array types over the scalar types: `int4[]` is pg_type `_int4` (OID 1007), stored as
 * KalamDataType.ARRAY; its element type is pg_type.typelem. An array column's typmod is its
 * element's (`varchar(3)[]` has typmod 7), as in PostgreSQL's atttypmod.
 */
import { KalamDataType, type ColumnType } from './kalam-type.js';
import { pgTypeInfo } from './type-registry.js';

export function isArrayType(type: ColumnType): boolean {
  return type.kalam === KalamDataType.ARRAY;
}

/** The element type of an array type. */
export function arrayElementType(type: ColumnType): ColumnType {
  const info = pgTypeInfo(type.oid);
  const elem = info === undefined ? undefined : pgTypeInfo(info.elemOid);
  if (elem === undefined || elem.kalam === null) {
    throw new Error(`internal error: ${type.oid} is not an array type with a supported element type`);
  }
  return { kalam: elem.kalam, oid: elem.oid, typmod: type.typmod };
}

/** The array type over an element type, or null if PostgreSQL has none (arrays of arrays, unknown). */
export function arrayTypeOf(elem: ColumnType): ColumnType | null {
  if (elem.kalam === KalamDataType.ARRAY) return null;
  const info = pgTypeInfo(elem.oid);
  if (info === undefined || info.arrayOid === 0) return null;
  return { kalam: KalamDataType.ARRAY, oid: info.arrayOid, typmod: elem.typmod };
}
