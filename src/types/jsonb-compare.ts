/**
 * jsonb's btree order (PostgreSQL's compareJsonbContainers), which `=`, `<`, ORDER BY, min/max
 * and DISTINCT all use:
 *
 *   object > array > boolean > number > string > null
 *
 * Containers of one kind compare by size first (pairs, elements), then member by member in
 * storage order — for objects key, value, key, value… with keys in jsonb's length-first order.
 * Numbers compare by value (`1.0` = `1`), strings by code point (the C collation). A top-level
 * scalar is stored as a one-element "raw scalar" array, so it sorts below an array with as many
 * elements and, as in PostgreSQL, `'1'::jsonb > '[]'::jsonb` (the element count wins).
 */
import { type JsonNode, parseJsonb } from './json-text.js';
import { numericCompare } from './numeric.js';
import { compareText } from './compare.js';

const RANK: Record<JsonNode['t'], number> = { null: 0, string: 1, number: 2, boolean: 3, array: 4, object: 5 };

function isScalar(n: JsonNode): boolean {
  return n.t !== 'array' && n.t !== 'object';
}

function compareScalars(a: JsonNode, b: JsonNode): number {
  if (a.t === 'string' && b.t === 'string') return compareText(a.v, b.v);
  if (a.t === 'number' && b.t === 'number') return numericCompare(a.v, b.v);
  if (a.t === 'boolean' && b.t === 'boolean') return a.v === b.v ? 0 : a.v ? 1 : -1;
  return 0;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareNodes(a: JsonNode, b: JsonNode): number {
  if (a.t !== b.t) return RANK[a.t] > RANK[b.t] ? 1 : -1;
  if (a.t === 'array' && b.t === 'array') {
    if (a.items.length !== b.items.length) return a.items.length > b.items.length ? 1 : -1;
    for (let i = 0; i < a.items.length; i++) {
      const c = compareNodes(a.items[i]!, b.items[i]!);
      if (c !== 0) return c;
    }
    return 0;
  }
  if (a.t === 'object' && b.t === 'object') {
    if (a.entries.length !== b.entries.length) return a.entries.length > b.entries.length ? 1 : -1;
    for (let i = 0; i < a.entries.length; i++) {
      const [ka, va] = a.entries[i]!;
      const [kb, vb] = b.entries[i]!;
      const k = compareText(ka, kb);
      if (k !== 0) return k;
      const v = compareNodes(va, vb);
      if (v !== 0) return v;
    }
    return 0;
  }
  return sign(compareScalars(a, b));
}

/** Compares two parsed jsonb documents. */
export function compareJsonbNodes(a: JsonNode, b: JsonNode): number {
  const sa = isScalar(a);
  const sb = isScalar(b);
  if (sa && sb) return compareNodes(a, b);
  // The raw-scalar flag says "scalar first", but a differing element count overrides it.
  if (sa && b.t === 'array') return b.items.length === 0 ? 1 : -1;
  if (sb && a.t === 'array') return a.items.length === 0 ? -1 : 1;
  return compareNodes(a, b);
}

/** Compares two jsonb values (normalised text). */
export function compareJsonb(a: string, b: string): number {
  if (a === b) return 0;
  return compareJsonbNodes(parseJsonb(a), parseJsonb(b));
}

export function jsonbEquals(a: string, b: string): boolean {
  return a === b || compareJsonb(a, b) === 0;
}
