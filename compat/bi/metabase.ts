/**
 * Metabase's PostgreSQL driver (through pgjdbc): connection test, schema list, the table-privilege
 * check of sql-jdbc's describe-database and the table list of describe-database. Metabase builds
 * most of these with HoneySQL; the texts are what Metabase 0.55.1 sent, captured on the wire in
 * datafusion-contrib/datafusion-postgres datafusion-postgres/tests/metabase.rs. The rest are
 * literal strings in metabase/metabase src/metabase/driver/postgres.clj.
 */
import type { ReplayQuery } from './replay-query.js';

const CAPTURED = 'datafusion-contrib/datafusion-postgres datafusion-postgres/tests/metabase.rs (Metabase 0.55.1 on the wire)';
const DRIVER = 'metabase/metabase src/metabase/driver/postgres.clj';

export const METABASE: readonly ReplayQuery[] = [
  { tool: 'Metabase', step: 'connect: isolation level', protocol: 'extended', source: CAPTURED, sql: 'SHOW TRANSACTION ISOLATION LEVEL' },
  {
    tool: 'Metabase', step: 'sync: schemas (pgjdbc getSchemas)', protocol: 'extended', source: CAPTURED,
    sql: `SELECT nspname AS "TABLE_SCHEM", current_database() AS "TABLE_CATALOG" FROM pg_catalog.pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (pg_catalog.current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((pg_catalog.current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))  ORDER BY "TABLE_SCHEM"`,
  },
  {
    tool: 'Metabase', step: 'sync: table privileges', protocol: 'extended', unordered: true, schemaColumn: 'schema',
    source: `${CAPTURED}; built by metabase/metabase src/metabase/driver/sql_jdbc/sync/describe_database.clj`,
    sql: `with table_privileges as (
         select
           NULL as role,
           t.schemaname as schema,
           t.objectname as table,
           pg_catalog.has_any_column_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"',  'update') as update,
           pg_catalog.has_any_column_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"',  'select') as select,
           pg_catalog.has_any_column_privilege(current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"',  'insert') as insert,
           pg_catalog.has_table_privilege(     current_user, '"' || replace(t.schemaname, '"', '""') || '"' || '.' || '"' || replace(t.objectname, '"', '""') || '"',  'delete') as delete
         from (
           select schemaname, tablename as objectname from pg_catalog.pg_tables
           union
           select schemaname, viewname as objectname from pg_catalog.pg_views
           union
           select schemaname, matviewname as objectname from pg_catalog.pg_matviews
         ) t
         where t.schemaname !~ '^pg_'
           and t.schemaname <> 'information_schema'
           and pg_catalog.has_schema_privilege(current_user, t.schemaname, 'usage')
        )
        select t.*
        from table_privileges t`,
  },
  {
    tool: 'Metabase', step: 'sync: tables (get-tables-sql)', protocol: 'extended',
    source: `${CAPTURED}; built by ${DRIVER} get-tables-sql`,
    sql: `SELECT "n"."nspname" AS "schema", "c"."relname" AS "name", CASE "c"."relkind" WHEN 'r' THEN 'TABLE' WHEN 'p' THEN 'PARTITIONED TABLE' WHEN 'v' THEN 'VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE NULL END AS "type", "d"."description" AS "description", "stat"."n_live_tup" AS "estimated_row_count" FROM "pg_catalog"."pg_class" AS "c" INNER JOIN "pg_catalog"."pg_namespace" AS "n" ON "c"."relnamespace" = "n"."oid" LEFT JOIN "pg_catalog"."pg_description" AS "d" ON ("c"."oid" = "d"."objoid") AND ("d"."objsubid" = '0') AND ("d"."classoid" = 'pg_class'::regclass) LEFT JOIN "pg_stat_user_tables" AS "stat" ON ("n"."nspname" = "stat"."schemaname") AND ("c"."relname" = "stat"."relname") WHERE ("c"."relnamespace" = "n"."oid") AND ("n"."nspname" !~ '^pg_') AND ("n"."nspname" <> 'information_schema') AND c.relkind in ('r', 'p', 'v', 'f', 'm') AND ("n"."nspname" IN ('public')) ORDER BY "type" ASC, "schema" ASC, "name" ASC`,
  },
  { tool: 'Metabase', step: 'sync: database time zone', protocol: 'extended', source: `${DRIVER} db-default-timezone`, sql: 'show timezone;' },
  {
    tool: 'Metabase', step: 'sync: enum types', protocol: 'extended', source: `${DRIVER} enum-types`,
    sql: 'SELECT nspname, typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid IN (SELECT DISTINCT enumtypid FROM pg_enum e)',
  },
];
