/**
 * jsonb containment and existence: `@>`, `<@`, `?`, `?|`, `?&` (PostgreSQL's JsonbDeepContains
 * and jsonb_exists*).
 *
 * Containment is structural: every key of a contained object must be present with a contained
 * value; every element of a contained array must match some element of the container (order and
 * duplicates do not matter, nested containers match nested containers). A top-level array also
 * contains a bare scalar (`'["a", "b"]' @> '"a"'`), but a scalar never contains an array.
 * Existence asks for a top-level object key, string array element or equal string scalar.
 */
import type { Value } from '../../types/kalam-type.js';
import type { JsonNode } from '../../types/json-text.js';
import { parseJsonb } from '../../types/json-text.js';
import { numericCompare } from '../../types/numeric.js';
import { textArrayItems } from '../../types/text-array-literal.js';
import { T } from '../../binder/expr/expr-types.js';
import { registerFunction } from './function-registry.js';
import { TEXT_ARRAY } from './json-functions.js';

function isContainer(n: JsonNode): boolean {
  return n.t === 'object' || n.t === 'array';
}

function scalarEquals(a: JsonNode, b: JsonNode): boolean {
  if (a.t !== b.t) return false;
  if (a.t === 'string' && b.t === 'string') return a.v === b.v;
  if (a.t === 'number' && b.t === 'number') return numericCompare(a.v, b.v) === 0;
  if (a.t === 'boolean' && b.t === 'boolean') return a.v === b.v;
  return a.t === 'null';
}

function contains(a: JsonNode, b: JsonNode): boolean {
  if (a.t === 'object' && b.t === 'object') {
    if (b.entries.length > a.entries.length) return false;
    const fields = new Map(a.entries);
    for (const [k, bv] of b.entries) {
      const av = fields.get(k);
      if (av === undefined) return false;
      if (isContainer(bv) || isContainer(av)) {
        if (av.t !== bv.t || !contains(av, bv)) return false;
      } else if (!scalarEquals(av, bv)) return false;
    }
    return true;
  }
  if (a.t === 'array' && b.t === 'array') {
    const nested = a.items.filter(isContainer);
    for (const bv of b.items) {
      if (isContainer(bv)) {
        if (!nested.some((av) => av.t === bv.t && contains(av, bv))) return false;
      } else if (!a.items.some((av) => !isContainer(av) && scalarEquals(av, bv))) return false;
    }
    return true;
  }
  return false;
}

/** Top-level documents: a scalar is a one-element "raw scalar" array. */
function containsDocument(a: JsonNode, b: JsonNode): boolean {
  const aScalar = !isContainer(a);
  const bScalar = !isContainer(b);
  if (aScalar && !bScalar) return false;
  if (aScalar || bScalar) {
    const left: JsonNode = aScalar ? { t: 'array', items: [a] } : a;
    const right: JsonNode = bScalar ? { t: 'array', items: [b] } : b;
    return contains(left, right);
  }
  return contains(a, b);
}

export function jsonbContains(a: Value, b: Value): Value {
  return containsDocument(parseJsonb(a as string), parseJsonb(b as string));
}

export function jsonbContained(a: Value, b: Value): Value {
  return containsDocument(parseJsonb(b as string), parseJsonb(a as string));
}

function hasKey(n: JsonNode, key: string): boolean {
  if (n.t === 'object') return n.entries.some(([k]) => k === key);
  if (n.t === 'array') return n.items.some((i) => i.t === 'string' && i.v === key);
  return n.t === 'string' && n.v === key;
}

export function jsonbExists(doc: Value, key: Value): Value {
  return hasKey(parseJsonb(doc as string), key as string);
}

/** `?|` (any) and `?&` (all): NULL keys are ignored; `?&` of no keys is true. */
export function jsonbExistsMany(all: boolean): (doc: Value, keys: Value) => Value {
  return (doc, keys) => {
    const node = parseJsonb(doc as string);
    const wanted = textArrayItems(keys).filter((k): k is string => k !== null);
    return all ? wanted.every((k) => hasKey(node, k)) : wanted.some((k) => hasKey(node, k));
  };
}

const binary = (fn: (a: Value, b: Value) => Value) => () => (args: readonly Value[]) => fn(args[0]!, args[1]!);
registerFunction('jsonb_contains', { params: [T.jsonb, T.jsonb], result: T.bool, volatility: 'immutable', build: binary(jsonbContains) });
registerFunction('jsonb_contained', { params: [T.jsonb, T.jsonb], result: T.bool, volatility: 'immutable', build: binary(jsonbContained) });
registerFunction('jsonb_exists', { params: [T.jsonb, T.text], result: T.bool, volatility: 'immutable', build: binary(jsonbExists) });
registerFunction('jsonb_exists_any', { params: [T.jsonb, TEXT_ARRAY], result: T.bool, volatility: 'immutable', build: binary(jsonbExistsMany(false)) });
registerFunction('jsonb_exists_all', { params: [T.jsonb, TEXT_ARRAY], result: T.bool, volatility: 'immutable', build: binary(jsonbExistsMany(true)) });
