/**
 * The ColumnTypes expressions produce, and the facts about them that type resolution needs
 * (category, preferred type, the implicit/assignment cast graph of PostgreSQL 15's pg_cast).
 */
import { KalamDataType, type ColumnType } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { pgTypeInfo } from '../../types/type-registry.js';
import { formatType } from '../../types/format-type.js';
import { arrayElementType, isArrayType } from '../../types/array-type.js';
import { OID_FAMILY, REG_TYPES } from '../../types/catalog-type-cast.js';

const t = (kalam: KalamDataType, oid: number): ColumnType => Object.freeze({ kalam, oid, typmod: -1 });

export const T = Object.freeze({
  bool: t(KalamDataType.BOOLEAN, PgOid.BOOL),
  int2: t(KalamDataType.SMALLINT, PgOid.INT2),
  int4: t(KalamDataType.INT, PgOid.INT4),
  int8: t(KalamDataType.BIGINT, PgOid.INT8),
  float4: t(KalamDataType.FLOAT, PgOid.FLOAT4),
  float8: t(KalamDataType.DOUBLE, PgOid.FLOAT8),
  numeric: t(KalamDataType.DECIMAL, PgOid.NUMERIC),
  text: t(KalamDataType.TEXT, PgOid.TEXT),
  varchar: t(KalamDataType.TEXT, PgOid.VARCHAR),
  /** char(n): values carry their padding; comparisons and text conversion ignore it. */
  bpchar: t(KalamDataType.TEXT, PgOid.BPCHAR),
  name: t(KalamDataType.TEXT, PgOid.NAME),
  /** An untyped literal ('x', NULL) or a parameter whose type is not known yet. */
  unknown: t(KalamDataType.TEXT, PgOid.UNKNOWN),
  date: t(KalamDataType.DATE, PgOid.DATE),
  time: t(KalamDataType.TIME, PgOid.TIME),
  timestamp: t(KalamDataType.TIMESTAMP, PgOid.TIMESTAMP),
  timestamptz: t(KalamDataType.DATETIME, PgOid.TIMESTAMPTZ),
  json: t(KalamDataType.JSON, PgOid.JSON),
  jsonb: t(KalamDataType.JSON, PgOid.JSONB),
  bytea: t(KalamDataType.BYTES, PgOid.BYTEA),
  uuid: t(KalamDataType.UUID, PgOid.UUID),
  vector: t(KalamDataType.EMBEDDING, PgOid.VECTOR),
  interval: t(KalamDataType.INTERVAL, PgOid.INTERVAL),
  /** text[]: paths and key lists of the JSON functions, regexp and string_to_array results. */
  textArray: t(KalamDataType.ARRAY, PgOid.TEXT_ARRAY),
  /** A type's OID, shown as its name: what pg_typeof returns. */
  regtype: t(KalamDataType.INT, PgOid.REGTYPE),
  /** An object identifier (unsigned 32-bit); the catalogs' key columns. */
  oid: t(KalamDataType.INT, PgOid.OID),
  /** A relation's OID, shown as its (search-path-qualified) name. */
  regclass: t(KalamDataType.INT, PgOid.REGCLASS),
});

export function isUnknownType(type: ColumnType): boolean {
  return type.oid === PgOid.UNKNOWN;
}

/** The type without its typmod: what an expression over a varchar(3) column yields. */
export function baseType(type: ColumnType): ColumnType {
  return type.typmod === -1 ? type : { kalam: type.kalam, oid: type.oid, typmod: -1 };
}

export function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.oid === b.oid;
}

/** pg_type.typname: what PostgreSQL labels a cast's output column with (`SELECT 1::int8` → int8). */
export function typeLabel(type: ColumnType): string {
  // `x::int[]` is labelled by the element type's name, as PostgreSQL's FigureColname does.
  const info = pgTypeInfo(type.oid);
  // int2vector and oidvector have an element type but are named for themselves.
  const elem = info === undefined || info.category !== 'A' ? undefined : pgTypeInfo(info.elemOid);
  if (elem !== undefined && elem.arrayOid === info!.oid) return elem.name;
  return info?.name ?? 'unknown';
}

