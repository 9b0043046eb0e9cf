/**
 * Explicit casts (`x::type`, CAST) between our types with PostgreSQL's semantics: integer
 * range checks (22003), float → integer rounding half to even (rint) but numeric → integer
 * half away from zero, float → numeric keeping 15 (float4: 6) significant digits, timestamps
 * moved through the session TimeZone, and every type to and from text through its I/O functions.
 * Pairs PostgreSQL has no cast for fail with 42846.
 */
import { ARRAYS_TO_VECTOR, arrayToVector, vectorToFloat4Array } from './vector-array-cast.js';
import { Errors, SqlError } from '../errors/sql-error.js';
import { applyTypmod } from './apply-typmod.js';
import {
  DATE_INFINITY, DATE_NEG_INFINITY, END_TIMESTAMP_US, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY, US_PER_DAY,
  floorDiv, isFiniteDate, isFiniteTimestamp,
} from './calendar.js';
import { arrayElementType } from './array-type.js';
import { castCatalogValue } from './catalog-type-cast.js';
import { formatType } from './format-type.js';
import { type JsonNode, formatJsonb, parseJsonb } from './json-text.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { numericFromNumber, numericToInteger, numericToNumber } from './numeric.js';
import type { PgArray } from './pg-array.js';
import { PgOid } from './pg-oids.js';
import { Interval } from './interval.js';
import { formatText, parseText } from './text-codec.js';
import { localToUtcMicros, offsetAtMicros, timeZone } from './time-zone.js';
import type { TypeContext } from './type-context.js';
import { isEnumOid } from './enum-types.js';

export { canImplicitCast, canImplicitCastOid, commonSupertype } from './implicit-cast.js';

const K = {
  BOOLEAN: KalamDataType.BOOLEAN, SMALLINT: KalamDataType.SMALLINT, INT: KalamDataType.INT,
  BIGINT: KalamDataType.BIGINT, FLOAT: KalamDataType.FLOAT, DOUBLE: KalamDataType.DOUBLE,
  DECIMAL: KalamDataType.DECIMAL, TEXT: KalamDataType.TEXT, JSON: KalamDataType.JSON,
  DATE: KalamDataType.DATE, TIME: KalamDataType.TIME, TIMESTAMP: KalamDataType.TIMESTAMP,
  DATETIME: KalamDataType.DATETIME,
} as const;

const INTEGER_NAMES = { [K.SMALLINT]: 'smallint', [K.INT]: 'integer', [K.BIGINT]: 'bigint' } as const;
const INTEGER_RANGES = {
  [K.SMALLINT]: [-32768, 32767], [K.INT]: [-2147483648, 2147483647],
  [K.BIGINT]: [-9223372036854775808, 9223372036854775807],
} as const;
type IntegerKalam = keyof typeof INTEGER_NAMES;

function isInteger(k: KalamDataType): k is IntegerKalam {
  return k === K.SMALLINT || k === K.INT || k === K.BIGINT;
}

function isNumeric(k: KalamDataType): boolean {
  return isInteger(k) || k === K.FLOAT || k === K.DOUBLE || k === K.DECIMAL;
}

function integerValue(n: bigint, to: IntegerKalam): number | bigint {
  const [lo, hi] = INTEGER_RANGES[to];
  if (to !== K.BIGINT && (n < BigInt(lo) || n > BigInt(hi))) {
    throw Errors.numericOutOfRange(`${INTEGER_NAMES[to]} out of range`);
  }
  return to === K.BIGINT ? n : Number(n);
}

