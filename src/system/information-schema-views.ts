/**
 * information_schema views defined in SQL over pg_catalog, as PostgreSQL defines them, so the two
 * never disagree. Constraint views list NOT NULL columns as CHECK constraints named
 * `<schema oid>_<table oid>_<attnum>_not_null`, as PostgreSQL 15 does.
 */
const DB = 'current_database()::name';

const NOT_NULL_NAME = `(n.oid::text || '_' || r.oid::text || '_' || a.attnum::text || '_not_null')::name`;

const NOT_NULL_FROM = `FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class r ON r.oid = a.attrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
    WHERE a.attnotnull AND a.attnum > 0 AND NOT a.attisdropped AND r.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'system')`;

const rule = (col: string) => `(CASE ${col} WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
      WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END)::varchar`;

export const INFORMATION_SCHEMA_VIEWS: Readonly<Record<string, string>> = {
  table_constraints: `SELECT ${DB} AS constraint_catalog, n.nspname AS constraint_schema, c.conname AS constraint_name,
      ${DB} AS table_catalog, n.nspname AS table_schema, r.relname AS table_name,
      (CASE c.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY'
        WHEN 'u' THEN 'UNIQUE' END)::varchar AS constraint_type,
      (CASE WHEN c.condeferrable THEN 'YES' ELSE 'NO' END)::varchar AS is_deferrable,
      (CASE WHEN c.condeferred THEN 'YES' ELSE 'NO' END)::varchar AS initially_deferred,
      'YES'::varchar AS enforced,
      (CASE WHEN c.contype IN ('p', 'u') THEN 'YES' END)::varchar AS nulls_distinct
    FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
    WHERE r.relkind IN ('r', 'p')
    UNION ALL
    SELECT ${DB}, n.nspname, ${NOT_NULL_NAME}, ${DB}, n.nspname, r.relname, 'CHECK'::varchar, 'NO'::varchar,
      'NO'::varchar, 'YES'::varchar, NULL::varchar
    ${NOT_NULL_FROM}`,
  check_constraints: `SELECT ${DB} AS constraint_catalog, n.nspname AS constraint_schema, c.conname AS constraint_name,
      substring(pg_catalog.pg_get_constraintdef(c.oid) from 7)::varchar AS check_clause
    FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'c'
    UNION ALL
    SELECT ${DB}, n.nspname, ${NOT_NULL_NAME}, (a.attname::text || ' IS NOT NULL')::varchar
    ${NOT_NULL_FROM}`,
  key_column_usage: `SELECT ${DB} AS constraint_catalog, n.nspname AS constraint_schema, c.conname AS constraint_name,
      ${DB} AS table_catalog, n.nspname AS table_schema, r.relname AS table_name, a.attname AS column_name,
      k.n::int AS ordinal_position,
      (CASE WHEN c.contype = 'f' THEN pg_catalog.array_position(u.conkey, c.confkey[k.n::int]) END)::int
        AS position_in_unique_constraint
    FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_class r ON r.oid = c.conrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
      CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
      JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = k.attnum
      LEFT JOIN pg_catalog.pg_constraint u ON c.contype = 'f' AND u.conrelid = c.confrelid
        AND u.conindid = c.conindid AND u.contype IN ('p', 'u')
    WHERE c.contype IN ('p', 'u', 'f') AND r.relkind IN ('r', 'p')`,
  constraint_column_usage: `SELECT ${DB} AS table_catalog, tn.nspname AS table_schema, t.relname AS table_name,
      a.attname AS column_name, ${DB} AS constraint_catalog, n.nspname AS constraint_schema,
      c.conname AS constraint_name
    FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
      CROSS JOIN LATERAL unnest(CASE WHEN c.contype = 'f' THEN c.confkey ELSE c.conkey END) AS k(attnum)
      JOIN pg_catalog.pg_class t ON t.oid = (CASE WHEN c.contype = 'f' THEN c.confrelid ELSE c.conrelid END)
      JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE c.contype IN ('p', 'u', 'f', 'c')`,
  referential_constraints: `SELECT ${DB} AS constraint_catalog, n.nspname AS constraint_schema,
      c.conname AS constraint_name, ${DB} AS unique_constraint_catalog, un.nspname AS unique_constraint_schema,
      u.conname AS unique_constraint_name,
      (CASE c.confmatchtype WHEN 'f' THEN 'FULL' WHEN 'p' THEN 'PARTIAL' ELSE 'NONE' END)::varchar AS match_option,
      ${rule('c.confupdtype')} AS update_rule, ${rule('c.confdeltype')} AS delete_rule
    FROM pg_catalog.pg_constraint c
      JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
      LEFT JOIN pg_catalog.pg_constraint u ON u.conrelid = c.confrelid AND u.conindid = c.conindid
        AND u.contype IN ('p', 'u')
      LEFT JOIN pg_catalog.pg_namespace un ON un.oid = u.connamespace
    WHERE c.contype = 'f'`,
  sequences: `SELECT ${DB} AS sequence_catalog, n.nspname AS sequence_schema, c.relname AS sequence_name,
      pg_catalog.format_type(s.seqtypid, NULL)::varchar AS data_type,
      (CASE s.seqtypid WHEN 21 THEN 16 WHEN 23 THEN 32 ELSE 64 END)::int AS numeric_precision,
      2 AS numeric_precision_radix, 0 AS numeric_scale, s.seqstart::varchar AS start_value,
      s.seqmin::varchar AS minimum_value, s.seqmax::varchar AS maximum_value, s.seqincrement::varchar AS increment,
      (CASE WHEN s.seqcycle THEN 'YES' ELSE 'NO' END)::varchar AS cycle_option
    FROM pg_catalog.pg_sequence s
      JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
};
