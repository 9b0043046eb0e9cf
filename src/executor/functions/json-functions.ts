/** json/jsonb navigation: `->` and `->>` with a text key or an integer index (negative from the end). */
import type { Value } from '../../types/kalam-type.js';
import { formatJsonb, type JsonNode, parseJsonb } from '../../types/json-text.js';

function step(node: JsonNode, key: Value): JsonNode | null {
  if (typeof key === 'string') {
    if (node.t !== 'object') return null;
    let found: JsonNode | null = null;
    for (const [k, v] of node.entries) if (k === key) found = v; // last duplicate wins
    return found;
  }
  if (node.t !== 'array') return null;
  let i = key as number;
  if (i < 0) i += node.items.length;
  return node.items[i] ?? null;
}

/** `->` (asText false) or `->>` (asText true) over the document's text. */
export function jsonArrow(asText: boolean): (doc: Value, key: Value) => Value {
  return (doc, key) => {
    const found = step(parseJsonb(doc as string), key);
    if (found === null) return null;
    if (!asText) return formatJsonb(found);
    if (found.t === 'null') return null;
    return found.t === 'string' ? found.v : formatJsonb(found);
  };
}