/** rint(): round half to even, what float → integer casts use. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function floatToInteger(x: number, to: IntegerKalam): number | bigint {
  const r = roundHalfEven(x);
  const [lo, hi] = INTEGER_RANGES[to];
  // For bigint the upper bound 2^63 is not representable below itself: exclude it exactly.
  if (Number.isNaN(r) || r < lo || (to === K.BIGINT ? r >= 9223372036854775807 : r > hi)) {
    throw Errors.numericOutOfRange(`${INTEGER_NAMES[to]} out of range`);
  }
  return to === K.BIGINT ? BigInt(r) : r;
}

function toFloat4(x: number): number {
  const f = Math.fround(x);
  if (Number.isFinite(x) && !Number.isFinite(f)) throw Errors.numericOutOfRange('value out of range: overflow');
  if (x !== 0 && f === 0) throw Errors.numericOutOfRange('value out of range: underflow');
  return f;
}

function castNumeric(v: Exclude<Value, null>, from: KalamDataType, to: ColumnType): Value {
  const target = to.kalam;
  if (isInteger(from)) {
    const n = BigInt(v as number | bigint);
    if (isInteger(target)) return integerValue(n, target);
    if (target === K.FLOAT) return Math.fround(Number(n));
    if (target === K.DOUBLE) return Number(n);
    return applyTypmod(n.toString(), to, true);
  }
  if (from === K.FLOAT || from === K.DOUBLE) {
    const x = v as number;
    if (isInteger(target)) return floatToInteger(x, target);
    if (target === K.FLOAT) return toFloat4(x);
    if (target === K.DOUBLE) return x;
    return applyTypmod(numericFromNumber(x, from === K.FLOAT ? 6 : 15), to, true);
  }
  const text = v as string;
  if (isInteger(target)) return integerValue(numericToInteger(text, INTEGER_NAMES[target]), target);
  if (target === K.FLOAT) {
    const f = Math.fround(numericToNumber(text));
    if (Math.abs(f) === Infinity && !/inf/i.test(text)) {
      throw Errors.numericOutOfRange(`"${text}" is out of range for type real`);
    }
    return f;
  }
  if (target === K.DOUBLE) {
    const x = numericToNumber(text);
    if (Math.abs(x) === Infinity && !/inf/i.test(text)) throw Errors.numericOutOfRange(`"${text}" is out of range for type double precision`);
    return x;
  }
  return applyTypmod(text, to, true);
}

function localOf(us: bigint, ctx: TypeContext): bigint {
  return us + BigInt(offsetAtMicros(timeZone(ctx.timeZone), us)) * 1_000_000n;
}

function timestampToDate(localUs: bigint): number {
  if (localUs === TIMESTAMP_INFINITY) return DATE_INFINITY;
  if (localUs === TIMESTAMP_NEG_INFINITY) return DATE_NEG_INFINITY;
  return Number(floorDiv(localUs, US_PER_DAY));
}

function dateToLocal(days: number): bigint {
  if (days === DATE_INFINITY) return TIMESTAMP_INFINITY;
  if (days === DATE_NEG_INFINITY) return TIMESTAMP_NEG_INFINITY;
  const us = BigInt(days) * US_PER_DAY;
  if (us >= END_TIMESTAMP_US) throw Errors.datetimeOverflow('date out of range for timestamp');
  return us;
}

function castDatetime(v: Exclude<Value, null>, from: KalamDataType, to: ColumnType, ctx: TypeContext): Value | undefined {
  const target = to.kalam;
  let local: bigint;
  if (from === K.DATE) {
    if (target === K.TIME) return undefined;
    local = dateToLocal(v as number);
    if (target === K.DATETIME && isFiniteDate(v as number)) return localToUtcMicros(timeZone(ctx.timeZone), local);
  } else if (from === K.TIMESTAMP) {
    local = v as bigint;
    if (target === K.DATETIME) {
      return isFiniteTimestamp(local) ? applyTypmod(localToUtcMicros(timeZone(ctx.timeZone), local), to) : local;
    }
  } else if (from === K.DATETIME) {
    local = isFiniteTimestamp(v as bigint) ? localOf(v as bigint, ctx) : (v as bigint);
  } else return undefined;
  switch (target) {
    case K.DATE: return timestampToDate(local);
    case K.TIMESTAMP: return applyTypmod(local, to);
    case K.DATETIME: return applyTypmod(local, to);
    case K.TIME:
      if (!isFiniteTimestamp(local)) throw Errors.datetimeOverflow('timestamp out of range');
      return applyTypmod(local - floorDiv(local, US_PER_DAY) * US_PER_DAY, to);
    default: return undefined;
  }
}

const JSON_KINDS: Record<JsonNode['t'], string> = {
  object: 'object', array: 'array', string: 'string', number: 'numeric', boolean: 'boolean', null: 'null',
};

/** jsonb → bool / numbers: only a scalar of the matching kind converts. */
function castJsonbScalar(text: string, to: ColumnType, ctx: TypeContext): Value {
  const node = parseJsonb(text);
  const wantBool = to.kalam === K.BOOLEAN;
  if ((wantBool && node.t !== 'boolean') || (!wantBool && node.t !== 'number')) {
    throw Errors.invalidParameterValue(`cannot cast jsonb ${JSON_KINDS[node.t]} to type ${formatType(to.oid, -1)}`);
  }
  if (node.t === 'boolean') return node.v;
  return castValue(formatJsonb(node), { kalam: K.DECIMAL, oid: PgOid.NUMERIC, typmod: -1 }, to, ctx);
}

