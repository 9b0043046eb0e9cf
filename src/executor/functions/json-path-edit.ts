/**
 * Editing a jsonb document at a text[] path — PostgreSQL's setPath, which jsonb_set, jsonb_insert
 * and `#-` share. Intermediate steps that are missing or land on a scalar leave the document as
 * it is; only the last step creates. In arrays a step is an integer (negative from the end); an
 * index past either end appends or prepends when creating.
 *
 *   jsonb_set('{"a": [1, 2]}', '{a,9}', '3')            → {"a": [1, 2, 3]}
 *   jsonb_insert('{"a": [1, 2]}', '{a,0}', '0')         → {"a": [0, 1, 2]}
 *   '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}'         → {"a": {"c": 2}}
 */
import { SqlError } from '../../errors/sql-error.js';
import type { JsonNode } from '../../types/json-text.js';
import { normalizeObjects } from '../../types/json-text.js';
import { pathIndex } from './json-doc.js';

export type PathEdit = 'replace' | 'create' | 'insert-before' | 'insert-after' | 'delete';

const INT_MIN = -2147483648;

function createsAtEnd(op: PathEdit): boolean {
  return op === 'create' || op === 'insert-before' || op === 'insert-after';
}

function stepAt(path: readonly (string | null)[], level: number): string {
  const step = path[level];
  if (step === null || step === undefined) throw new SqlError('22004', `path element at position ${level + 1} is null`);
  return step;
}

function editObject(
  node: Extract<JsonNode, { t: 'object' }>, path: readonly (string | null)[], level: number, value: JsonNode | null, op: PathEdit,
): JsonNode {
  const key = stepAt(path, level);
  const last = level === path.length - 1;
  const entries: Array<readonly [string, JsonNode]> = [];
  let found = false;
  for (const [k, v] of node.entries) {
    if (k !== key) { entries.push([k, v]); continue; }
    found = true;
    if (!last) { entries.push([k, edit(v, path, level + 1, value, op)]); continue; }
    if (op === 'delete') continue;
    if (op === 'insert-before' || op === 'insert-after') {
      throw new SqlError('22023', 'cannot replace existing key', { hint: 'Try using the function jsonb_set to replace key value.' });
    }
    entries.push([k, value!]);
  }
  if (!found && last && createsAtEnd(op)) entries.push([key, value!]);
  return { t: 'object', entries };
}

function editArray(
  node: Extract<JsonNode, { t: 'array' }>, path: readonly (string | null)[], level: number, value: JsonNode | null, op: PathEdit,
): JsonNode {
  const step = stepAt(path, level);
  let idx = pathIndex(step);
  if (idx === null) throw new SqlError('22P02', `path element at position ${level + 1} is not an integer: "${step}"`);
  const n = node.items.length;
  const last = level === path.length - 1;
  if (idx < 0) idx = -idx > n ? INT_MIN : n + idx;
  if (idx > n) idx = n;
  const items: JsonNode[] = [];
  let done = false;
  if ((idx === INT_MIN || n === 0) && last && createsAtEnd(op)) { items.push(value!); done = true; }
  node.items.forEach((item, i) => {
    if (i !== idx) { items.push(item); return; }
    if (!last) { items.push(edit(item, path, level + 1, value, op)); return; }
    if (op === 'insert-before' || op === 'create') items.push(value!);
    if (op === 'insert-after' || op === 'insert-before') items.push(item);
    if (op === 'insert-after' || op === 'replace') items.push(value!);
    done = true;
  });
  if (!done && last && createsAtEnd(op)) items.push(value!);
  return { t: 'array', items };
}

function edit(node: JsonNode, path: readonly (string | null)[], level: number, value: JsonNode | null, op: PathEdit): JsonNode {
  if (node.t === 'object') return editObject(node, path, level, value, op);
  if (node.t === 'array') return editArray(node, path, level, value, op);
  return node;
}

/** The document with `value` placed (or the element removed, for 'delete') at `path`. */
export function editPath(root: JsonNode, path: readonly (string | null)[], value: JsonNode | null, op: PathEdit): JsonNode {
  if (root.t !== 'object' && root.t !== 'array') {
    throw new SqlError('22023', op === 'delete' ? 'cannot delete path in scalar' : 'cannot set path in scalar');
  }
  if (path.length === 0) return root;
  return normalizeObjects(edit(root, path, 0, value, op));
}
