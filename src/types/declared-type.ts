/**
 * A declared type name (as libpg-query hands it over: `['pg_catalog','int4']`, `['varchar']`,
 * `['embedding']`) → the ColumnType it is stored as. Both PostgreSQL's spellings and KalamDB's
 * are accepted; everything else is refused with 42704 rather than silently mapped.
 *
 * The one clash: KalamDB's `FLOAT` is float4, PostgreSQL's `float` is float8. PostgreSQL's
 * grammar already turns a bare `FLOAT` into `pg_catalog.float8`, so we follow PostgreSQL:
 * `float` → double precision, `float(p)` → real for p ≤ 24 and double precision for 25 ≤ p ≤ 53.
 * KalamDB users who want float4 write `REAL` or `FLOAT4`.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { KalamDataType, type ColumnType } from './kalam-type.js';
import { arrayTypeOf } from './array-type.js';
import { PgOid } from './pg-oids.js';
import { formatType } from './format-type.js';
import { pgTypeInfo } from './type-registry.js';
import {
  charLengthTypmod, MAX_NUMERIC_PRECISION, MAX_TIME_PRECISION, MAX_VARCHAR_LENGTH, MAX_VECTOR_DIM,
  numericTypmod,
} from './typmod.js';
import { intervalTypmod } from './interval-typmod.js';
import type { CatalogNames } from './catalog-names.js';
import { enumTypeOidByName } from './enum-types.js';

export { formatType } from './format-type.js';

export type SerialKind = 'smallserial' | 'serial' | 'bigserial';

export interface ResolvedType {
  type: ColumnType;
  serial?: SerialKind;
}

type Resolver = (typmods: readonly number[], name: string) => ResolvedType;

const SUPPORTED = 'boolean, smallint, integer, bigint, real, double precision, numeric(p,s), text, ' +
  'character varying(n), character(n), name, timestamp, timestamp with time zone, date, time, json, ' +
  'jsonb, bytea, uuid, interval, vector(n) (KalamDB: BOOLEAN, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), ' +
  'TEXT, STRING, TIMESTAMP, DATETIME, DATE, TIME, JSON, BYTES, UUID, EMBEDDING(n))';

/** pgvector's other types: they exist where pgvector is installed, so they are a missing feature here, not unknown names. */
const PGVECTOR_LATER = new Set(['halfvec', 'sparsevec']);

export function unsupportedType(name: string): SqlError {
  if (PGVECTOR_LATER.has(name)) {
    return new SqlError('0A000', `type "${name}" is not supported yet`, { hint: 'Use vector(n) (EMBEDDING(n)): 32-bit floats.' });
  }
  return new SqlError('42704', `type "${name}" is not supported`, { hint: `Supported types: ${SUPPORTED}.` });
}

function noTypmod(kalam: KalamDataType, oid: number): Resolver {
  return (typmods, name) => {
    if (typmods.length > 0) throw Errors.syntax(`type modifier is not allowed for type "${name}"`);
    return { type: { kalam, oid, typmod: -1 } };
  };
}

function serial(kalam: KalamDataType, oid: number, kind: SerialKind): Resolver {
  return (typmods, name) => ({ ...noTypmod(kalam, oid)(typmods, name), serial: kind });
}

function charLike(oid: number, label: string, defaultLength: number): Resolver {
  return (typmods) => {
    if (typmods.length > 1) throw Errors.syntax(`invalid type modifier`);
    const n = typmods.length === 1 ? typmods[0]! : defaultLength;
    if (n === -1) return { type: { kalam: KalamDataType.TEXT, oid, typmod: -1 } };
    if (n < 1) throw Errors.invalidParameterValue(`length for type ${label} must be at least 1`);
    if (n > MAX_VARCHAR_LENGTH) {
      throw Errors.invalidParameterValue(`length for type ${label} cannot exceed ${MAX_VARCHAR_LENGTH}`);
    }
    return { type: { kalam: KalamDataType.TEXT, oid, typmod: charLengthTypmod(n) } };
  };
}

