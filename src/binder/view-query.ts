/**
 * A view's query as it is stored: a copy of the parsed SELECT in which each `*` is replaced by
 * the columns it expanded to when the view was created (`alias.column`), each table name carries
 * the schema it resolved to, and source locations are gone (they pointed into CREATE VIEW's text,
 * not into the queries that will use the view).
 *
 *   SELECT * FROM emp WHERE active   →   SELECT emp.id, emp.name, … FROM public.emp WHERE active
 */
import type { Node } from './ast.js';
import type { StarExpansion, ViewCapture } from './view-capture.js';

type Json = unknown;

export function storedViewQuery(query: Node, capture: ViewCapture): Node {
  return rewrite(query, capture) as Node;
}

function rewrite(value: Json, capture: ViewCapture): Json {
  if (Array.isArray(value)) return value.flatMap((item) => expandTarget(item, capture) ?? [rewrite(item, capture)]);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'location') out[k] = -1;
    else if (k === 'RangeVar' && v !== null && typeof v === 'object' && capture.relations.has(v)) {
      out[k] = { ...(rewrite(v, capture) as Record<string, Json>), schemaname: capture.relations.get(v) };
    } else out[k] = rewrite(v, capture);
  }
  return out;
}

/** A `{ ResTarget: { val: * } }` list item → one ResTarget per column the `*` stood for. */
function expandTarget(item: Json, capture: ViewCapture): Json[] | null {
  if (item === null || typeof item !== 'object' || !('ResTarget' in item)) return null;
  const rt = (item as { ResTarget: { val?: object } }).ResTarget;
  const expansion = rt.val ? capture.stars.get(rt.val) : undefined;
  return expansion ? expansion.map(columnTarget) : null;
}

function columnTarget(e: StarExpansion): Json {
  const fields = [{ String: { sval: e.alias } }, { String: { sval: e.name } }];
  return { ResTarget: { name: e.name, val: { ColumnRef: { fields, location: -1 } }, location: -1 } };
}
