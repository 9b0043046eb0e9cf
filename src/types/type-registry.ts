/**
 * The PostgreSQL types the server knows: their pg_type facts (as PostgreSQL 15 has them) and the
 * KalamDataType each user-facing one is stored as. Types with `kalam: null` exist only so the
 * catalogs (pg_type, RowDescription of catalog queries) can describe themselves.
 */
import { Errors } from '../errors/sql-error.js';
import { KalamDataType, type ColumnType } from './kalam-type.js';
import { PgOid } from './pg-oids.js';
import { enumOfArray, enumType, type EnumTypeInfo } from './enum-types.js';

export interface PgTypeInfo {
  readonly oid: number;
  /** pg_type.typname, e.g. 'int4', 'varchar', 'vector'. */
  readonly name: string;
  /** pg_type.typlen: bytes for fixed-size types, -1 varlena, -2 C string. RowDescription's size. */
  readonly len: number;
  readonly kalam: KalamDataType | null;
  /** pg_type.typarray: the OID of the array type over this one, 0 if none. */
  readonly arrayOid: number;
  /** pg_type.typcategory. */
  readonly category: string;
  /** pg_type.typelem: the element type of an array type, 0 otherwise. */
  readonly elemOid: number;
  readonly byVal: boolean;
  /** pg_type.typalign: 'c', 's', 'i' or 'd'. */
  readonly align: string;
  readonly preferred: boolean;
}

type Row = [oid: number, name: string, len: number, kalam: KalamDataType | null, arrayOid: number,
  category: string, byVal: boolean, align: string, preferred?: boolean, elemOid?: number];

/*
 * The OID family (oid, regclass, regtype, …) are unsigned 32-bit numbers kept as KalamDataType.INT;
 * int2vector and oidvector are arrays of int2/oid with lower bound 0 (typelem is the element, so
 * subscripts, ANY and unnest treat them as arrays); "char" is a one-byte string. Arrays over the
 * two vector types would be arrays of arrays, which we do not have: they are listed, not usable.
 */

