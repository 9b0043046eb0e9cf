/**
 * json_agg, jsonb_agg, json_object_agg, jsonb_object_agg. The binder hands them their arguments
 * already as json text (bind-json-call.ts), so a step only places text; SQL NULL values become JSON
 * null, a NULL key is an error, and no input rows give NULL. json keeps PostgreSQL's spacing:
 *
 *   json_agg(x)              → [1, null, 2]          rows: [{"a":1}, \n {"a":2}]
 *   json_object_agg(k, v)    → { "a" : 1, "b" : 2 }
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { formatJsonb, type JsonNode, normalizeObjects, parseJsonb, quoteJsonString } from '../../types/json-text.js';
import { PgOid } from '../../types/pg-oids.js';
import { T } from '../../binder/expr/expr-types.js';
import { RECORD_OID } from '../functions/json-from-value.js';
import type { AggregateDefinition, AggregateFunction } from './aggregate-function.js';

function nullKey(): SqlError {
  return new SqlError('22023', 'field name must not be null');
}

function jsonAgg(rows: boolean): AggregateFunction<string[] | null> {
  return {
    name: 'json_agg', resultType: T.json, strict: false,
    init: () => null,
    step: (s, [v]) => {
      const parts = s ?? [];
      // Rows after the first start on a new line, as PostgreSQL writes them.
      parts.push(v === null ? 'null' : rows && parts.length > 0 ? `\n ${v as string}` : (v as string));
      return parts;
    },
    final: (s) => (s === null ? null : `[${s.join(', ')}]`),
  };
}

const jsonbAgg: AggregateFunction<JsonNode[] | null> = {
  name: 'jsonb_agg', resultType: T.jsonb, strict: false,
  init: () => null,
  step: (s, [v]) => {
    const items = s ?? [];
    items.push(v === null ? { t: 'null' } : parseJsonb(v as string));
    return items;
  },
  final: (s) => (s === null ? null : formatJsonb({ t: 'array', items: s })),
};

const jsonObjectAgg: AggregateFunction<string[] | null> = {
  name: 'json_object_agg', resultType: T.json, strict: false,
  init: () => null,
  step: (s, [k, v]) => {
    if (k === null) throw nullKey();
    const parts = s ?? [];
    parts.push(`${quoteJsonString(k as string)} : ${v === null ? 'null' : (v as string)}`);
    return parts;
  },
  final: (s) => (s === null ? null : `{ ${s.join(', ')} }`),
};

const jsonbObjectAgg: AggregateFunction<Array<readonly [string, JsonNode]> | null> = {
  name: 'jsonb_object_agg', resultType: T.jsonb, strict: false,
  init: () => null,
  step: (s, [k, v]) => {
    if (k === null) throw nullKey();
    const entries = s ?? [];
    entries.push([k as string, v === null ? { t: 'null' } : parseJsonb(v as string)]);
    return entries;
  },
  final: (s) => (s === null ? null : formatJsonb(normalizeObjects({ t: 'object', entries: s }))),
};

const isJsonText = (t: ColumnType) => t.oid === PgOid.JSON || t.oid === PgOid.JSONB || t.oid === RECORD_OID;

export const JSON_AGGREGATES: readonly AggregateDefinition[] = [
  {
    name: 'json_agg',
    resolve: (types) => (types.length === 1 && isJsonText(types[0]!)
      ? { fn: jsonAgg(types[0]!.oid === RECORD_OID), paramTypes: [types[0]!] } : null),
  },
  { name: 'jsonb_agg', resolve: (types) => (types.length === 1 && isJsonText(types[0]!) ? { fn: jsonbAgg, paramTypes: [types[0]!] } : null) },
  {
    name: 'json_object_agg',
    resolve: (types) => (types.length === 2 && isJsonText(types[1]!) ? { fn: jsonObjectAgg, paramTypes: [T.text, types[1]!] } : null),
  },
  {
    name: 'jsonb_object_agg',
    resolve: (types) => (types.length === 2 && isJsonText(types[1]!) ? { fn: jsonbObjectAgg, paramTypes: [T.text, types[1]!] } : null),
  },
];

