/**
 * system.stats (seed 001, T110): one row per metric, `metric_name` and `metric_value` as text —
 * the figures of metrics/server-stats.ts, which SHOW STATS and the Prometheus endpoint show too.
 * A figure the server cannot measure (a hit rate before the first lookup) is left out rather
 * than made up. Server internals: for the dba and system roles only (42501 for the others), as
 * the seed asks.
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

export const stats: VirtualTable = {
  namespace: 'system',
  name: 'stats',
  oid: 14008,
  columns: cols({ metric_name: T.text, metric_value: T.text }),
  rows(ctx: SystemContext): Value[][] {
    if (!seesEveryone(ctx.user)) throw Errors.insufficientPrivilege('permission denied for table stats');
    return ctx.serverStats().filter((s) => s.value !== null).map((s) => [s.name, String(s.value)]);
  },
};
