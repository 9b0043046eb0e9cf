/**
 * SQL values as JSON: PostgreSQL's datum_to_json / datum_to_jsonb. Numbers stay numbers (NaN and
 * the infinities become strings), booleans true/false, dates and timestamps ISO 8601 with a `T`
 * (timestamptz in the session TimeZone, offset always ±HH:MM), json is embedded as written, jsonb
 * as its text, and everything else is its text output as a JSON string.
 *
 *   to_json(1.50)                          → 1.50
 *   to_json(timestamp '2024-03-15 13:45')  → "2024-03-15T13:45:00"
 *   to_json('he said "hi"'::text)          → "he said \"hi\""
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { type JsonNode, parseJsonb, quoteJsonString } from '../../types/json-text.js';
import { formatDec, parseDec } from '../../types/numeric-value.js';
import { PgOid } from '../../types/pg-oids.js';
import { formatText } from '../../types/text-codec.js';
import { formatDate, formatOffset, formatTimestamp } from '../../types/datetime-format.js';
import { TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY } from '../../types/calendar.js';
import { offsetAtMicros, timeZone } from '../../types/time-zone.js';
import type { TypeContext } from '../../types/type-context.js';
import { arrayElementType } from '../../types/array-type.js';
import type { PgArray } from '../../types/pg-array.js';

/** pg_type's `record`: what whole-row references and ROW(…) are; their value is the row's json text. */
export const RECORD_OID = 2249;
export const RECORD_TYPE: ColumnType = Object.freeze({ kalam: KalamDataType.JSON, oid: RECORD_OID, typmod: -1 });

/** How datum_to_json files a type (its JsonTypeCategory). */
export type JsonCategory = 'null' | 'bool' | 'numeric' | 'date' | 'timestamp' | 'timestamptz' | 'json' | 'jsonb'
  | 'composite' | 'array' | 'other';

export function jsonCategory(type: ColumnType): JsonCategory {
  if (type.oid === RECORD_OID) return 'composite';
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return 'bool';
    case KalamDataType.SMALLINT: case KalamDataType.INT: case KalamDataType.BIGINT:
    case KalamDataType.FLOAT: case KalamDataType.DOUBLE: case KalamDataType.DECIMAL: return 'numeric';
    case KalamDataType.DATE: return 'date';
    case KalamDataType.TIMESTAMP: return 'timestamp';
    case KalamDataType.DATETIME: return 'timestamptz';
    case KalamDataType.JSON: return type.oid === PgOid.JSON ? 'json' : 'jsonb';
    case KalamDataType.ARRAY: return 'array';
    default: return 'other';
  }
}

const NON_FINITE = /^(NaN|-?Infinity)$/;

function timestampXsd(us: bigint, offsetSeconds: number | null): string {
  if (us === TIMESTAMP_INFINITY || us === TIMESTAMP_NEG_INFINITY) return formatTimestamp(us);
  const local = offsetSeconds === null ? us : us + BigInt(offsetSeconds) * 1_000_000n;
  const text = formatTimestamp(local);
  const bc = text.endsWith(' BC');
  let out = (bc ? text.slice(0, -3) : text).replace(' ', 'T');
  if (offsetSeconds !== null) {
    const o = formatOffset(offsetSeconds);
    out += o.length === 3 ? `${o}:00` : o;
  }
  return bc ? `${out} BC` : out;
}

/** The contents of the JSON string a date, timestamp or other value becomes. */
function scalarString(v: Exclude<Value, null>, type: ColumnType, ctx: TypeContext, category: JsonCategory): string {
  switch (category) {
    case 'date': return formatDate(v as number);
    case 'timestamp': return timestampXsd(v as bigint, null);
    case 'timestamptz': {
      const us = v as bigint;
      const offset = us === TIMESTAMP_INFINITY || us === TIMESTAMP_NEG_INFINITY ? 0 : offsetAtMicros(timeZone(ctx.timeZone), us);
      return timestampXsd(us, offset);
    }
    default: return formatText(v, type, ctx);
  }
}

/** The JSON scalar text of a non-composite, non-json value (what datum_to_json appends). */
function scalarJson(v: Exclude<Value, null>, type: ColumnType, ctx: TypeContext, category: JsonCategory): string {
  if (category === 'bool') return v ? 'true' : 'false';
  if (category === 'numeric') {
    const text = formatText(v, type, ctx);
    return NON_FINITE.test(text) ? quoteJsonString(text) : text;
  }
  return quoteJsonString(scalarString(v, type, ctx, category));
}

/**
 * An array's elements nested by dimension (array_to_json): `{{1,2},{3,4}}` → [[1,2],[3,4]];
 * `leaf` converts one element, `join` builds one level from its parts.
 */
function nestArray<T>(a: PgArray, leaf: (v: Value) => T, join: (parts: T[]) => T): T {
  let next = 0;
  const level = (d: number): T => {
    const parts: T[] = [];
    for (let i = 0; i < a.dims[d]!; i++) parts.push(d + 1 === a.dims.length ? leaf(a.items[next++]!) : level(d + 1));
    return join(parts);
  };
  return a.dims.length === 0 ? join([]) : level(0);
}

/** to_json: the value as json text (json and records embedded as they are). */
export function valueToJson(v: Value, type: ColumnType, ctx: TypeContext): string {
  if (v === null) return 'null';
  const category = jsonCategory(type);
  if (category === 'array') {
    const elem = arrayElementType(type);
    return nestArray(v as PgArray, (x) => valueToJson(x, elem, ctx), (parts) => `[${parts.join(',')}]`);
  }
  if (category === 'json' || category === 'jsonb' || category === 'composite') return v as string;
  return scalarJson(v, type, ctx, category);
}

/** to_jsonb: the value as a jsonb tree (numbers in jsonb's numeric form). */
export function valueToJsonbNode(v: Value, type: ColumnType, ctx: TypeContext): JsonNode {
  if (v === null) return { t: 'null' };
  const category = jsonCategory(type);
  switch (category) {
    case 'array': {
      const elem = arrayElementType(type);
      return nestArray<JsonNode>(v as PgArray, (x) => valueToJsonbNode(x, elem, ctx), (items) => ({ t: 'array', items }));
    }
    case 'json': case 'jsonb': case 'composite': return parseJsonb(v as string);
    case 'bool': return { t: 'boolean', v: v as boolean };
    case 'numeric': {
      const text = formatText(v, type, ctx);
      return NON_FINITE.test(text) ? { t: 'string', v: text } : { t: 'number', v: formatDec(parseDec(text)) };
    }
    default: return { t: 'string', v: scalarString(v, type, ctx, category) };
  }
}

/**
 * An object key from a value (json_build_object's keys): its text, which must exist and be a
 * scalar. `argument` is the 1-based position used in the messages.
 */
export function objectKey(v: Value, type: ColumnType, ctx: TypeContext, argument: number, jsonb: boolean): string {
  if (v === null) {
    throw jsonb
      ? new SqlError('22023', `argument ${argument}: key must not be null`)
      : new SqlError('22023', `argument ${argument} cannot be null`, { hint: 'Object keys should be text.' });
  }
  const category = jsonCategory(type);
  if (category === 'json' || category === 'jsonb' || category === 'composite') {
    throw new SqlError('22023', 'key value must be scalar, not array, composite, or json');
  }
  if (category === 'bool') return v ? 'true' : 'false';
  if (category === 'numeric') return formatText(v, type, ctx);
  return scalarString(v, type, ctx, category);
}
