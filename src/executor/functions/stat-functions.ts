/**
 * pg_stat_get_*(oid): the per-table counters pg_stat_all_tables and pg_stat_user_tables are
 * defined over (system-views.ts), as in PostgreSQL, so a client calling them directly reads the
 * same. Inserts, updates, deletes, live rows, changes since ANALYZE, inserts since VACUUM and the
 * ANALYZE/VACUUM times and counts are kept (src/storage/stats); scans, dead rows, HOT updates and
 * the autovacuum daemon's figures are not, and read 0 or NULL — as on a server whose statistics
 * were just reset. An OID that is no table reads 0 (NULL for times), as in PostgreSQL.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { TableActivity } from '../../binder/expr/relation-stats.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';

const stable = { volatility: 'stable' as const };

function activity(a: readonly unknown[], ctx: EvalContext): TableActivity | undefined {
  return ctx.relationStats?.activity(a[0] as number);
}

const COUNTS: Record<string, (t: TableActivity) => number> = {
  pg_stat_get_tuples_inserted: (t) => t.inserted,
  pg_stat_get_tuples_updated: (t) => t.updated,
  pg_stat_get_tuples_deleted: (t) => t.deleted,
  pg_stat_get_live_tuples: (t) => t.live,
  pg_stat_get_mod_since_analyze: (t) => t.modifiedSinceAnalyze,
  pg_stat_get_ins_since_vacuum: (t) => t.insertedSinceVacuum,
  pg_stat_get_analyze_count: (t) => t.analyzeCount,
  pg_stat_get_vacuum_count: (t) => t.vacuumCount,
};
for (const [name, read] of Object.entries(COUNTS)) {
  registerFunction(name, overload([T.oid], T.int8, (a, ctx) => {
    const t = activity(a, ctx);
    return t ? BigInt(read(t)) : 0n;
  }, stable));
}

const TIMES: Record<string, (t: TableActivity) => bigint | null> = {
  pg_stat_get_last_analyze_time: (t) => t.lastAnalyze,
  pg_stat_get_last_vacuum_time: (t) => t.lastVacuum,
};
for (const [name, read] of Object.entries(TIMES)) {
  registerFunction(name, overload([T.oid], T.timestamptz, (a, ctx) => {
    const t = activity(a, ctx);
    return t ? read(t) : null;
  }, stable));
}

for (const name of ['pg_stat_get_numscans', 'pg_stat_get_tuples_returned', 'pg_stat_get_tuples_fetched',
  'pg_stat_get_tuples_hot_updated', 'pg_stat_get_dead_tuples', 'pg_stat_get_autovacuum_count', 'pg_stat_get_autoanalyze_count']) {
  registerFunction(name, overload([T.oid], T.int8, () => 0n, stable));
}
for (const name of ['pg_stat_get_last_autovacuum_time', 'pg_stat_get_last_autoanalyze_time']) {
  registerFunction(name, overload([T.oid], T.timestamptz, () => null, stable));
}