function cannotCast(from: ColumnType, to: ColumnType): SqlError {
  return Errors.cannotCoerce(`cannot cast type ${formatType(from.oid, -1)} to ${formatType(to.oid, -1)}`);
}

function castWithinKind(v: Exclude<Value, null>, from: ColumnType, to: ColumnType): Value {
  if (from.kalam === K.TEXT && from.oid === PgOid.BPCHAR && to.oid !== PgOid.BPCHAR) {
    // char(n) → text/varchar/name drops the padding (rtrim1).
    return applyTypmod((v as string).replace(/ +$/, ''), to, true);
  }
  return applyTypmod(v, to, true);
}

/** Array to array element by element (int4[] → text[]); arrays to and from text by their I/O. */
function castArray(v: Exclude<Value, null>, from: ColumnType, to: ColumnType, ctx: TypeContext): Value {
  if (to.oid === PgOid.VECTOR && ARRAYS_TO_VECTOR.includes(from.oid)) return arrayToVector(v, to);
  if (from.oid === PgOid.VECTOR && to.oid === PgOid.FLOAT4_ARRAY) return vectorToFloat4Array(v);
  if (from.kalam === KalamDataType.ARRAY && to.kalam === KalamDataType.ARRAY) {
    if (from.oid === to.oid) return applyTypmod(v, to, true);
    const fe = arrayElementType(from);
    const te = arrayElementType(to);
    const a = v as PgArray;
    return a.withItems(a.items.map((e) => castValue(e, fe, te, ctx)), te.kalam);
  }
  if (to.kalam === K.TEXT) {
    return castWithinKind(formatText(v, from, ctx), { kalam: K.TEXT, oid: PgOid.TEXT, typmod: -1 }, to);
  }
  if (from.kalam === K.TEXT) return parseText(v as string, to, ctx);
  throw cannotCast(from, to);
}

/**
 * castValue for the number widenings every mixed-type comparison and arithmetic makes, as one
 * direct function (null for other casts), so a compiled coercion skips the general dispatch.
 * Exact as PostgreSQL's: int4 → int8 and → float8 are exact; int8 → float8 rounds to nearest, as
 * C's conversion does; a float4 is a float8 already.
 */
export function numberWidening(from: ColumnType, to: ColumnType): ((v: Value) => Value) | null {
  if (to.typmod >= 0) return null;
  const small = from.oid === PgOid.INT4 || from.oid === PgOid.INT2;
  if (small && to.oid === PgOid.INT8) return (v) => BigInt(v as number);
  if (small && to.oid === PgOid.FLOAT8) return (v) => v;
  if (from.oid === PgOid.INT8 && to.oid === PgOid.FLOAT8) return (v) => Number(v as bigint);
  if (from.oid === PgOid.FLOAT4 && to.oid === PgOid.FLOAT8) return (v) => v;
  return null;
}

