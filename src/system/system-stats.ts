/**
 * system.stats (seed 001, T110): one row per metric, `metric_name` and `metric_value` as text.
 * Only what the server measures is listed — a metric of the seed's list it cannot measure yet
 * (schema-cache and type-conversion hit rates: the schema store has no misses to count; CPU
 * use, query latency and rate, live queries) is left out rather than made up. Server internals:
 * for the dba and system roles only (42501 for the others), as the seed asks.
 */
import { Errors } from '../errors/sql-error.js';
import type { Value } from '../types/kalam-type.js';
import { T, cols } from './column-types.js';
import { seesEveryone, type SystemContext, type VirtualTable } from './virtual-table.js';

/** What the storage holds, measured when system.stats is read (executor/storage-totals.ts). */
export interface StorageTotals {
  /** RocksDB: its SST files plus its memtables (rows, indexes, catalog, jobs). */
  readonly hotBytes: number;
  readonly coldSegments: number;
  /** Row versions in segments, tombstones not counted. */
  readonly coldRows: number;
  readonly coldBytes: number;
  /** The data directory's files: RocksDB's, the commit log's, and the segments. */
  readonly diskUsedBytes: number;
  /** Free space for the data directory's file system, null when it cannot be asked. */
  readonly diskAvailableBytes: number | null;
}

function metrics(ctx: SystemContext): [string, number | null][] {
  const storage = ctx.storageTotals();
  return [
    ['server_uptime_seconds', Math.floor((Date.now() - ctx.startedAt) / 1000)],
    ['memory_usage_bytes', process.memoryUsage().rss],
    ['active_connections', ctx.backends().length],
    ['total_namespaces', ctx.schema.listNamespaces().length],
    ['total_tables', ctx.schema.listTables().length],
    ['total_users', ctx.schema.listUsers().length],
    ['total_storages', ctx.schema.listStorages().length],
    ['total_jobs', ctx.jobs().length],
    ['hot_bytes', storage.hotBytes],
    ['cold_segments', storage.coldSegments],
    ['cold_rows', storage.coldRows],
    ['cold_bytes', storage.coldBytes],
    ['disk_space_used_bytes', storage.diskUsedBytes],
    ['disk_space_available_bytes', storage.diskAvailableBytes],
  ];
}

export const stats: VirtualTable = {
  namespace: 'system',
  name: 'stats',
  oid: 14008,
  columns: cols({ metric_name: T.text, metric_value: T.text }),
  rows(ctx: SystemContext): Value[][] {
    if (!seesEveryone(ctx.user)) throw Errors.insufficientPrivilege('permission denied for table stats');
    return metrics(ctx).filter(([, v]) => v !== null).map(([name, v]) => [name, String(v)]);
  },
};
