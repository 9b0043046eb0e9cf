/**
 * Text format of every type: PostgreSQL's input functions (with their SQLSTATEs and messages)
 * and output functions, byte for byte, because clients and ORMs parse what we print.
 * parseText applies the column's typmod the way an INSERT's assignment coercion does.
 */
import { Errors } from '../errors/sql-error.js';
import { applyTypmod } from './apply-typmod.js';
import { formatArrayText, parseArrayText } from './array-text.js';
import { arrayElementType } from './array-type.js';
import { parseBytea, formatBytea } from './bytea-text.js';
import { formatDate, formatTime, formatTimestamp, formatTimestamptz } from './datetime-format.js';
import { parseDate, parseTime, parseTimestamp, parseTimestamptz } from './datetime-parse.js';
import { formatFloat4, formatFloat8, parseFloat4, parseFloat8 } from './float-format.js';
import { normalizeJsonb, validateJson } from './json-text.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { formatDec, parseDec } from './numeric-value.js';
import type { Interval } from './interval.js';
import { formatInterval, parseInterval } from './interval-text.js';
import type { PgArray } from './pg-array.js';
import { PgOid } from './pg-oids.js';
import { timeZone } from './time-zone.js';
import { columnType } from './type-registry.js';
import type { TypeContext } from './type-context.js';
import { parseUuid } from './uuid-text.js';
import { formatRecordText, recordInputNotSupported, type PgRecord } from './pg-record.js';
import { catalogTextForm } from './catalog-type-text.js';
import { formatVector, parseVector } from './vector-text.js';
import { enumIn, FIRST_USER_OID, isEnumOid } from './enum-types.js';

export { applyTypmod } from './apply-typmod.js';

const BOOL_WORDS: ReadonlyArray<readonly [string, boolean, number]> = [
  // word, value, shortest accepted prefix
  ['true', true, 1], ['false', false, 1], ['yes', true, 1], ['no', false, 1], ['on', true, 2], ['off', false, 2],
];

export function parseBool(text: string): boolean {
  const s = text.trim().toLowerCase();
  if (s === '1') return true;
  if (s === '0') return false;
  for (const [word, value, min] of BOOL_WORDS) {
    if (s.length >= min && word.startsWith(s)) return value;
  }
  throw Errors.invalidTextRepresentation(`invalid input syntax for type boolean: "${text}"`);
}

const INT_TYPES = {
  [KalamDataType.SMALLINT]: { name: 'smallint', min: -32768n, max: 32767n },
  [KalamDataType.INT]: { name: 'integer', min: -2147483648n, max: 2147483647n },
  [KalamDataType.BIGINT]: { name: 'bigint', min: -9223372036854775808n, max: 9223372036854775807n },
} as const;

const INT_RE = /^\s*[+-]?\d+\s*$/;

export function parseInteger(text: string, kalam: KalamDataType.SMALLINT | KalamDataType.INT | KalamDataType.BIGINT): bigint {
  const t = INT_TYPES[kalam];
  if (!INT_RE.test(text)) throw Errors.invalidTextRepresentation(`invalid input syntax for type ${t.name}: "${text}"`);
  const v = BigInt(text.trim());
  if (v < t.min || v > t.max) throw Errors.numericOutOfRange(`value "${text}" is out of range for type ${t.name}`);
  return v;
}

function checkNoNul(text: string): string {
  if (text.includes('\0')) throw Errors.characterNotInRepertoire('invalid byte sequence for encoding "UTF8": 0x00');
  return text;
}

/** The usual OID of each KalamDataType that catalog types share; any other OID may have its own form. */
function plainOid(type: ColumnType): boolean {
  switch (type.kalam) {
    case KalamDataType.INT: return type.oid === PgOid.INT4;
    case KalamDataType.BIGINT: return type.oid === PgOid.INT8;
    case KalamDataType.TEXT: return type.oid !== PgOid.CHAR && type.oid !== PgOid.PG_NODE_TREE;
    case KalamDataType.ARRAY: return type.oid !== PgOid.INT2VECTOR && type.oid !== PgOid.OIDVECTOR && type.oid !== PgOid.ANYARRAY;
    default: return true;
  }
}

/**
 * Whether parseText reads this type with no catalog at hand (ctx.catalog): built-in types other
 * than the reg* names and records — what a worker thread, which has no catalog, may parse.
 */
export function readsWithoutCatalog(type: ColumnType): boolean {
  if (type.oid >= FIRST_USER_OID || type.kalam === KalamDataType.RECORD) return false;
  if (!plainOid(type) && catalogTextForm(type.oid) !== undefined) return false;
  if (type.kalam === KalamDataType.ARRAY) return plainOid(type) && readsWithoutCatalog(arrayElementType(type));
  return true;
}

