/**
 * The set-returning JSON functions, as entries of the set-returning function registry
 * (set-returning.ts): each call yields rows, with PostgreSQL's output column names.
 *
 *   json(b)_array_elements(doc)       → (value json(b))     one row per element
 *   json(b)_array_elements_text(doc)  → (value text)        strings unquoted, JSON null as NULL
 *   json(b)_each(doc)                 → (key text, value json(b))
 *   json(b)_each_text(doc)            → (key text, value text)
 *   json(b)_object_keys(doc)          → (json(b)_object_keys text)   named after the function/alias
 *
 * jsonb yields keys in jsonb's order without duplicates; json in document order, duplicates kept.
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { JsonNode } from '../../types/json-text.js';
import { T } from '../../binder/expr/expr-types.js';
import { JSON_FLAVOR, JSONB, type JsonFlavor, nodeAsText } from './json-doc.js';
import { registerSetFunction, type SetFunctionOverload } from './set-returning.js';

function docType(flavor: JsonFlavor): ColumnType {
  return flavor.jsonb ? T.jsonb : T.json;
}

function overload(
  flavor: JsonFlavor, columns: readonly { name: string | null; type: ColumnType }[], rows: (doc: JsonNode) => Value[][],
): SetFunctionOverload {
  return {
    params: [docType(flavor)], columns: () => columns, volatility: 'immutable',
    build: () => ([doc]) => rows(flavor.parse(doc as string)),
  };
}

function elementsOf(flavor: JsonFlavor, name: string, node: JsonNode): readonly JsonNode[] {
  if (node.t === 'array') return node.items;
  if (flavor.jsonb) throw new SqlError('22023', `cannot extract elements from ${node.t === 'object' ? 'an object' : 'a scalar'}`);
  throw new SqlError('22023', `cannot call ${name} on ${node.t === 'object' ? 'a non-array' : 'a scalar'}`);
}

function entriesOf(flavor: JsonFlavor, name: string, node: JsonNode): ReadonlyArray<readonly [string, JsonNode]> {
  if (node.t === 'object') return node.entries;
  if (flavor.jsonb) throw new SqlError('22023', `cannot call ${name} on a non-object`);
  throw new SqlError('22023', node.t === 'array' ? 'cannot deconstruct an array as an object' : 'cannot deconstruct a scalar');
}

function keysOf(flavor: JsonFlavor, name: string, node: JsonNode): ReadonlyArray<readonly [string, JsonNode]> {
  if (node.t === 'object') return node.entries;
  throw new SqlError('22023', `cannot call ${name} on ${node.t === 'array' ? 'an array' : 'a scalar'}`);
}

for (const flavor of [JSON_FLAVOR, JSONB]) {
  const p = flavor.name;
  const doc = docType(flavor);
  registerSetFunction(`${p}_array_elements`, overload(flavor, [{ name: 'value', type: doc }],
    (n) => elementsOf(flavor, `${p}_array_elements`, n).map((e) => [flavor.emit(e)])));
  registerSetFunction(`${p}_array_elements_text`, overload(flavor, [{ name: 'value', type: T.text }],
    (n) => elementsOf(flavor, `${p}_array_elements_text`, n).map((e) => [nodeAsText(e, flavor)])));
  registerSetFunction(`${p}_each`, overload(flavor, [{ name: 'key', type: T.text }, { name: 'value', type: doc }],
    (n) => entriesOf(flavor, `${p}_each`, n).map(([k, v]) => [k, flavor.emit(v)])));
  registerSetFunction(`${p}_each_text`, overload(flavor, [{ name: 'key', type: T.text }, { name: 'value', type: T.text }],
    (n) => entriesOf(flavor, `${p}_each_text`, n).map(([k, v]) => [k, nodeAsText(v, flavor)])));
  registerSetFunction(`${p}_object_keys`, overload(flavor, [{ name: null, type: T.text }],
    (n) => keysOf(flavor, `${p}_object_keys`, n).map(([k]) => [k])));
}
