/**
 * PostgreSQL's implicit casts among our types (pg_cast rows with castcontext 'i') and its
 * select_common_type() for UNION / CASE / COALESCE / comparison operands.
 */
import { KalamDataType, type ColumnType } from './kalam-type.js';
import { PgOid } from './pg-oids.js';
import { REG_TYPES } from './catalog-type-cast.js';
import { defaultOidFor, pgTypeInfo } from './type-registry.js';

const IMPLICIT: Record<number, readonly number[]> = {
  [PgOid.INT2]: [PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8],
  [PgOid.INT4]: [PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8],
  [PgOid.INT8]: [PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8],
  [PgOid.NUMERIC]: [PgOid.FLOAT4, PgOid.FLOAT8],
  [PgOid.FLOAT4]: [PgOid.FLOAT8],
  [PgOid.TEXT]: [PgOid.VARCHAR, PgOid.BPCHAR, PgOid.NAME],
  [PgOid.VARCHAR]: [PgOid.TEXT, PgOid.BPCHAR, PgOid.NAME],
  [PgOid.BPCHAR]: [PgOid.TEXT, PgOid.VARCHAR, PgOid.NAME],
  [PgOid.NAME]: [PgOid.TEXT],
  [PgOid.UNKNOWN]: [PgOid.TEXT],
  [PgOid.DATE]: [PgOid.TIMESTAMP, PgOid.TIMESTAMPTZ],
  [PgOid.TIMESTAMP]: [PgOid.TIMESTAMPTZ],
  [PgOid.TIME]: [PgOid.INTERVAL],
};
// The OID family (pg_cast): integers become OIDs; oid and its reg* aliases are one another.
for (const from of [PgOid.INT2, PgOid.INT4, PgOid.INT8]) IMPLICIT[from] = [...IMPLICIT[from]!, PgOid.OID, ...REG_TYPES];
IMPLICIT[PgOid.OID] = REG_TYPES;
for (const reg of REG_TYPES) IMPLICIT[reg] = [PgOid.OID];
IMPLICIT[PgOid.REGPROC] = [PgOid.OID, PgOid.REGPROCEDURE];
IMPLICIT[PgOid.REGPROCEDURE] = [PgOid.OID, PgOid.REGPROC];
IMPLICIT[PgOid.TEXT] = [...IMPLICIT[PgOid.TEXT]!, PgOid.REGCLASS];
IMPLICIT[PgOid.VARCHAR] = [...IMPLICIT[PgOid.VARCHAR]!, PgOid.REGCLASS];
IMPLICIT[PgOid.CHAR] = [PgOid.TEXT];
IMPLICIT[PgOid.PG_NODE_TREE] = [PgOid.TEXT];

/** Whether PostgreSQL converts `from` to `to` without being asked (OIDs). */
export function canImplicitCastOid(from: number, to: number): boolean {
  return from === to || (IMPLICIT[from]?.includes(to) ?? false);
}

/** Whether PostgreSQL converts a value of `from` to `to` without being asked. */
export function canImplicitCast(from: KalamDataType, to: KalamDataType): boolean {
  return from === to || canImplicitCastOid(defaultOidFor(from), defaultOidFor(to));
}

/**
 * The type both operands are converted to, or null when PostgreSQL would refuse
 * ("UNION types integer and text cannot be matched"). The first operand wins ties, as in PostgreSQL.
 */
export function commonSupertype(a: ColumnType, b: ColumnType): ColumnType | null {
  if (a.oid === b.oid) return a.typmod === b.typmod ? a : { ...a, typmod: -1 };
  const pa = pgTypeInfo(a.oid);
  const pb = pgTypeInfo(b.oid);
  if (pa === undefined || pb === undefined || pa.category !== pb.category) return null;
  let chosen = a;
  if (!pa.preferred && canImplicitCastOid(a.oid, b.oid) && !canImplicitCastOid(b.oid, a.oid)) chosen = b;
  const other = chosen === a ? b : a;
  if (!canImplicitCastOid(other.oid, chosen.oid)) return null;
  return { ...chosen, typmod: -1 };
}
