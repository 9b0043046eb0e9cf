/**
 * jsonb_pretty: four spaces per level, one member per line, and PostgreSQL's shape for empty
 * containers (the brackets on two lines):
 *
 *   {"a": 1, "b": [], "c": {}}   →   {
 *                                         "a": 1,
 *                                         "b": [
 *                                         ],
 *                                         "c": {
 *                                         }
 *                                     }
 */
import { formatJsonb, type JsonNode, parseJsonb, quoteJsonString } from '../../types/json-text.js';
import { T } from '../../binder/expr/expr-types.js';
import { registerFunction } from './function-registry.js';

function pretty(n: JsonNode, depth: number): string {
  if (n.t !== 'object' && n.t !== 'array') return formatJsonb(n);
  const pad = '    '.repeat(depth + 1);
  const close = `\n${'    '.repeat(depth)}${n.t === 'object' ? '}' : ']'}`;
  const members = n.t === 'object'
    ? n.entries.map(([k, v]) => `${pad}${quoteJsonString(k)}: ${pretty(v, depth + 1)}`)
    : n.items.map((v) => `${pad}${pretty(v, depth + 1)}`);
  return `${n.t === 'object' ? '{' : '['}${members.length === 0 ? '' : `\n${members.join(',\n')}`}${close}`;
}

export function jsonbPretty(doc: string): string {
  return pretty(parseJsonb(doc), 0);
}

registerFunction('jsonb_pretty', { params: [T.jsonb], result: T.text, volatility: 'immutable', build: () => ([d]) => jsonbPretty(d as string) });