const numeric: Resolver = (typmods) => {
  if (typmods.length === 0) return { type: { kalam: KalamDataType.DECIMAL, oid: PgOid.NUMERIC, typmod: -1 } };
  if (typmods.length > 2) throw Errors.syntax('invalid NUMERIC type modifier');
  const precision = typmods[0]!;
  const scale = typmods[1] ?? 0;
  if (precision < 1 || precision > MAX_NUMERIC_PRECISION) {
    throw Errors.invalidParameterValue(
      `NUMERIC precision ${precision} must be between 1 and ${MAX_NUMERIC_PRECISION}`);
  }
  if (scale < 0 || scale > precision) {
    throw Errors.invalidParameterValue(`NUMERIC scale ${scale} must be between 0 and precision ${precision}`);
  }
  return { type: { kalam: KalamDataType.DECIMAL, oid: PgOid.NUMERIC, typmod: numericTypmod(precision, scale) } };
};

const float: Resolver = (typmods) => {
  if (typmods.length === 0) return { type: { kalam: KalamDataType.DOUBLE, oid: PgOid.FLOAT8, typmod: -1 } };
  const p = typmods[0]!;
  if (p < 1) throw Errors.invalidParameterValue('precision for type float must be at least 1 bit');
  if (p > 53) throw Errors.invalidParameterValue('precision for type float must be less than 54 bits');
  return p <= 24
    ? { type: { kalam: KalamDataType.FLOAT, oid: PgOid.FLOAT4, typmod: -1 } }
    : { type: { kalam: KalamDataType.DOUBLE, oid: PgOid.FLOAT8, typmod: -1 } };
};

function timeLike(kalam: KalamDataType, oid: number, label: string): Resolver {
  return (typmods) => {
    if (typmods.length === 0) return { type: { kalam, oid, typmod: -1 } };
    if (typmods.length > 1) throw Errors.syntax('invalid type modifier');
    const p = typmods[0]!;
    if (p < 0) throw Errors.invalidParameterValue(`${label}(${p}) precision must not be negative`);
    // PostgreSQL warns and clamps to 6; we clamp silently.
    return { type: { kalam, oid, typmod: Math.min(p, MAX_TIME_PRECISION) } };
  };
}

const vector: Resolver = (typmods) => {
  if (typmods.length === 0) return { type: { kalam: KalamDataType.EMBEDDING, oid: PgOid.VECTOR, typmod: -1 } };
  if (typmods.length > 1) throw Errors.invalidParameterValue('invalid type modifier');
  const n = typmods[0]!;
  if (n < 1) throw Errors.invalidParameterValue('dimensions for type vector must be at least 1');
  if (n > MAX_VECTOR_DIM) {
    throw Errors.invalidParameterValue(`dimensions for type vector cannot exceed ${MAX_VECTOR_DIM}`);
  }
  return { type: { kalam: KalamDataType.EMBEDDING, oid: PgOid.VECTOR, typmod: n } };
};


const interval: Resolver = (typmods) =>
  ({ type: { kalam: KalamDataType.INTERVAL, oid: PgOid.INTERVAL, typmod: intervalTypmod(typmods) } });

