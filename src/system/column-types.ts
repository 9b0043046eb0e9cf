/** Shorthands for the column types system tables use. */
import { KalamDataType, type ColumnType } from '../types/kalam-type.js';
import { PgOid } from '../types/pg-oids.js';

export const T = {
  text: { kalam: KalamDataType.TEXT, oid: PgOid.TEXT, typmod: -1 },
  name: { kalam: KalamDataType.TEXT, oid: PgOid.NAME, typmod: -1 },
  varchar: { kalam: KalamDataType.TEXT, oid: PgOid.VARCHAR, typmod: -1 },
  int2: { kalam: KalamDataType.SMALLINT, oid: PgOid.INT2, typmod: -1 },
  int4: { kalam: KalamDataType.INT, oid: PgOid.INT4, typmod: -1 },
  int8: { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 },
  oid: { kalam: KalamDataType.INT, oid: PgOid.OID, typmod: -1 },
  bool: { kalam: KalamDataType.BOOLEAN, oid: PgOid.BOOL, typmod: -1 },
  float8: { kalam: KalamDataType.DOUBLE, oid: PgOid.FLOAT8, typmod: -1 },
  timestamptz: { kalam: KalamDataType.DATETIME, oid: PgOid.TIMESTAMPTZ, typmod: -1 },
  json: { kalam: KalamDataType.JSON, oid: PgOid.JSON, typmod: -1 },
  char: { kalam: KalamDataType.TEXT, oid: PgOid.CHAR, typmod: -1 },
} satisfies Record<string, ColumnType>;

export function cols(spec: Record<string, ColumnType>): { name: string; type: ColumnType }[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}

/** ISO text → µs since epoch (DATETIME value). */
export function isoToMicros(iso: string): bigint {
  return BigInt(Date.parse(iso)) * 1000n;
}
