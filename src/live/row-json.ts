/**
 * A row as the JSON object a live query's payload carries: `{"col":value,…}` in column order,
 * each value as to_json renders it (numbers stay numbers, timestamptz in the subscriber's
 * TimeZone) — the shape of row_to_json, so clients parse notifications with the JSON they know.
 */
import type { TableDefinition } from '../catalog/table-definition.js';
import { valueToJson } from '../executor/functions/json-from-value.js';
import { quoteJsonString } from '../types/json-text.js';
import type { Value } from '../types/kalam-type.js';
import type { TypeContext } from '../types/type-context.js';

export function rowJson(table: TableDefinition, row: readonly Value[], ctx: TypeContext): string {
  let out = '{';
  table.columns.forEach((c, i) => {
    if (i > 0) out += ',';
    const v = row[i] ?? null;
    out += `${quoteJsonString(c.name)}:${v === null ? 'null' : valueToJson(v, c.type, ctx)}`;
  });
  return `${out}}`;
}