const RESOLVERS: Record<string, Resolver> = {
  bool: noTypmod(KalamDataType.BOOLEAN, PgOid.BOOL),
  boolean: noTypmod(KalamDataType.BOOLEAN, PgOid.BOOL),
  int2: noTypmod(KalamDataType.SMALLINT, PgOid.INT2),
  smallint: noTypmod(KalamDataType.SMALLINT, PgOid.INT2),
  int4: noTypmod(KalamDataType.INT, PgOid.INT4),
  int: noTypmod(KalamDataType.INT, PgOid.INT4),
  integer: noTypmod(KalamDataType.INT, PgOid.INT4),
  int8: noTypmod(KalamDataType.BIGINT, PgOid.INT8),
  bigint: noTypmod(KalamDataType.BIGINT, PgOid.INT8),
  smallserial: serial(KalamDataType.SMALLINT, PgOid.INT2, 'smallserial'),
  serial2: serial(KalamDataType.SMALLINT, PgOid.INT2, 'smallserial'),
  serial: serial(KalamDataType.INT, PgOid.INT4, 'serial'),
  serial4: serial(KalamDataType.INT, PgOid.INT4, 'serial'),
  bigserial: serial(KalamDataType.BIGINT, PgOid.INT8, 'bigserial'),
  serial8: serial(KalamDataType.BIGINT, PgOid.INT8, 'bigserial'),
  float4: noTypmod(KalamDataType.FLOAT, PgOid.FLOAT4),
  real: noTypmod(KalamDataType.FLOAT, PgOid.FLOAT4),
  float8: noTypmod(KalamDataType.DOUBLE, PgOid.FLOAT8),
  double: noTypmod(KalamDataType.DOUBLE, PgOid.FLOAT8),
  'double precision': noTypmod(KalamDataType.DOUBLE, PgOid.FLOAT8),
  float,
  numeric,
  decimal: numeric,
  text: noTypmod(KalamDataType.TEXT, PgOid.TEXT),
  string: noTypmod(KalamDataType.TEXT, PgOid.TEXT),
  varchar: charLike(PgOid.VARCHAR, 'varchar', -1),
  'character varying': charLike(PgOid.VARCHAR, 'varchar', -1),
  bpchar: charLike(PgOid.BPCHAR, 'char', -1),
  character: charLike(PgOid.BPCHAR, 'char', 1),
  name: noTypmod(KalamDataType.TEXT, PgOid.NAME),
  timestamp: timeLike(KalamDataType.TIMESTAMP, PgOid.TIMESTAMP, 'TIMESTAMP'),
  'timestamp without time zone': timeLike(KalamDataType.TIMESTAMP, PgOid.TIMESTAMP, 'TIMESTAMP'),
  timestamptz: timeLike(KalamDataType.DATETIME, PgOid.TIMESTAMPTZ, 'TIMESTAMP'),
  'timestamp with time zone': timeLike(KalamDataType.DATETIME, PgOid.TIMESTAMPTZ, 'TIMESTAMP'),
  datetime: timeLike(KalamDataType.DATETIME, PgOid.TIMESTAMPTZ, 'TIMESTAMP'),
  date: noTypmod(KalamDataType.DATE, PgOid.DATE),
  time: timeLike(KalamDataType.TIME, PgOid.TIME, 'TIME'),
  'time without time zone': timeLike(KalamDataType.TIME, PgOid.TIME, 'TIME'),
  json: noTypmod(KalamDataType.JSON, PgOid.JSON),
  jsonb: noTypmod(KalamDataType.JSON, PgOid.JSONB),
  bytea: noTypmod(KalamDataType.BYTES, PgOid.BYTEA),
  bytes: noTypmod(KalamDataType.BYTES, PgOid.BYTEA),
  uuid: noTypmod(KalamDataType.UUID, PgOid.UUID),
  // Casts only (`NULL::record`); its input function rejects text as PostgreSQL's does (pg-record.ts).
  record: noTypmod(KalamDataType.RECORD, PgOid.RECORD),
  interval,
  vector: vector,
  embedding: vector,
  regtype: noTypmod(KalamDataType.INT, PgOid.REGTYPE),
  // The catalog types. `"char"` reaches us as plain `char` (the grammar turns CHAR into bpchar).
  char: noTypmod(KalamDataType.TEXT, PgOid.CHAR),
  oid: noTypmod(KalamDataType.INT, PgOid.OID),
  regclass: noTypmod(KalamDataType.INT, PgOid.REGCLASS),
  regproc: noTypmod(KalamDataType.INT, PgOid.REGPROC),
  regprocedure: noTypmod(KalamDataType.INT, PgOid.REGPROCEDURE),
  regnamespace: noTypmod(KalamDataType.INT, PgOid.REGNAMESPACE),
  regrole: noTypmod(KalamDataType.INT, PgOid.REGROLE),
  xid: noTypmod(KalamDataType.INT, PgOid.XID),
  int2vector: noTypmod(KalamDataType.ARRAY, PgOid.INT2VECTOR),
  oidvector: noTypmod(KalamDataType.ARRAY, PgOid.OIDVECTOR),
  aclitem: noTypmod(KalamDataType.TEXT, PgOid.ACLITEM),
  pg_node_tree: noTypmod(KalamDataType.TEXT, PgOid.PG_NODE_TREE),
  pg_lsn: noTypmod(KalamDataType.BIGINT, PgOid.PG_LSN),
};

/**
 * Types an expression may have but a table column may not: the OID family holds unsigned 32-bit
 * values that an INT column would store signed, and the rest are catalog-only representations.
 */