function parseUnmodified(text: string, type: ColumnType, ctx: TypeContext): Exclude<Value, null> {
  if (!plainOid(type)) {
    const form = catalogTextForm(type.oid);
    if (form !== undefined) return form.parse(text, ctx);
    if (type.oid === PgOid.ANYARRAY) throw Errors.featureNotSupported('cannot accept a value of type anyarray');
  }
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return parseBool(text);
    case KalamDataType.SMALLINT: return Number(parseInteger(text, type.kalam));
    case KalamDataType.INT: return Number(parseInteger(text, type.kalam));
    case KalamDataType.BIGINT: return parseInteger(text, type.kalam);
    case KalamDataType.FLOAT: return parseFloat4(text);
    case KalamDataType.DOUBLE: return parseFloat8(text);
    case KalamDataType.DECIMAL: return formatDec(parseDec(text));
    // Built-in OIDs are below 16384: only a user's type (an enum) needs the registry's look-up.
    case KalamDataType.TEXT: return type.oid >= FIRST_USER_OID && isEnumOid(type.oid) ? enumIn(text, type.oid, ctx.catalog) : checkNoNul(text);
    case KalamDataType.JSON: return type.oid === PgOid.JSON ? validateJson(checkNoNul(text)) : normalizeJsonb(text);
    case KalamDataType.BYTES: return parseBytea(text);
    case KalamDataType.UUID: return parseUuid(text);
    case KalamDataType.EMBEDDING: return parseVector(text, type.typmod);
    case KalamDataType.DATE: return parseDate(text, ctx);
    case KalamDataType.TIME: return parseTime(text, ctx);
    case KalamDataType.TIMESTAMP: return parseTimestamp(text, ctx);
    case KalamDataType.DATETIME: return parseTimestamptz(text, ctx);
    case KalamDataType.INTERVAL: return parseInterval(text, type.typmod);
    case KalamDataType.ARRAY: {
      // Elements are parsed without the typmod; parseText applies it to the whole array.
      const elem = { ...arrayElementType(type), typmod: -1 };
      return parseArrayText(text, elem.kalam, (s) => parseUnmodified(s, elem, ctx));
    }
    case KalamDataType.RECORD: return recordInputNotSupported();
  }
}

/** The type's input function, then its typmod (assignment semantics: too long → 22001). */
export function parseText(text: string, type: ColumnType, ctx: TypeContext): Value {
  const v = parseUnmodified(text, type, ctx);
  return type.typmod < 0 && type.oid !== PgOid.NAME ? v : applyTypmod(v, type);
}

/** The type's output function. */
export function formatText(v: Exclude<Value, null>, type: ColumnType, ctx: TypeContext): string {
  if (!plainOid(type)) {
    const form = catalogTextForm(type.oid);
    if (form !== undefined) return form.format(v, ctx);
  }
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return v ? 't' : 'f';
    case KalamDataType.INT: return String(v);
    case KalamDataType.SMALLINT:
    case KalamDataType.BIGINT: return String(v);
    case KalamDataType.FLOAT: return formatFloat4(Math.fround(v as number), ctx.extraFloatDigits ?? 1);
    case KalamDataType.DOUBLE: return formatFloat8(v as number, ctx.extraFloatDigits ?? 1);
    case KalamDataType.DECIMAL:
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.UUID: return v as string;
    case KalamDataType.BYTES: return formatBytea(v as Uint8Array);
    case KalamDataType.EMBEDDING: return formatVector(v as Float32Array);
    case KalamDataType.DATE: return formatDate(v as number);
    case KalamDataType.TIME: return formatTime(v as bigint);
    case KalamDataType.TIMESTAMP: return formatTimestamp(v as bigint);
    case KalamDataType.DATETIME: return formatTimestamptz(v as bigint, timeZone(ctx.timeZone));
    case KalamDataType.INTERVAL: return formatInterval(v as Interval, ctx.intervalStyle);
    case KalamDataType.ARRAY: {
      // anyarray (a catalog column of arrays of any type) prints by the type the value carries.
      const elem = type.oid === PgOid.ANYARRAY ? columnType((v as PgArray).elemKalam) : arrayElementType(type);
      return formatArrayText(v as PgArray, (e) => formatText(e, elem, ctx));
    }
    case KalamDataType.RECORD: return formatRecordText(v as PgRecord, type, (e, t) => formatText(e, t, ctx));
  }
}
