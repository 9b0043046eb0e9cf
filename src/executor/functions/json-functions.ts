/**
 * Reading json and jsonb: `->`/`->>` with a text key or an integer index (negative from the end),
 * `#>`/`#>>` and json(b)_extract_path(_text) along a text[] path, json(b)_typeof,
 * json(b)_array_length. Missing keys, out-of-range indexes and steps through scalars yield NULL.
 *
 *   '{"a": {"b": [1, 2]}}'::jsonb #> '{a,b,-1}'   → 2
 *   '{"a": "x"}'::jsonb ->> 'a'                   → x       (-> gives "x")
 */
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { JsonNode } from '../../types/json-text.js';
import { textArrayItems } from '../../types/text-array-literal.js';
import { T } from '../../binder/expr/expr-types.js';
import { registerFunction, type FunctionOverload } from './function-registry.js';
import {
  arrayElement, flavorOf, followPath, invalidParameter, JSON_FLAVOR, JSONB, type JsonFlavor, kindName, nodeAsText,
  objectField, typeName,
} from './json-doc.js';

/** pg_type's text[] (paths, key lists): its values are arrays, or array literal text. */
export const TEXT_ARRAY: ColumnType = T.textArray;

/** `->` (asText false) or `->>` (asText true): key is a string (object field) or a number (array index). */
export function jsonArrow(flavor: JsonFlavor, asText: boolean): (doc: Value, key: Value) => Value {
  return (doc, key) => {
    const node = flavor.parse(doc as string);
    // jsonb keeps a scalar as a one-element array: '"a"'::jsonb -> 0 (or -1) is "a"; json has no such quirk.
    const scalarAsArray = flavor.jsonb && typeof key !== 'string' && node.t !== 'object' && node.t !== 'array';
    if (scalarAsArray) return Number(key) === 0 || Number(key) === -1 ? (asText ? nodeAsText(node, flavor) : flavor.emit(node)) : null;
    const found = typeof key === 'string' ? objectField(node, key) : arrayElement(node, Number(key));
    if (found === null) return null;
    return asText ? nodeAsText(found, flavor) : flavor.emit(found);
  };
}

/** `#>` / `#>>` over a text[] path (its literal text until arrays exist). */
export function jsonPath(flavor: JsonFlavor, asText: boolean): (doc: Value, path: Value) => Value {
  return (doc, path) => extractPath(flavor, asText, doc as string, textArrayItems(path));
}

function extractPath(flavor: JsonFlavor, asText: boolean, doc: string, path: readonly (string | null)[]): Value {
  const root = flavor.parse(doc);
  if (path.length === 0 && !flavor.jsonb) return wholeJson(root, doc, asText);
  const found = followPath(root, path);
  if (found === null) return null;
  return asText ? nodeAsText(found, flavor) : flavor.emit(found);
}

/**
 * json with an empty path: a container as written; a scalar with the spaces before it but not
 * after (PostgreSQL's "hokey" whole-document match), or as text for `#>>`.
 */
function wholeJson(root: JsonNode, doc: string, asText: boolean): Value {
  const raw = root.raw ?? doc;
  if (root.t === 'object' || root.t === 'array') return raw;
  if (asText && (root.t === 'string' || root.t === 'null')) return nodeAsText(root, JSON_FLAVOR);
  return doc.slice(0, doc.indexOf(raw) + raw.length);
}

function extractPathFunctions(flavor: JsonFlavor): void {
  const doc = flavor.jsonb ? T.jsonb : T.json;
  const byArgs = (asText: boolean): FunctionOverload => ({
    params: [doc, T.text], variadic: T.text, result: asText ? T.text : doc, volatility: 'immutable', strict: false,
    build: () => (args) => {
      if (args[0] === null) return null;
      return extractPath(flavor, asText, args[0] as string, args.slice(1) as (string | null)[]);
    },
  });
  registerFunction(`${flavor.name}_extract_path`, byArgs(false));
  registerFunction(`${flavor.name}_extract_path_text`, byArgs(true));
}

function infoFunctions(flavor: JsonFlavor): void {
  const doc = flavor.jsonb ? T.jsonb : T.json;
  registerFunction(`${flavor.name}_typeof`, {
    params: [doc], result: T.text, volatility: 'immutable',
    build: () => ([d]) => typeName(flavor.parse(d as string)),
  });
  registerFunction(`${flavor.name}_array_length`, {
    params: [doc], result: T.int4, volatility: 'immutable',
    build: () => ([d]) => {
      const node = flavor.parse(d as string);
      if (node.t === 'array') return node.items.length;
      throw invalidParameter(`cannot get array length of a ${kindName(node) === 'scalar' ? 'scalar' : 'non-array'}`);
    },
  });
}

for (const flavor of [JSON_FLAVOR, JSONB]) {
  extractPathFunctions(flavor);
  infoFunctions(flavor);
}