/** format_type without typmod, as error messages show types ("character varying", "integer"). */
export function typeDisplay(type: ColumnType): string {
  return formatType(type.oid, -1);
}

export function typeCategory(type: ColumnType): string {
  return pgTypeInfo(type.oid)?.category ?? 'X';
}

export function isPreferred(type: ColumnType): boolean {
  return pgTypeInfo(type.oid)?.preferred ?? false;
}

const STRING_OIDS = new Set<number>([PgOid.TEXT, PgOid.VARCHAR, PgOid.BPCHAR, PgOid.NAME]);

export function isStringType(type: ColumnType): boolean {
  return STRING_OIDS.has(type.oid);
}

/** Numeric ladder for arithmetic promotion: int2 < int4 < int8 < numeric < float4 < float8. */
const NUMERIC_RANK: Partial<Record<number, number>> = {
  [PgOid.INT2]: 0, [PgOid.INT4]: 1, [PgOid.INT8]: 2, [PgOid.NUMERIC]: 3, [PgOid.FLOAT4]: 4, [PgOid.FLOAT8]: 5,
};

export function numericRank(type: ColumnType): number | undefined {
  return NUMERIC_RANK[type.oid];
}

export function isIntegerType(type: ColumnType): boolean {
  const r = NUMERIC_RANK[type.oid];
  return r !== undefined && r <= 2;
}

const BY_RANK = [T.int2, T.int4, T.int8, T.numeric, T.float4, T.float8];

/**
 * The type both operands of a numeric operator are converted to. PostgreSQL has cross-type
 * integer operators and promotes otherwise; there is no int/numeric-with-float4 operator, so those
 * go to float8 (`SELECT pg_typeof(1::int4 + 1::float4)` → double precision).
 */
export function numericCommonType(a: ColumnType, b: ColumnType): ColumnType | null {
  const ra = NUMERIC_RANK[a.oid];
  const rb = NUMERIC_RANK[b.oid];
  if (ra === undefined || rb === undefined) return null;
  if ((ra === 4 && rb < 4) || (rb === 4 && ra < 4)) return T.float8;
  return BY_RANK[Math.max(ra, rb)]!;
}

type Edge = readonly [from: number, to: number];
const I = (from: number, ...to: number[]): Edge[] => to.map((x) => [from, x] as const);

/** pg_cast entries with castcontext 'i' among the types we have. */
const IMPLICIT = new Set<string>([
  ...I(PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8),
  ...I(PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8),
  ...I(PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8),
  ...I(PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8),
  ...I(PgOid.FLOAT4, PgOid.FLOAT8),
  ...I(PgOid.TEXT, PgOid.VARCHAR, PgOid.BPCHAR, PgOid.NAME),
  ...I(PgOid.VARCHAR, PgOid.TEXT, PgOid.BPCHAR, PgOid.NAME),
  ...I(PgOid.BPCHAR, PgOid.TEXT, PgOid.VARCHAR, PgOid.NAME),
  ...I(PgOid.NAME, PgOid.TEXT),
  ...I(PgOid.DATE, PgOid.TIMESTAMP, PgOid.TIMESTAMPTZ),
  ...I(PgOid.TIMESTAMP, PgOid.TIMESTAMPTZ),
  ...I(PgOid.TIME, PgOid.INTERVAL),
  ...I(PgOid.VECTOR, PgOid.FLOAT4_ARRAY), // pgvector's vector_to_float4 is implicit
  // The OID family: integers become OIDs, and oid and its reg* aliases are one another.
  ...I(PgOid.INT2, PgOid.OID, ...REG_TYPES),
  ...I(PgOid.INT4, PgOid.OID, ...REG_TYPES),
  ...I(PgOid.INT8, PgOid.OID, ...REG_TYPES),
  ...I(PgOid.OID, ...REG_TYPES),
  ...REG_TYPES.flatMap((r) => I(r, PgOid.OID)),
  ...I(PgOid.REGPROC, PgOid.REGPROCEDURE),
  ...I(PgOid.REGPROCEDURE, PgOid.REGPROC),
  ...I(PgOid.TEXT, PgOid.REGCLASS),
  ...I(PgOid.VARCHAR, PgOid.REGCLASS),
  ...I(PgOid.CHAR, PgOid.TEXT),
  ...I(PgOid.PG_NODE_TREE, PgOid.TEXT),
  ...I(PgOid.BPCHAR, PgOid.NAME),
  // Binary-coercible without a pg_cast row (parse_coerce.c's IsBinaryCoercible special case).
  ...I(PgOid.INT2VECTOR, PgOid.INT2_ARRAY),
  ...I(PgOid.OIDVECTOR, PgOid.OID_ARRAY),
].map(([a, b]) => `${a}>${b}`));

