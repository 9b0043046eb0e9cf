/**
 * Making json and jsonb from SQL values: to_json/to_jsonb, row_to_json, json(b)_build_object,
 * json(b)_build_array, json(b)_object over text[] — each in PostgreSQL's exact text shape, which
 * differs per function for json (jsonb is always normalised):
 *
 *   json_build_object('b', 1, 'a', 'x')   → {"b" : 1, "a" : "x"}
 *   json_build_array(1, 'x')               → [1, "x"]
 *   row_to_json(row(1, 'x'))               → {"f1":1,"f2":"x"}
 *   jsonb_build_object('b', 1, 'a', 'x')  → {"a": "x", "b": 1}
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { formatJsonb, type JsonNode, normalizeObjects, parseJson, quoteJsonString } from '../../types/json-text.js';
import { readTextArray } from '../../types/text-array-literal.js';
import type { TypeContext } from '../../types/type-context.js';
import { T } from '../../binder/expr/expr-types.js';
import { registerFunction, type FunctionOverload } from './function-registry.js';
import { TEXT_ARRAY } from './json-functions.js';
import { objectKey, RECORD_TYPE, valueToJson, valueToJsonbNode } from './json-from-value.js';

type Impl = (args: readonly Value[], ctx: { readonly typeCtx: TypeContext }) => Value;

function variadicAny(result: ColumnType, build: (types: readonly ColumnType[]) => Impl): FunctionOverload {
  // Stable: timestamptz arguments print in the session TimeZone.
  return { params: [], variadic: 'any', result, volatility: 'stable', strict: false, build };
}

function checkPairs(name: string, n: number): void {
  if (n % 2 !== 0) {
    throw new SqlError('22023', 'argument list must have even number of elements',
      { hint: `The arguments of ${name}() must consist of alternating keys and values.` });
  }
}

registerFunction('json_build_object', variadicAny(T.json, (types) => {
  checkPairs('json_build_object', types.length);
  return (args, ctx) => {
    const parts: string[] = [];
    for (let i = 0; i < args.length; i += 2) {
      const key = objectKey(args[i]!, types[i]!, ctx.typeCtx, i + 1, false);
      parts.push(`${quoteJsonString(key)} : ${valueToJson(args[i + 1]!, types[i + 1]!, ctx.typeCtx)}`);
    }
    return `{${parts.join(', ')}}`;
  };
}));

registerFunction('jsonb_build_object', variadicAny(T.jsonb, (types) => {
  checkPairs('jsonb_build_object', types.length);
  return (args, ctx) => {
    const entries: Array<readonly [string, JsonNode]> = [];
    for (let i = 0; i < args.length; i += 2) {
      entries.push([objectKey(args[i]!, types[i]!, ctx.typeCtx, i + 1, true), valueToJsonbNode(args[i + 1]!, types[i + 1]!, ctx.typeCtx)]);
    }
    return formatJsonb(normalizeObjects({ t: 'object', entries }));
  };
}));

registerFunction('json_build_array', variadicAny(T.json, (types) => (args, ctx) =>
  `[${args.map((a, i) => valueToJson(a, types[i]!, ctx.typeCtx)).join(', ')}]`));

registerFunction('jsonb_build_array', variadicAny(T.jsonb, (types) => (args, ctx) =>
  formatJsonb(normalizeObjects({ t: 'array', items: args.map((a, i) => valueToJsonbNode(a, types[i]!, ctx.typeCtx)) }))));

registerFunction('to_json', {
  params: ['any'], result: T.json, volatility: 'stable',
  build: ([type]) => ([v], ctx) => valueToJson(v!, type!, ctx.typeCtx),
});

registerFunction('to_jsonb', {
  params: ['any'], result: T.jsonb, volatility: 'stable',
  build: ([type]) => ([v], ctx) => formatJsonb(normalizeObjects(valueToJsonbNode(v!, type!, ctx.typeCtx))),
});

/** A record's json with one field per line (row_to_json's pretty form). */
function prettyRecord(json: string): string {
  const node = parseJson(json);
  if (node.t !== 'object') return json;
  return `{${node.entries.map(([k, v]) => `${quoteJsonString(k)}:${v.raw ?? ''}`).join(',\n ')}}`;
}

registerFunction('row_to_json',
  { params: [RECORD_TYPE], result: T.json, volatility: 'stable', build: () => ([r]) => r! },
  { params: [RECORD_TYPE, T.bool], result: T.json, volatility: 'stable', build: () => ([r, pretty]) => (pretty ? prettyRecord(r as string) : r!) });

/** The key/value pairs of json_object's text[] forms: one array of alternating keys and values, a two-column array, or two arrays. */
function objectPairs(args: readonly Value[]): Array<[string, string | null]> {
  const pairs: Array<[string, string | null]> = [];
  const key = (k: string | null): string => {
    if (k === null) throw new SqlError('22004', 'null value not allowed for object key');
    return k;
  };
  if (args.length === 1) {
    const a = readTextArray(args[0]);
    if (a.dims.length === 1 && a.dims[0]! % 2 !== 0) throw new SqlError('2202E', 'array must have even number of elements');
    if (a.dims.length === 2 && a.dims[1] !== 2) throw new SqlError('2202E', 'array must have two columns');
    if (a.dims.length > 2) throw new SqlError('2202E', 'wrong number of array subscripts');
    for (let i = 0; i < a.items.length; i += 2) pairs.push([key(a.items[i]!), a.items[i + 1]!]);
    return pairs;
  }
  const keys = readTextArray(args[0]);
  const values = readTextArray(args[1]);
  if (keys.dims.length > 1 || values.dims.length > 1) throw new SqlError('2202E', 'wrong number of array subscripts');
  if (keys.items.length !== values.items.length) throw new SqlError('2202E', 'mismatched array dimensions');
  keys.items.forEach((k, i) => pairs.push([key(k), values.items[i]!]));
  return pairs;
}

const jsonObject: Impl = (args) => {
  const pairs = objectPairs(args);
  return `{${pairs.map(([k, v]) => `${quoteJsonString(k)} : ${v === null ? 'null' : quoteJsonString(v)}`).join(', ')}}`;
};
const jsonbObject: Impl = (args) => formatJsonb(normalizeObjects({
  t: 'object', entries: objectPairs(args).map(([k, v]) => [k, v === null ? { t: 'null' } : { t: 'string', v }] as const),
}));

for (const [name, result, impl] of [['json_object', T.json, jsonObject], ['jsonb_object', T.jsonb, jsonbObject]] as const) {
  registerFunction(name,
    { params: [TEXT_ARRAY], result, volatility: 'immutable', build: () => impl },
    { params: [TEXT_ARRAY, TEXT_ARRAY], result, volatility: 'immutable', build: () => impl });
}
