/**
 * Metabase's PostgreSQL driver (through pgjdbc): connection test, schema list, the table-privilege
 * check of sql-jdbc's describe-database and the table list of describe-database. Metabase builds
 * most of these with HoneySQL; the texts are what Metabase 0.55.1 sent, captured on the wire in
 * datafusion-contrib/datafusion-postgres datafusion-postgres/tests/metabase.rs, and the field and
 * foreign-key sync as xtdb's pgwire tests keep them. The rest are literal strings in
 * metabase/metabase src/metabase/driver/postgres.clj.
 */
import type { ReplayQuery } from './replay-query.js';

const CAPTURED = 'datafusion-contrib/datafusion-postgres datafusion-postgres/tests/metabase.rs (Metabase 0.55.1 on the wire)';
const DRIVER = 'metabase/metabase src/metabase/driver/postgres.clj';
const XTDB_CAPTURED = `xtdb/xtdb src/test/clojure/xtdb/pgwire/metabase_test.clj (what Metabase sends, laid out on lines); built by ${DRIVER} describe-fields-sql / describe-fks-sql`;

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
  {
    tool: 'Metabase', step: 'sync: fields (describe-fields-sql, columns)', protocol: 'extended', source: XTDB_CAPTURED,
    sql: `SELECT "c"."column_name" AS "name",
                             CASE WHEN "c"."udt_schema" IN ('public', 'pg_catalog')
                                  THEN FORMAT('%s', "c"."udt_name")
                                  ELSE FORMAT('"%s"."%s"', "c"."udt_schema", "c"."udt_name")
                             END AS "database-type",
                             "c"."ordinal_position" - 1 AS "database-position",
                             "c"."table_schema" AS "table-schema",
                             "c"."table_name" AS "table-name",
                             "pk"."column_name" IS NOT NULL AS "pk?",
                             COL_DESCRIPTION(CAST(CAST(FORMAT('%I.%I', CAST("c"."table_schema" AS TEXT), CAST("c"."table_name" AS TEXT)) AS REGCLASS) AS OID), "c"."ordinal_position") AS "field-comment",
                             (("column_default" IS NULL) OR (LOWER("column_default") = 'null')) AND ("is_nullable" = 'NO') AND NOT ((("column_default" IS NOT NULL) AND ("column_default" LIKE '%nextval(%')) OR ("is_identity" <> 'NO')) AS "database-required",
                             (("column_default" IS NOT NULL) AND ("column_default" LIKE '%nextval(%')) OR ("is_identity" <> 'NO') AS "database-is-auto-increment"
                      FROM "information_schema"."columns" AS "c"
                      LEFT JOIN (SELECT "tc"."table_schema", "tc"."table_name", "kc"."column_name"
                                 FROM "information_schema"."table_constraints" AS "tc"
                                 INNER JOIN "information_schema"."key_column_usage" AS "kc"
                                   ON ("tc"."constraint_name" = "kc"."constraint_name")
                                   AND ("tc"."table_schema" = "kc"."table_schema")
                                   AND ("tc"."table_name" = "kc"."table_name")
                                 WHERE "tc"."constraint_type" = 'PRIMARY KEY') AS "pk"
                        ON ("c"."table_schema" = "pk"."table_schema")
                        AND ("c"."table_name" = "pk"."table_name")
                        AND ("c"."column_name" = "pk"."column_name")
                      WHERE c.table_schema !~ '^information_schema|catalog_history|pg_'
                        AND ("c"."table_schema" = 'public')
                      ORDER BY "table-schema" ASC, "table-name" ASC, "database-position" ASC`,
  },
  {
    tool: 'Metabase', step: 'sync: fields (describe-fields-sql, materialized views)', protocol: 'extended', source: XTDB_CAPTURED,
    sql: `SELECT "pa"."attname" AS "name",
                           CASE WHEN "ptn"."nspname" IN ('public', 'pg_catalog')
                                THEN FORMAT('%s', "pt"."typname")
                                ELSE FORMAT('"%s"."%s"', "ptn"."nspname", "pt"."typname")
                           END AS "database-type",
                           "pa"."attnum" - 1 AS "database-position",
                           "pn"."nspname" AS "table-schema",
                           "pc"."relname" AS "table-name",
                           FALSE AS "pk?",
                           NULL AS "field-comment",
                           FALSE AS "database-required",
                           FALSE AS "database-is-auto-increment"
                    FROM "pg_catalog"."pg_class" AS "pc"
                    INNER JOIN "pg_catalog"."pg_namespace" AS "pn" ON "pn"."oid" = "pc"."relnamespace"
                    INNER JOIN "pg_catalog"."pg_attribute" AS "pa" ON "pa"."attrelid" = "pc"."oid"
                    INNER JOIN "pg_catalog"."pg_type" AS "pt" ON "pt"."oid" = "pa"."atttypid"
                    INNER JOIN "pg_catalog"."pg_namespace" AS "ptn" ON "ptn"."oid" = "pt"."typnamespace"
                    WHERE ("pc"."relkind" = 'm') AND ("pa"."attnum" >= 1) AND ("pn"."nspname" = 'public')
                    ORDER BY "table-schema" ASC, "table-name" ASC, "database-position" ASC`,
  },
  {
    tool: 'Metabase', step: 'sync: foreign keys (describe-fks-sql)', protocol: 'extended', unordered: true, source: XTDB_CAPTURED,
    sql: `SELECT "fk_ns"."nspname" AS "fk-table-schema",
                           "fk_table"."relname" AS "fk-table-name",
                           "fk_column"."attname" AS "fk-column-name",
                           "pk_ns"."nspname" AS "pk-table-schema",
                           "pk_table"."relname" AS "pk-table-name",
                           "pk_column"."attname" AS "pk-column-name"
                    FROM "pg_constraint" AS "c"
                    INNER JOIN "pg_class" AS "fk_table" ON "c"."conrelid" = "fk_table"."oid"
                    INNER JOIN "pg_namespace" AS "fk_ns" ON "c"."connamespace" = "fk_ns"."oid"
                    INNER JOIN "pg_attribute" AS "fk_column" ON "c"."conrelid" = "fk_column"."attrelid"
                    INNER JOIN "pg_class" AS "pk_table" ON "c"."confrelid" = "pk_table"."oid"
                    INNER JOIN "pg_namespace" AS "pk_ns" ON "pk_table"."relnamespace" = "pk_ns"."oid"
                    INNER JOIN "pg_attribute" AS "pk_column" ON "c"."confrelid" = "pk_column"."attrelid"
                    WHERE fk_ns.nspname !~ '^information_schema|catalog_history|pg_'
                      AND ("c"."contype" = 'f'::char)
                      AND ("fk_ns"."nspname" = 'public')
                    ORDER BY "fk-table-schema" ASC, "fk-table-name" ASC`,
  },
];
