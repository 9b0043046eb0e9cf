/**
 * json and jsonb seen through one interface. Both are strings at run time; jsonb's is already
 * normalised, json's is the text as written. Functions over either parse the document, walk the
 * JsonNode tree and emit the part they return: jsonb in its normalised form, json as the exact
 * source text of that part (which is why json is parsed with spans).
 *
 *   '{"a": [1,  2]}'::json  -> 'a'   → [1,  2]
 *   '{"a": [1,  2]}'::jsonb -> 'a'   → [1, 2]
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { formatJsonb, type JsonNode, parseJson, parseJsonb } from '../../types/json-text.js';
import { PgOid } from '../../types/pg-oids.js';

export interface JsonFlavor {
  readonly jsonb: boolean;
  readonly name: 'json' | 'jsonb';
  parse(text: string): JsonNode;
  /** The node as a value of this type. */
  emit(node: JsonNode): string;
}

export const JSONB: JsonFlavor = Object.freeze({ jsonb: true, name: 'jsonb', parse: parseJsonb, emit: formatJsonb });

export const JSON_FLAVOR: JsonFlavor = Object.freeze({
  jsonb: false, name: 'json', parse: parseJson, emit: (n: JsonNode) => n.raw ?? formatJsonb(n),
});

export function flavorOf(type: ColumnType): JsonFlavor {
  return type.oid === PgOid.JSON ? JSON_FLAVOR : JSONB;
}

/** `->>` and friends: a JSON string's contents, JSON null as SQL NULL, anything else as JSON text. */
export function nodeAsText(node: JsonNode, flavor: JsonFlavor): Value {
  if (node.t === 'null') return null;
  if (node.t === 'string') return node.v;
  return flavor.emit(node);
}

/** The kind name PostgreSQL's messages use ("cannot call x on a scalar"). */
export function kindName(node: JsonNode): 'object' | 'array' | 'scalar' {
  return node.t === 'object' ? 'object' : node.t === 'array' ? 'array' : 'scalar';
}

/** json(b)_typeof: object, array, string, number, boolean, null. */
export function typeName(node: JsonNode): string {
  return node.t;
}

/** Last duplicate wins, as both json and jsonb lookups do. */
export function objectField(node: JsonNode, key: string): JsonNode | null {
  if (node.t !== 'object') return null;
  let found: JsonNode | null = null;
  for (const [k, v] of node.entries) if (k === key) found = v;
  return found;
}

export function arrayElement(node: JsonNode, index: number): JsonNode | null {
  if (node.t !== 'array') return null;
  const i = index < 0 ? index + node.items.length : index;
  return node.items[i] ?? null;
}

/** A path step into an array: the element's text as an integer (strtol, whole string), or null. */
export function pathIndex(step: string): number | null {
  if (!/^\s*[+-]?\d+$/.test(step)) return null;
  const n = Number(step);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

/**
 * `#>`: follows a text[] path; null when a step is missing, NULL, or passes through a scalar.
 * json objects may repeat a key: like PostgreSQL's streaming lookup, the last occurrence through
 * which the whole path matches wins (`{"a": [1, 2], "a": 3}` #> '{a,1}' → 2).
 */
export function followPath(node: JsonNode, path: readonly (string | null)[], level = 0): JsonNode | null {
  if (level === path.length) return node;
  const step = path[level];
  if (step === null || step === undefined) return null;
  if (node.t === 'object') {
    let found: JsonNode | null = null;
    for (const [k, v] of node.entries) {
      if (k !== step) continue;
      const r = followPath(v, path, level + 1);
      if (r !== null) found = r;
    }
    return found;
  }
  if (node.t === 'array') {
    const i = pathIndex(step);
    const item = i === null ? null : arrayElement(node, i);
    return item === null ? null : followPath(item, path, level + 1);
  }
  return null;
}

export function invalidParameter(message: string): SqlError {
  return new SqlError('22023', message);
}
