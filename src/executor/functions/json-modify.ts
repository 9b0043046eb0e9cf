/**
 * Changing jsonb: `||`, `-` (key, keys, index), `#-`, jsonb_set, jsonb_insert, and
 * json(b)_strip_nulls. Every result is a new normalised document.
 *
 *   '{"a": 1}'::jsonb || '{"a": 2, "b": 3}'   → {"a": 2, "b": 3}    (objects merge, right wins)
 *   '[1]'::jsonb || '2'                        → [1, 2]              (anything else concatenates as arrays)
 *   '["x", "y", "x"]'::jsonb - 'x'             → ["y"]
 */
import type { Value } from '../../types/kalam-type.js';
import { formatJsonb, type JsonNode, normalizeObjects, parseJson, parseJsonb, quoteJsonString } from '../../types/json-text.js';
import { textArrayItems } from '../../types/text-array-literal.js';
import { T } from '../../binder/expr/expr-types.js';
import { registerFunction } from './function-registry.js';
import { arrayElement, invalidParameter } from './json-doc.js';
import { editPath } from './json-path-edit.js';
import { TEXT_ARRAY } from './json-functions.js';

function asArrayItems(n: JsonNode): readonly JsonNode[] {
  return n.t === 'array' ? n.items : [n];
}

/** jsonb || jsonb. */
export function jsonbConcat(a: Value, b: Value): Value {
  const l = parseJsonb(a as string);
  const r = parseJsonb(b as string);
  if (l.t === 'object' && r.t === 'object') {
    return formatJsonb(normalizeObjects({ t: 'object', entries: [...l.entries, ...r.entries] }));
  }
  return formatJsonb({ t: 'array', items: [...asArrayItems(l), ...asArrayItems(r)] });
}

function withoutKeys(doc: string, keys: ReadonlySet<string>): string {
  const node = parseJsonb(doc);
  if (node.t === 'object') return formatJsonb({ t: 'object', entries: node.entries.filter(([k]) => !keys.has(k)) });
  if (node.t === 'array') return formatJsonb({ t: 'array', items: node.items.filter((i) => !(i.t === 'string' && keys.has(i.v))) });
  throw invalidParameter('cannot delete from scalar');
}

/** jsonb - text: the key from an object, or every equal string element from an array. */
export function jsonbDeleteKey(doc: Value, key: Value): Value {
  return withoutKeys(doc as string, new Set([key as string]));
}

/** jsonb - text[]. */
export function jsonbDeleteKeys(doc: Value, keys: Value): Value {
  return withoutKeys(doc as string, new Set(textArrayItems(keys).filter((k): k is string => k !== null)));
}

/** jsonb - integer: the array element at the index (negative from the end); out of range changes nothing. */
export function jsonbDeleteIndex(doc: Value, index: Value): Value {
  const node = parseJsonb(doc as string);
  if (node.t === 'object') throw invalidParameter('cannot delete from object using integer index');
  if (node.t !== 'array') throw invalidParameter('cannot delete from scalar');
  const target = arrayElement(node, Number(index));
  return target === null ? doc : formatJsonb({ t: 'array', items: node.items.filter((i) => i !== target) });
}

/** jsonb #- text[]. */
export function jsonbDeletePath(doc: Value, path: Value): Value {
  return formatJsonb(editPath(parseJsonb(doc as string), textArrayItems(path), null, 'delete'));
}

function stripNulls(n: JsonNode): JsonNode {
  if (n.t === 'object') return { t: 'object', entries: n.entries.filter(([, v]) => v.t !== 'null').map(([k, v]) => [k, stripNulls(v)] as const) };
  if (n.t === 'array') return { t: 'array', items: n.items.map(stripNulls) };
  return n;
}

/** json_strip_nulls prints the json again without any whitespace; numbers keep their spelling. */
function compactJson(n: JsonNode): string {
  switch (n.t) {
    case 'object': return `{${n.entries.map(([k, v]) => `${quoteJsonString(k)}:${compactJson(v)}`).join(',')}}`;
    case 'array': return `[${n.items.map(compactJson).join(',')}]`;
    case 'string': return quoteJsonString(n.v);
    case 'number': return n.v;
    case 'boolean': return n.v ? 'true' : 'false';
    case 'null': return 'null';
  }
}

registerFunction('jsonb_concat', { params: [T.jsonb, T.jsonb], result: T.jsonb, volatility: 'immutable', build: () => ([a, b]) => jsonbConcat(a!, b!) });
registerFunction('jsonb_delete',
  { params: [T.jsonb, T.text], result: T.jsonb, volatility: 'immutable', build: () => ([a, b]) => jsonbDeleteKey(a!, b!) },
  { params: [T.jsonb, T.int4], result: T.jsonb, volatility: 'immutable', build: () => ([a, b]) => jsonbDeleteIndex(a!, b!) },
  { params: [T.jsonb, TEXT_ARRAY], result: T.jsonb, volatility: 'immutable', build: () => ([a, b]) => jsonbDeleteKeys(a!, b!) });
registerFunction('jsonb_delete_path', { params: [T.jsonb, TEXT_ARRAY], result: T.jsonb, volatility: 'immutable', build: () => ([a, b]) => jsonbDeletePath(a!, b!) });

const setImpl = (args: readonly Value[]): Value => {
  const create = args.length < 4 || args[3] === true;
  const value = parseJsonb(args[2] as string);
  return formatJsonb(editPath(parseJsonb(args[0] as string), textArrayItems(args[1]), value, create ? 'create' : 'replace'));
};
registerFunction('jsonb_set',
  { params: [T.jsonb, TEXT_ARRAY, T.jsonb], result: T.jsonb, volatility: 'immutable', build: () => setImpl },
  { params: [T.jsonb, TEXT_ARRAY, T.jsonb, T.bool], result: T.jsonb, volatility: 'immutable', build: () => setImpl });

const insertImpl = (args: readonly Value[]): Value => {
  const after = args.length === 4 && args[3] === true;
  const value = parseJsonb(args[2] as string);
  return formatJsonb(editPath(parseJsonb(args[0] as string), textArrayItems(args[1]), value, after ? 'insert-after' : 'insert-before'));
};
registerFunction('jsonb_insert',
  { params: [T.jsonb, TEXT_ARRAY, T.jsonb], result: T.jsonb, volatility: 'immutable', build: () => insertImpl },
  { params: [T.jsonb, TEXT_ARRAY, T.jsonb, T.bool], result: T.jsonb, volatility: 'immutable', build: () => insertImpl });

registerFunction('jsonb_strip_nulls', {
  params: [T.jsonb], result: T.jsonb, volatility: 'immutable', build: () => ([d]) => formatJsonb(stripNulls(parseJsonb(d as string))),
});
registerFunction('json_strip_nulls', {
  params: [T.json], result: T.json, volatility: 'immutable', build: () => ([d]) => compactJson(stripNulls(parseJson(d as string))),
});

