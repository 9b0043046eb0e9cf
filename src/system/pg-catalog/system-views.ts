/**
 * The pg_catalog views tools read, defined in SQL over the catalog relations as PostgreSQL defines
 * its own, so they can never disagree with pg_class and friends. Each must produce exactly the
 * columns (names and types) of PostgreSQL 15's view (pg15-shapes.ts); the view machinery checks it.
 */
export const PG_CATALOG_VIEWS: Readonly<Record<string, string>> = {
  pg_tables: `SELECT n.nspname AS schemaname, c.relname AS tablename,
      pg_catalog.pg_get_userbyid(c.relowner) AS tableowner, NULL::name AS tablespace,
      c.relhasindex AS hasindexes, c.relhasrules AS hasrules, c.relhastriggers AS hastriggers,
      c.relrowsecurity AS rowsecurity
    FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')`,
  pg_views: `SELECT n.nspname AS schemaname, c.relname AS viewname,
      pg_catalog.pg_get_userbyid(c.relowner) AS viewowner, pg_catalog.pg_get_viewdef(c.oid) AS definition
    FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'v'`,
  pg_matviews: `SELECT n.nspname AS schemaname, c.relname AS matviewname,
      pg_catalog.pg_get_userbyid(c.relowner) AS matviewowner, NULL::name AS tablespace,
      c.relhasindex AS hasindexes, c.relispopulated AS ispopulated, pg_catalog.pg_get_viewdef(c.oid) AS definition
    FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'm'`,
  pg_indexes: `SELECT n.nspname AS schemaname, c.relname AS tablename, i.relname AS indexname,
      NULL::name AS tablespace, pg_catalog.pg_get_indexdef(i.oid) AS indexdef
    FROM pg_catalog.pg_index x
      JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
      JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')`,
  pg_sequences: `SELECT n.nspname AS schemaname, c.relname AS sequencename,
      pg_catalog.pg_get_userbyid(c.relowner) AS sequenceowner, s.seqtypid::regtype AS data_type,
      s.seqstart AS start_value, s.seqmin AS min_value, s.seqmax AS max_value, s.seqincrement AS increment_by,
      s.seqcycle AS cycle, s.seqcache AS cache_size, pg_catalog.pg_sequence_last_value(c.oid) AS last_value
    FROM pg_catalog.pg_sequence s
      JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
  pg_roles: `SELECT a.rolname, a.rolsuper, a.rolinherit, a.rolcreaterole, a.rolcreatedb, a.rolcanlogin,
      a.rolreplication, a.rolconnlimit, '********'::text AS rolpassword, a.rolvaliduntil, a.rolbypassrls,
      NULL::text[] AS rolconfig, a.oid
    FROM pg_catalog.pg_authid a`,
  pg_user: `SELECT a.rolname AS usename, a.oid AS usesysid, a.rolcreatedb AS usecreatedb, a.rolsuper AS usesuper,
      a.rolreplication AS userepl, a.rolbypassrls AS usebypassrls, '********'::text AS passwd,
      a.rolvaliduntil AS valuntil, NULL::text[] AS useconfig
    FROM pg_catalog.pg_authid a WHERE a.rolcanlogin`,
  pg_policies: `SELECT n.nspname AS schemaname, c.relname AS tablename, p.polname AS policyname,
      NULL::text AS permissive, NULL::name[] AS roles, NULL::text AS cmd, NULL::text AS qual,
      NULL::text AS with_check
    FROM pg_catalog.pg_policy p
      JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
  pg_stat_all_tables: statTables(''),
  pg_stat_user_tables: statTables(`WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'system')`),
  pg_stat_user_indexes: `SELECT c.oid AS relid, i.oid AS indexrelid, n.nspname AS schemaname, c.relname,
      i.relname AS indexrelname, 0::bigint AS idx_scan, 0::bigint AS idx_tup_read, 0::bigint AS idx_tup_fetch
    FROM pg_catalog.pg_index x
      JOIN pg_catalog.pg_class c ON c.oid = x.indrelid
      JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'system')`,
  pg_statio_all_tables: `SELECT c.oid AS relid, n.nspname AS schemaname, c.relname,
      0::bigint AS heap_blks_read, 0::bigint AS heap_blks_hit, 0::bigint AS idx_blks_read, 0::bigint AS idx_blks_hit,
      0::bigint AS toast_blks_read, 0::bigint AS toast_blks_hit, 0::bigint AS tidx_blks_read,
      0::bigint AS tidx_blks_hit
    FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 't', 'm')`,
};

/**
 * Activity counters are not kept: every count reads 0 and every time NULL, as on a server whose
 * statistics were just reset.
 */
function statTables(where: string): string {
  const zeros = ['seq_scan', 'seq_tup_read', 'idx_scan', 'idx_tup_fetch', 'n_tup_ins', 'n_tup_upd', 'n_tup_del',
    'n_tup_hot_upd', 'n_live_tup', 'n_dead_tup', 'n_mod_since_analyze', 'n_ins_since_vacuum']
    .map((c) => `0::bigint AS ${c}`).join(', ');
  const times = ['last_vacuum', 'last_autovacuum', 'last_analyze', 'last_autoanalyze']
    .map((c) => `NULL::timestamptz AS ${c}`).join(', ');
  const counts = ['vacuum_count', 'autovacuum_count', 'analyze_count', 'autoanalyze_count']
    .map((c) => `0::bigint AS ${c}`).join(', ');
  return `SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, ${zeros}, ${times}, ${counts}
    FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 't', 'm', 'p') ${where.replace('WHERE', 'AND')}`;
}