/** pg_cast entries with castcontext 'a'. */
const ASSIGNMENT = new Set<string>([
  ...I(PgOid.INT4, PgOid.INT2),
  ...I(PgOid.INT8, PgOid.INT2, PgOid.INT4),
  ...I(PgOid.NUMERIC, PgOid.INT2, PgOid.INT4, PgOid.INT8),
  ...I(PgOid.FLOAT4, PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.NUMERIC),
  ...I(PgOid.FLOAT8, PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4),
  ...I(PgOid.NAME, PgOid.VARCHAR, PgOid.BPCHAR),
  ...I(PgOid.TIMESTAMP, PgOid.DATE, PgOid.TIME),
  ...I(PgOid.TIMESTAMPTZ, PgOid.DATE, PgOid.TIME, PgOid.TIMESTAMP),
  ...I(PgOid.INTERVAL, PgOid.TIME),
  ...I(PgOid.JSON, PgOid.JSONB),
  ...I(PgOid.JSONB, PgOid.JSON),
  // pgvector's array_to_vector casts are assignment casts.
  ...I(PgOid.INT4_ARRAY, PgOid.VECTOR), ...I(PgOid.FLOAT4_ARRAY, PgOid.VECTOR),
  ...I(PgOid.FLOAT8_ARRAY, PgOid.VECTOR), ...I(PgOid.NUMERIC_ARRAY, PgOid.VECTOR),
  ...[...OID_FAMILY].flatMap((o) => I(o, PgOid.INT4, PgOid.INT8)),
  ...I(PgOid.TEXT, PgOid.CHAR),
  ...I(PgOid.VARCHAR, PgOid.CHAR),
  ...I(PgOid.BPCHAR, PgOid.CHAR),
  ...I(PgOid.CHAR, PgOid.BPCHAR, PgOid.VARCHAR),
].map(([a, b]) => `${a}>${b}`));

/** Explicit-only casts besides I/O conversion through text. */
const EXPLICIT = new Set<string>([
  ...I(PgOid.INT4, PgOid.BOOL),
  ...I(PgOid.BOOL, PgOid.INT4),
  ...I(PgOid.CHAR, PgOid.INT4),
  ...I(PgOid.INT4, PgOid.CHAR),
  ...I(PgOid.JSONB, PgOid.BOOL, PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8),
].map(([a, b]) => `${a}>${b}`));

/** int2vector and oidvector are arrays, but convert only to their own element's array type. */
function isIntVector(type: ColumnType): boolean {
  return type.oid === PgOid.INT2VECTOR || type.oid === PgOid.OIDVECTOR;
}

export type CoercionContext = 'implicit' | 'assignment' | 'explicit';

/** Whether PostgreSQL would convert `from` to `to` in this context (typmods aside). */
export function canCoerce(from: ColumnType, to: ColumnType, context: CoercionContext): boolean {
  if (from.oid === to.oid) return true;
  const key = `${from.oid}>${to.oid}`;
  if (IMPLICIT.has(key)) return true;
  // Arrays convert element by element, in the same context (PostgreSQL's ArrayCoerceExpr).
  if (isArrayType(from) && isArrayType(to) && !isIntVector(from) && !isIntVector(to)) {
    return canCoerce(arrayElementType(from), arrayElementType(to), context);
  }
  if (context === 'implicit') return false;
  if (ASSIGNMENT.has(key)) return true;
  // Automatic I/O conversion to a string type is an assignment cast.
  if (isStringType(to)) return true;
  if (context === 'assignment') return false;
  return EXPLICIT.has(key) || isStringType(from);
}
