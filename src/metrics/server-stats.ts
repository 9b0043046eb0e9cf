/**
 * The one list of figures system.stats, SHOW STATS and the Prometheus endpoint all show: name,
 * value, what it means and whether it only grows (counter) or goes up and down (gauge). Built
 * when read; null for a figure that cannot be measured here (left out of system.stats, as a
 * metric the server cannot measure is never made up).
 */
import type { ServerMetrics } from './server-metrics.js';
import { STATEMENT_KINDS } from './statement-kind.js';
import type { LogHistogram } from './log-histogram.js';

export interface ServerStat {
  readonly name: string;
  readonly value: number | null;
  readonly type: 'counter' | 'gauge';
  readonly help: string;
}

/** What the figures are read from; executor/server-stats-source.ts gathers it from the Database. */
export interface ServerStatsSource {
  readonly metrics: ServerMetrics;
  readonly startedAt: number;
  readonly cpuPercent: () => number;
  readonly activeConnections: number;
  readonly totals: { readonly tables: number; readonly namespaces: number; readonly storages: number; readonly users: number };
  readonly jobs: { readonly total: number; readonly completed: number; readonly failed: number; readonly flushes: number };
  readonly liveQueries: number;
  readonly parseCache: { readonly size: number; readonly hits: number; readonly misses: number };
  readonly schemaCache: { readonly size: number; readonly hits: number; readonly misses: number; readonly lookupNs: LogHistogram };
  readonly storage: {
    readonly hotBytes: number; readonly coldSegments: number; readonly coldRows: number; readonly coldBytes: number;
    readonly diskUsedBytes: number; readonly diskAvailableBytes: number | null;
  };
}

function ratio(hits: number, misses: number): number | null {
  return hits + misses === 0 ? null : hits / (hits + misses);
}

/** Three decimals are plenty for a millisecond figure and keep the text short. */
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function serverStats(s: ServerStatsSource): ServerStat[] {
  const m = s.metrics;
  const gauge = (name: string, value: number | null, help: string): ServerStat => ({ name, value, type: 'gauge', help });
  const counter = (name: string, value: number, help: string): ServerStat => ({ name, value, type: 'counter', help });
  const memory = process.memoryUsage();
  const lat = m.latencyUs;
  return [
    gauge('server_uptime_seconds', Math.floor((Date.now() - s.startedAt) / 1000), 'Seconds since the server started.'),
    gauge('memory_usage_bytes', memory.rss, 'Resident set size of the server process.'),
    gauge('memory_heap_used_bytes', memory.heapUsed, 'V8 heap in use.'),
    gauge('cpu_usage_percent', round3(s.cpuPercent()), 'CPU time over wall time since the previous reading, in percent of one core.'),
    gauge('active_connections', s.activeConnections, 'Sessions connected now.'),
    counter('connections_total', m.connectionsOpened, 'Sessions opened since the server started.'),
    counter('connections_rejected_total', m.connectionsRejected, 'Connections refused: too many connections, failed authentication, connection limit or lockout.'),
    counter('queries_total', m.queriesTotal, 'Statements run, failed ones included.'),
    ...STATEMENT_KINDS.map((k) => counter(`queries_${k}_total`, m.queries[k], `Statements of kind ${k} that completed.`)),
    counter('queries_error_total', m.queries.error, 'Statements that failed while running (parse and plan errors are not counted).'),
    gauge('queries_per_second', round3(m.rate.perSecond()), 'Statements per second over the last ten seconds.'),
    gauge('avg_query_latency_ms', round3(lat.mean / 1000), 'Mean statement run time.'),
    gauge('query_latency_p50_ms', round3(lat.quantile(0.5) / 1000), 'Median statement run time (upper bound of its histogram bucket).'),
    gauge('query_latency_p95_ms', round3(lat.quantile(0.95) / 1000), '95th percentile statement run time (bucket upper bound).'),
    gauge('query_latency_p99_ms', round3(lat.quantile(0.99) / 1000), '99th percentile statement run time (bucket upper bound).'),
    counter('rows_read_total', m.rowsRead, 'Rows sent to clients.'),
    counter('rows_written_total', m.rowsWritten, 'Rows inserted, updated or deleted by INSERT, UPDATE, DELETE and MERGE.'),
    counter('plan_cache_hits_total', m.planCacheHits, 'Statements run with a plan reused from a prepared statement or an earlier identical query.'),
    counter('plan_cache_misses_total', m.planCacheMisses, 'Statements that had to be planned.'),
    counter('parse_cache_hits_total', s.parseCache.hits, 'Query texts found already parsed.'),
    counter('parse_cache_misses_total', s.parseCache.misses, 'Query texts that had to be parsed.'),
    gauge('parse_cache_size', s.parseCache.size, 'Parsed query texts kept.'),
    counter('schema_cache_hits_total', s.schemaCache.hits, 'Table metadata lookups answered from the schema cache.'),
    counter('schema_cache_misses_total', s.schemaCache.misses, 'Table metadata lookups that built it (first use, or after DDL).'),
    gauge('schema_cache_size', s.schemaCache.size, 'Table versions in the schema cache.'),
    gauge('schema_cache_hit_rate', ratio(s.schemaCache.hits, s.schemaCache.misses), 'Schema cache hits over lookups.'),
    gauge('schema_cache_lookup_p50_us', round3(s.schemaCache.lookupNs.quantile(0.5) / 1000), 'Median schema cache lookup (sampled, bucket upper bound).'),
    gauge('schema_cache_lookup_p99_us', round3(s.schemaCache.lookupNs.quantile(0.99) / 1000), '99th percentile schema cache lookup (sampled, bucket upper bound).'),
    gauge('total_namespaces', s.totals.namespaces, 'Namespaces.'),
    gauge('total_tables', s.totals.tables, 'Tables.'),
    gauge('total_users', s.totals.users, 'Users and roles.'),
    gauge('total_storages', s.totals.storages, 'Storages.'),
    gauge('total_jobs', s.jobs.total, 'Jobs in system.jobs.'),
    gauge('jobs_completed', s.jobs.completed, 'Jobs in system.jobs that completed.'),
    gauge('jobs_failed', s.jobs.failed, 'Jobs in system.jobs that failed.'),
    gauge('flushes_completed', s.jobs.flushes, 'Flush jobs in system.jobs that completed.'),
    gauge('total_live_queries', s.liveQueries, 'Live queries subscribed now.'),
    gauge('hot_bytes', s.storage.hotBytes, 'RocksDB: SST files plus memtables.'),
    gauge('cold_segments', s.storage.coldSegments, 'Parquet segments.'),
    gauge('cold_rows', s.storage.coldRows, 'Row versions in segments.'),
    gauge('cold_bytes', s.storage.coldBytes, 'Bytes of Parquet segments.'),
    gauge('disk_space_used_bytes', s.storage.diskUsedBytes, "The data directory's files."),
    gauge('disk_space_available_bytes', s.storage.diskAvailableBytes, "Free space on the data directory's file system."),
  ];
}