/** `CAST(v AS to)` with PostgreSQL's explicit-cast semantics. */
export function castValue(v: Value, from: ColumnType, to: ColumnType, ctx: TypeContext): Value {
  if (v === null) return null;
  if (from.kalam === KalamDataType.ARRAY || to.kalam === KalamDataType.ARRAY) return castArray(v, from, to, ctx);
  // text → enum is enum_in, which checks the label (enum → text is the label as it is).
  if (from.oid !== to.oid && isEnumOid(to.oid)) return parseText(v as string, to, ctx);
  if (from.oid !== to.oid && (CATALOG_KALAMS.has(from.kalam) || CATALOG_KALAMS.has(to.kalam))) {
    const catalog = castCatalogValue(v, from, to, (x, t) => formatText(x, t, ctx), (x, t) => castText(x, t, ctx));
    if (catalog !== undefined) return catalog;
  }
  if (from.kalam === to.kalam && from.oid !== PgOid.UNKNOWN) {
    if (from.oid === PgOid.JSON && to.oid === PgOid.JSONB) return parseText(v as string, to, ctx);
    return castWithinKind(v, from, to);
  }
  if (to.kalam === K.TEXT) {
    const text = from.kalam === K.BOOLEAN ? (v ? 'true' : 'false') : formatText(v, from, ctx);
    return castWithinKind(text, { kalam: K.TEXT, oid: PgOid.TEXT, typmod: -1 }, to);
  }
  if (from.kalam === K.TEXT) return parseText(v as string, to, ctx);
  if (isNumeric(from.kalam) && isNumeric(to.kalam)) return castNumeric(v, from.kalam, to);
  if (from.kalam === K.BOOLEAN && to.kalam === K.INT) return v ? 1 : 0;
  if (from.kalam === K.INT && to.kalam === K.BOOLEAN) return v !== 0;
  if (from.oid === PgOid.JSONB && (to.kalam === K.BOOLEAN || isNumeric(to.kalam))) {
    return castJsonbScalar(v as string, to, ctx);
  }
  if (from.kalam === KalamDataType.TIME && to.kalam === KalamDataType.INTERVAL) {
    return applyTypmod(new Interval(0, 0, v as bigint), to);
  }
  if (from.kalam === KalamDataType.INTERVAL && to.kalam === KalamDataType.TIME) {
    // interval_time: the time part modulo a day, made positive.
    let us = (v as Interval).micros % US_PER_DAY;
    if (us < 0n) us += US_PER_DAY;
    return applyTypmod(us, to);
  }
  const dt = castDatetime(v, from.kalam, to, ctx);
  if (dt !== undefined) return dt;
  throw cannotCast(from, to);
}

/** The KalamDataTypes catalog types are kept as (oid/reg* INT, "char" TEXT): only these look further. */
const CATALOG_KALAMS = new Set<KalamDataType>([K.INT, K.TEXT]);

/** Text (of a catalog type's output) to any type, as castValue would convert a text value. */
function castText(text: string, to: ColumnType, ctx: TypeContext): Value {
  return castValue(text, { kalam: K.TEXT, oid: PgOid.TEXT, typmod: -1 }, to, ctx);
}

/** Whether `CAST(x AS to)` exists for a value of `from` (what castValue accepts). */
export function canExplicitCast(from: ColumnType, to: ColumnType): boolean {
  if (isEnumOid(from.oid) || isEnumOid(to.oid)) {
    // An enum converts only to and from the string types (I/O conversion casts), never to another enum.
    if (from.oid === to.oid) return true;
    const other = isEnumOid(from.oid) ? to : from;
    return other.kalam === K.TEXT && !isEnumOid(other.oid);
  }
  if (from.kalam === KalamDataType.ARRAY && to.kalam === KalamDataType.ARRAY) {
    return canExplicitCast(arrayElementType(from), arrayElementType(to));
  }
  if (from.kalam === KalamDataType.ARRAY || to.kalam === KalamDataType.ARRAY) {
    if (to.oid === PgOid.VECTOR) return ARRAYS_TO_VECTOR.includes(from.oid);
    if (from.oid === PgOid.VECTOR) return to.oid === PgOid.FLOAT4_ARRAY;
    return from.kalam === K.TEXT || to.kalam === K.TEXT;
  }
  if (from.kalam === to.kalam || to.kalam === K.TEXT || from.kalam === K.TEXT) return true;
  if (isNumeric(from.kalam) && isNumeric(to.kalam)) return true;
  if ((from.kalam === K.BOOLEAN && to.kalam === K.INT) || (from.kalam === K.INT && to.kalam === K.BOOLEAN)) return true;
  if (from.oid === PgOid.JSONB && (to.kalam === K.BOOLEAN || isNumeric(to.kalam))) return true;
  const clock = (a: KalamDataType, b: KalamDataType) => from.kalam === a && to.kalam === b;
  if (clock(K.TIME, KalamDataType.INTERVAL) || clock(KalamDataType.INTERVAL, K.TIME)) return true;
  const dates: KalamDataType[] = [K.DATE, K.TIMESTAMP, K.DATETIME];
  return dates.includes(from.kalam) && (dates.includes(to.kalam) || (to.kalam === K.TIME && from.kalam !== K.DATE));
}