// Facts copied from PostgreSQL 15's pg_type (vector: pgvector's).
const BASE: readonly Row[] = [
  [PgOid.BOOL, 'bool', 1, KalamDataType.BOOLEAN, PgOid.BOOL_ARRAY, 'B', true, 'c', true],
  [PgOid.BYTEA, 'bytea', -1, KalamDataType.BYTES, PgOid.BYTEA_ARRAY, 'U', false, 'i'],
  [PgOid.CHAR, 'char', 1, KalamDataType.TEXT, PgOid.CHAR_ARRAY, 'Z', true, 'c'],
  [PgOid.NAME, 'name', 64, KalamDataType.TEXT, PgOid.NAME_ARRAY, 'S', false, 'c', false, PgOid.CHAR],
  [PgOid.INT8, 'int8', 8, KalamDataType.BIGINT, PgOid.INT8_ARRAY, 'N', true, 'd'],
  [PgOid.INT2, 'int2', 2, KalamDataType.SMALLINT, PgOid.INT2_ARRAY, 'N', true, 's'],
  [PgOid.INT2VECTOR, 'int2vector', -1, KalamDataType.ARRAY, PgOid.INT2VECTOR_ARRAY, 'A', false, 'i', false, PgOid.INT2],
  [PgOid.INT4, 'int4', 4, KalamDataType.INT, PgOid.INT4_ARRAY, 'N', true, 'i'],
  [PgOid.REGPROC, 'regproc', 4, KalamDataType.INT, PgOid.REGPROC_ARRAY, 'N', true, 'i'],
  [PgOid.TEXT, 'text', -1, KalamDataType.TEXT, PgOid.TEXT_ARRAY, 'S', false, 'i', true],
  [PgOid.OID, 'oid', 4, KalamDataType.INT, PgOid.OID_ARRAY, 'N', true, 'i', true],
  [PgOid.XID, 'xid', 4, KalamDataType.INT, PgOid.XID_ARRAY, 'U', true, 'i'],
  [PgOid.OIDVECTOR, 'oidvector', -1, KalamDataType.ARRAY, PgOid.OIDVECTOR_ARRAY, 'A', false, 'i', false, PgOid.OID],
  [PgOid.PG_NODE_TREE, 'pg_node_tree', -1, KalamDataType.TEXT, 0, 'Z', false, 'i'],
  [PgOid.JSON, 'json', -1, KalamDataType.JSON, PgOid.JSON_ARRAY, 'U', false, 'i'],
  [PgOid.FLOAT4, 'float4', 4, KalamDataType.FLOAT, PgOid.FLOAT4_ARRAY, 'N', true, 'i'],
  [PgOid.FLOAT8, 'float8', 8, KalamDataType.DOUBLE, PgOid.FLOAT8_ARRAY, 'N', true, 'd', true],
  [PgOid.UNKNOWN, 'unknown', -2, KalamDataType.TEXT, 0, 'X', false, 'c'],
  [PgOid.BPCHAR, 'bpchar', -1, KalamDataType.TEXT, PgOid.BPCHAR_ARRAY, 'S', false, 'i'],
  [PgOid.VARCHAR, 'varchar', -1, KalamDataType.TEXT, PgOid.VARCHAR_ARRAY, 'S', false, 'i'],
  [PgOid.DATE, 'date', 4, KalamDataType.DATE, PgOid.DATE_ARRAY, 'D', true, 'i'],
  [PgOid.TIME, 'time', 8, KalamDataType.TIME, PgOid.TIME_ARRAY, 'D', true, 'd'],
  [PgOid.TIMESTAMP, 'timestamp', 8, KalamDataType.TIMESTAMP, PgOid.TIMESTAMP_ARRAY, 'D', true, 'd'],
  [PgOid.TIMESTAMPTZ, 'timestamptz', 8, KalamDataType.DATETIME, PgOid.TIMESTAMPTZ_ARRAY, 'D', true, 'd', true],
  [PgOid.INTERVAL, 'interval', 16, KalamDataType.INTERVAL, PgOid.INTERVAL_ARRAY, 'T', false, 'd', true],
  [PgOid.NUMERIC, 'numeric', -1, KalamDataType.DECIMAL, PgOid.NUMERIC_ARRAY, 'N', false, 'i'],
  [PgOid.ACLITEM, 'aclitem', 12, KalamDataType.TEXT, PgOid.ACLITEM_ARRAY, 'U', false, 'i'],
  [PgOid.REGPROCEDURE, 'regprocedure', 4, KalamDataType.INT, PgOid.REGPROCEDURE_ARRAY, 'N', true, 'i'],
  [PgOid.REGCLASS, 'regclass', 4, KalamDataType.INT, PgOid.REGCLASS_ARRAY, 'N', true, 'i'],
  [PgOid.REGTYPE, 'regtype', 4, KalamDataType.INT, PgOid.REGTYPE_ARRAY, 'N', true, 'i'],
  // anyarray: the declared type of catalog columns holding arrays of any type (pg_stats); output only.
  [PgOid.ANYARRAY, 'anyarray', -1, KalamDataType.ARRAY, 0, 'P', false, 'd'],
  // record: a row value computed by a query (pg-record.ts); never a column's type. Its array type
  // (_record) is not listed: we have no arrays of rows.
  [PgOid.RECORD, 'record', -1, KalamDataType.RECORD, 0, 'P', false, 'd'],
  // void: the type pgjdbc declares a CallableStatement's OUT parameters with (always NULL); a
  // function call drops such arguments (function-arguments.ts), as PostgreSQL's ParseFuncOrColumn does.
  [PgOid.VOID, 'void', 4, KalamDataType.TEXT, 0, 'P', true, 'i'],
  [PgOid.UUID, 'uuid', 16, KalamDataType.UUID, PgOid.UUID_ARRAY, 'U', false, 'c'],
  [PgOid.JSONB, 'jsonb', -1, KalamDataType.JSON, PgOid.JSONB_ARRAY, 'U', false, 'i'],
  [PgOid.PG_LSN, 'pg_lsn', 8, KalamDataType.BIGINT, PgOid.PG_LSN_ARRAY, 'U', true, 'd'],
  [PgOid.REGNAMESPACE, 'regnamespace', 4, KalamDataType.INT, PgOid.REGNAMESPACE_ARRAY, 'N', true, 'i'],
  [PgOid.REGROLE, 'regrole', 4, KalamDataType.INT, PgOid.REGROLE_ARRAY, 'N', true, 'i'],
  [PgOid.VECTOR, 'vector', -1, KalamDataType.EMBEDDING, PgOid.VECTOR_ARRAY, 'U', false, 'i'],
];

function build(): Map<number, PgTypeInfo> {
  const byOid = new Map<number, PgTypeInfo>();
  for (const [oid, name, len, kalam, arrayOid, category, byVal, align, preferred, elemOid] of BASE) {
    byOid.set(oid, Object.freeze({ oid, name, len, kalam, arrayOid, category, elemOid: elemOid ?? 0, byVal, align,
      preferred: preferred ?? false }));
    if (arrayOid !== 0) {
      // Arrays of the types we have are arrays too (KalamDataType.ARRAY); arrays of arrays are not.
      const arrayKalam = kalam === null || oid === PgOid.UNKNOWN || kalam === KalamDataType.ARRAY
        ? null : KalamDataType.ARRAY;
      byOid.set(arrayOid, Object.freeze({ oid: arrayOid, name: `_${name}`, len: -1, kalam: arrayKalam, arrayOid: 0,
        category: 'A', elemOid: oid, byVal: false, align: align === 'd' ? 'd' : 'i', preferred: false }));
    }
  }
  return byOid;
}

const TYPES = build();
const ALL = Object.freeze([...TYPES.values()].sort((a, b) => a.oid - b.oid));

export function pgTypeInfo(oid: number): PgTypeInfo | undefined {
  return TYPES.get(oid) ?? userTypeInfo(oid);
}

