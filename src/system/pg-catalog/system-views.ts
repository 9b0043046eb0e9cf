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
 * As PostgreSQL defines them, over the pg_stat_get_* functions (stat-functions.ts): inserts,
 * updates, deletes, live rows, changes since ANALYZE, inserts since VACUUM, the ANALYZE/VACUUM
 * times and counts are kept; scans, dead rows and the autovacuum daemon's figures read 0 or NULL.
 */
function statTables(where: string): string {
  const fn = (name: string, column: string) => `pg_catalog.pg_stat_get_${name}(c.oid) AS ${column}`;
  const columns = [
    '0::bigint AS seq_scan', '0::bigint AS seq_tup_read', '0::bigint AS idx_scan', '0::bigint AS idx_tup_fetch',
    fn('tuples_inserted', 'n_tup_ins'), fn('tuples_updated', 'n_tup_upd'), fn('tuples_deleted', 'n_tup_del'),
    fn('tuples_hot_updated', 'n_tup_hot_upd'), fn('live_tuples', 'n_live_tup'), fn('dead_tuples', 'n_dead_tup'),
    fn('mod_since_analyze', 'n_mod_since_analyze'), fn('ins_since_vacuum', 'n_ins_since_vacuum'),
    fn('last_vacuum_time', 'last_vacuum'), fn('last_autovacuum_time', 'last_autovacuum'),
    fn('last_analyze_time', 'last_analyze'), fn('last_autoanalyze_time', 'last_autoanalyze'),
    fn('vacuum_count', 'vacuum_count'), fn('autovacuum_count', 'autovacuum_count'),
    fn('analyze_count', 'analyze_count'), fn('autoanalyze_count', 'autoanalyze_count'),
  ].join(', ');
  return `SELECT c.oid AS relid, n.nspname AS schemaname, c.relname, ${columns}
    FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 't', 'm', 'p') ${where.replace('WHERE', 'AND')}`;
}