const NOT_STORABLE = new Set<number>([PgOid.OID, PgOid.REGCLASS, PgOid.REGPROC, PgOid.REGPROCEDURE,
  PgOid.REGNAMESPACE, PgOid.REGROLE, PgOid.XID, PgOid.INT2VECTOR, PgOid.OIDVECTOR, PgOid.ACLITEM,
  PgOid.PG_NODE_TREE, PgOid.PG_LSN, PgOid.RECORD]);

/** 42704 for a CREATE TABLE / ADD COLUMN type that only casts and catalog columns may have. */
export function checkStorableType(type: ColumnType): void {
  const info = pgTypeInfo(type.oid);
  const base = info !== undefined && info.category === 'A' && info.elemOid !== 0 && pgTypeInfo(info.elemOid)?.arrayOid === type.oid
    ? info.elemOid : type.oid;
  if (NOT_STORABLE.has(base)) {
    const name = formatType(type.oid, -1);
    throw new SqlError('42704', `type "${name}" is not supported for table columns`, { hint: `Supported types: ${SUPPORTED}.` });
  }
}

/** 42P16 for a table or view column of a row type computed by a query (`AS SELECT _pg_expandarray(a)`). */
export function rejectPseudoType(column: string, type: ColumnType): void {
  if (type.kalam === KalamDataType.RECORD) throw new SqlError('42P16', `column "${column}" has pseudo-type record`);
}

/** Schemas a type name may be qualified with (pgvector installs `vector` into public). */
const TYPE_SCHEMAS = new Set(['pg_catalog', 'public']);

/**
 * A type name → its ColumnType: the built-in types by any of their spellings, then the user's
 * enum types through `catalog` (pg_catalog comes first on the search path, so a built-in name
 * always means the built-in type unless qualified with another schema).
 */
export function resolveTypeName(
  names: readonly string[], typmods: readonly number[], isArray: boolean, catalog?: CatalogNames,
): ResolvedType {
  const parts = names.map((n) => n.toLowerCase());
  const shown = parts.join('.');
  if (parts.length === 0 || parts.length > 2) throw unsupportedType(shown);
  const user = userType(names, typmods, isArray, catalog);
  if (user !== undefined) return user;
  if (parts.length === 2 && !TYPE_SCHEMAS.has(parts[0]!)) throw unsupportedType(shown);
  let base = parts[parts.length - 1]!;
  // `_int4` is PostgreSQL's own name for int4[].
  if (!isArray && base.startsWith('_') && hasResolver(base.slice(1))) {
    base = base.slice(1);
    isArray = true;
  }
  const resolve = hasResolver(base) ? RESOLVERS[base] : undefined;
  if (resolve === undefined) throw unsupportedType(isArray ? `${base}[]` : base);
  const resolved = resolve(typmods, base);
  if (!isArray) return resolved;
  if (resolved.serial !== undefined) throw unsupportedType(`${base}[]`);
  const array = arrayTypeOf(resolved.type);
  if (array === null) throw unsupportedType(`${base}[]`);
  return { type: array };
}

/** An enum type (or array of one) the catalog holds under this name, unless a built-in type has it. */
function userType(
  names: readonly string[], typmods: readonly number[], isArray: boolean, catalog: CatalogNames | undefined,
): ResolvedType | undefined {
  const name = names[names.length - 1]!;
  const schema = names.length === 2 ? names[0]! : undefined;
  if (schema === 'pg_catalog' || (schema === undefined && (hasResolver(name) || (name.startsWith('_') && hasResolver(name.slice(1)))))) {
    return undefined;
  }
  const oid = catalog !== undefined ? catalog.userTypeOid(schema, name) : enumTypeOidByName(schema, name);
  if (oid === undefined) return undefined;
  const info = pgTypeInfo(oid);
  if (info === undefined || info.kalam === null) return undefined;
  if (typmods.length > 0) throw Errors.syntax(`type modifier is not allowed for type "${names.join('.')}"`);
  const type: ColumnType = { kalam: info.kalam, oid, typmod: -1 };
  if (!isArray) return { type };
  const array = arrayTypeOf(type);
  if (array === null) throw unsupportedType(`${name}[]`);
  return { type: array };
}

function hasResolver(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(RESOLVERS, name);
}