/** The facts of a user's enum type and of its array type, as PostgreSQL 15 makes them (DefineEnum). */
const userTypes = new WeakMap<EnumTypeInfo, { type: PgTypeInfo; array: PgTypeInfo }>();

function userTypeInfo(oid: number): PgTypeInfo | undefined {
  const e = enumType(oid) ?? enumOfArray(oid);
  if (e === undefined) return undefined;
  let facts = userTypes.get(e);
  if (facts === undefined) {
    facts = {
      type: Object.freeze({ oid: e.oid, name: e.name, len: 4, kalam: KalamDataType.TEXT, arrayOid: e.arrayOid,
        category: 'E', elemOid: 0, byVal: true, align: 'i', preferred: false }),
      array: Object.freeze({ oid: e.arrayOid, name: `_${e.name}`, len: -1, kalam: KalamDataType.ARRAY, arrayOid: 0,
        category: 'A', elemOid: e.oid, byVal: false, align: 'i', preferred: false }),
    };
    userTypes.set(e, facts);
  }
  return oid === e.oid ? facts.type : facts.array;
}

export function allPgTypes(): readonly PgTypeInfo[] {
  return ALL;
}

/** pg_type.typlen of an OID, what RowDescription's data type size carries (-1 if unknown). */
export function typeSize(oid: number): number {
  return pgTypeInfo(oid)?.len ?? -1;
}

const DEFAULT_OID: Record<KalamDataType, number> = {
  [KalamDataType.BOOLEAN]: PgOid.BOOL,
  [KalamDataType.INT]: PgOid.INT4,
  [KalamDataType.BIGINT]: PgOid.INT8,
  [KalamDataType.DOUBLE]: PgOid.FLOAT8,
  [KalamDataType.FLOAT]: PgOid.FLOAT4,
  [KalamDataType.TEXT]: PgOid.TEXT,
  [KalamDataType.TIMESTAMP]: PgOid.TIMESTAMP,
  [KalamDataType.DATE]: PgOid.DATE,
  [KalamDataType.DATETIME]: PgOid.TIMESTAMPTZ,
  [KalamDataType.TIME]: PgOid.TIME,
  [KalamDataType.JSON]: PgOid.JSONB,
  [KalamDataType.BYTES]: PgOid.BYTEA,
  [KalamDataType.EMBEDDING]: PgOid.VECTOR,
  [KalamDataType.UUID]: PgOid.UUID,
  [KalamDataType.DECIMAL]: PgOid.NUMERIC,
  [KalamDataType.SMALLINT]: PgOid.INT2,
  [KalamDataType.INTERVAL]: PgOid.INTERVAL,
  // An array's OID depends on its element type; text[] only stands in where none is known.
  [KalamDataType.ARRAY]: PgOid.TEXT_ARRAY,
  [KalamDataType.RECORD]: PgOid.RECORD,
};

/** The PostgreSQL type a KalamDataType is shown as when nothing more specific was declared. */
export function defaultOidFor(kalam: KalamDataType): number {
  return DEFAULT_OID[kalam];
}

export function columnType(kalam: KalamDataType, typmod = -1): ColumnType {
  return { kalam, oid: DEFAULT_OID[kalam], typmod };
}

/** The ColumnType of a PostgreSQL OID (a parameter type, a cast target); 42704 if we have no such type. */
export function typeOfOid(oid: number, typmod = -1): ColumnType {
  const info = pgTypeInfo(oid);
  if (info === undefined) throw Errors.undefinedObject(`type with OID ${oid} does not exist`);
  if (info.kalam === null) throw Errors.undefinedObject(`type ${info.name} is not supported`);
  return { kalam: info.kalam, oid, typmod };
}

/** The name of a KalamDataType as KalamDB writes it (DESCRIBE TABLE, system.columns). */
export function kalamTypeName(kalam: KalamDataType): string {
  return KALAM_NAMES[kalam];
}

const KALAM_NAMES: Record<KalamDataType, string> = {
  [KalamDataType.BOOLEAN]: 'BOOLEAN',
  [KalamDataType.INT]: 'INT',
  [KalamDataType.BIGINT]: 'BIGINT',
  [KalamDataType.DOUBLE]: 'DOUBLE',
  [KalamDataType.FLOAT]: 'FLOAT',
  [KalamDataType.TEXT]: 'TEXT',
  [KalamDataType.TIMESTAMP]: 'TIMESTAMP',
  [KalamDataType.DATE]: 'DATE',
  [KalamDataType.DATETIME]: 'DATETIME',
  [KalamDataType.TIME]: 'TIME',
  [KalamDataType.JSON]: 'JSON',
  [KalamDataType.BYTES]: 'BYTES',
  [KalamDataType.EMBEDDING]: 'EMBEDDING',
  [KalamDataType.UUID]: 'UUID',
  [KalamDataType.DECIMAL]: 'DECIMAL',
  [KalamDataType.SMALLINT]: 'SMALLINT',
  [KalamDataType.INTERVAL]: 'INTERVAL',
  [KalamDataType.ARRAY]: 'ARRAY',
  [KalamDataType.RECORD]: 'RECORD',
};
