/**
 * The pg_catalog views of system-views.ts as ViewDefinitions, so they are expanded exactly like
 * user views. Parsed once per process; their columns are PostgreSQL 15's (pg15-shapes.ts), and
 * view expansion refuses a definition whose query drifts from them.
 */
import type { ViewDefinition } from '../catalog/table-definition.js';
import { parsePg } from '../sql/pg-parser.js';
import { pg15Columns, pg15Shape } from './pg-catalog/catalog-table.js';
import { PG_CATALOG_VIEWS } from './pg-catalog/system-views.js';
import { INFORMATION_SCHEMA_VIEWS } from './information-schema-views.js';

/** The SQL of every built-in view, by schema and name. */
export const SYSTEM_VIEWS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  pg_catalog: PG_CATALOG_VIEWS,
  information_schema: INFORMATION_SCHEMA_VIEWS,
};

const built = new Map<string, ViewDefinition>();

/** Locations point into the user's statement, not into the view's text: drop them. */
function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'location' ? -1 : withoutLocations(v);
  return out;
}

export function systemView(namespace: string, name: string): ViewDefinition | undefined {
  const sql = SYSTEM_VIEWS[namespace]?.[name];
  if (sql === undefined) return undefined;
  const key = `${namespace}.${name}`;
  let view = built.get(key);
  if (!view) {
    const stmt = parsePg(sql, sql)[0]!.stmt as Record<string, unknown>;
    view = {
      oid: pg15Shape(namespace, name)!.oid,
      namespace,
      name,
      columns: pg15Columns(name, namespace).map((c) => ({ name: c.name, type: c.type })),
      query: withoutLocations(stmt) as Record<string, unknown>,
      text: sql,
      dependsOn: [],
      columnsUsed: [],
      owner: 'postgres',
      createdAt: '1970-01-01T00:00:00.000Z',
    };
    built.set(key, view);
  }
  return view;
}
