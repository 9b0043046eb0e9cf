/**
 * Grafana's PostgreSQL data source: the health check, the version auto-detection of the data
 * source settings page and the schema/table/column lookups of the query editor. Texts from
 * grafana/grafana public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts,
 * filled in the way datasource.ts calls them; Grafana's backend runs them through pgx, which uses
 * the extended protocol.
 */
import type { ReplayQuery } from './replay-query.js';

const META = 'grafana/grafana public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts';

/** buildSchemaConstraint(): the schemas of search_path, `"$user"` replaced by the user. */
const SCHEMA_CONSTRAINT = `
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )`;

/** showTables(schema) */
function showTables(schema?: string): string {
  if (schema) {
    return `SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = '${schema}'
      ORDER BY 1`;
  }
  return `SELECT
    CASE WHEN ${SCHEMA_CONSTRAINT}
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema',
                             'pg_catalog',
                             '_timescaledb_cache',
                             '_timescaledb_catalog',
                             '_timescaledb_internal',
                             '_timescaledb_config',
                             'timescaledb_information',
                             'timescaledb_experimental')
    ORDER BY CASE WHEN ${SCHEMA_CONSTRAINT} THEN 0 ELSE 1 END, 1`;
}

/** getSchema(table) */
function getSchema(table: string): string {
  const t = `'${table}'`;
  return `SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident(${t}),1) = 2
        THEN quote_ident(table_schema) = (parse_ident(${t}))[1]
          AND quote_ident(table_name) = (parse_ident(${t}))[2]
        ELSE quote_ident(table_name) = ${t}
          AND ${SCHEMA_CONSTRAINT}
      END`;
}

export const GRAFANA: readonly ReplayQuery[] = [
  { tool: 'Grafana', step: 'health check', protocol: 'extended', source: 'kalamdb-pg reference/pg-client-compat.md §1.4 (grafana/grafana#18123)', sql: 'SELECT 1' },
  { tool: 'Grafana', step: 'connection ping (pgx)', protocol: 'simple', source: "xtdb/xtdb src/test/clojure/xtdb/pgwire/grafana_test.clj (pgx's Ping sends a comment)", sql: '-- ping' },
  { tool: 'Grafana', step: 'settings: version', protocol: 'extended', source: `${META} getVersion`, sql: "SELECT current_setting('server_version_num')::int/100 as version" },
  { tool: 'Grafana', step: 'settings: TimescaleDB', protocol: 'extended', source: `${META} getTimescaleDBVersion`, sql: "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'" },
  {
    tool: 'Grafana', step: 'query editor: schemas', protocol: 'extended', source: `${META} showSchemas`,
    sql: `SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name`,
  },
  { tool: 'Grafana', step: 'query editor: tables', protocol: 'extended', source: `${META} showTables()`, sql: showTables() },
  { tool: 'Grafana', step: 'query editor: tables of public', protocol: 'extended', source: `${META} showTables(schema)`, sql: showTables('public') },
  { tool: 'Grafana', step: 'query editor: columns of books', protocol: 'extended', unordered: true, source: `${META} getSchema(table)`, sql: getSchema('books') },
  { tool: 'Grafana', step: 'query editor: columns of public.books', protocol: 'extended', unordered: true, source: `${META} getSchema(table)`, sql: getSchema('public.books') },
];
