/**
 * Database: the one application context (seed 004) — the RocksDB store, the schema store, the
 * row store with its transaction rules, sequences and id generators — shared by every session.
 */
import { AdvisoryLockTable } from '../session/advisory-locks.js';
import { mkdirSync } from 'node:fs';
import { SchemaStore } from '../catalog/schema-store.js';
import { ensureLocalStorage } from '../catalog/builtin-storage.js';
import type { JobKind } from '../jobs/job-kind.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JobStore } from '../jobs/job-store.js';
import { streamEvictionKind } from '../storage/ttl/evict-job.js';
import { StoragePaths } from '../storage/storage-paths.js';
import { CommitLog } from '../storage/commit-log.js';
import { undoInterruptedLoads } from '../storage/bulk-load.js';
import { KvStore } from '../storage/kv-store.js';
import { RowStore } from '../storage/row-store.js';
import { SequenceValues } from '../storage/sequence-values.js';
import { BackendRegistry } from '../session/backend-registry.js';
import { SnowflakeGenerator } from '../util/ids.js';
import { DEFAULT_MAX_QUERY_MEMORY } from './memory/query-memory.js';
import { ColumnMirrors, DEFAULT_COLUMN_CACHE_MEMORY } from './columnar/column-mirrors.js';
import { ColdStore } from '../storage/cold/cold-store.js';
import { compactJobKind, flushJobKind } from '../storage/cold/flush-job.js';
import type { FlushDeps } from '../storage/cold/flush.js';
import { FlushScheduler } from '../storage/cold/flush-policy.js';
import { TableStats } from '../storage/stats/table-stats.js';
import { HotBytes } from '../storage/stats/hot-bytes.js';
import { keySpaces, RelationSizes } from '../storage/stats/relation-sizes.js';
import type { RelationStatsLookup } from '../binder/expr/relation-stats.js';
import { catalogModel } from '../system/build-catalog-model.js';
import { relationStatsLookup } from './relation-stats-lookup.js';
import { LoginGuard, type LoginPolicy } from '../auth/login-guard.js';
import { AuditLog } from '../audit/audit-log.js';
import { LiveHub } from '../live/live-hub.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { VectorIndexes, vectorIndexJobKind } from '../vector/vector-indexes.js';

export interface DatabaseOptions {
  /** Bytes one statement may hold in rows before it fails with 53200 (`--max-query-memory`). */
  readonly maxQueryMemory?: number;
  /** Bytes the in-memory column mirrors of scanned tables may hold (`--column-cache-memory`). */
  readonly columnCacheMemory?: number;
  /** Job kinds to register before interrupted jobs are recovered (tests add their own). */
  readonly jobKinds?: readonly JobKind[];
  /** Failed-login lockout and per-address limits (auth/login-guard.ts). */
  readonly loginPolicy?: LoginPolicy;
  /** Entries system.audit_log keeps (`--audit-log-max-entries`). */
  readonly auditMaxEntries?: number;
  /** Bytes of notifications a connection may have waiting (the wire's bound; named in overflow notices). */
  readonly maxNotificationQueue?: number;
}

export class Database {
  readonly startedAt = Date.now();
  /** pg_advisory_lock's locks, shared by every session (session/advisory-locks.ts). */
  readonly advisoryLocks = new AdvisoryLockTable();
  /** The connected sessions, by process id (pg_stat_activity, pg_terminate_backend). */
  readonly backends = new BackendRegistry();
  /** Connections, statements, latency, caches: system.stats and /metrics (metrics/). */
  readonly metrics = new ServerMetrics();
  readonly maxQueryMemory: number;
  /** Scanned tables, as columns in memory (executor/columnar). */
  readonly mirrors: ColumnMirrors;
  private closed = false;
  /** Queues flushes by each table's FLUSH_POLICY (storage/cold/flush-policy.ts). */
  private flushPolicies: FlushScheduler | null = null;
  private statsLookup: RelationStatsLookup | null = null;
  /** Failed logins and lockouts (auth/login-guard.ts), and system.audit_log (audit/): set by open(). */
  logins!: LoginGuard;
  audit!: AuditLog;
  /** LISTEN/NOTIFY channels and live queries (live/): set by open(). */
  live!: LiveHub;
  /** hnsw indexes on EMBEDDING columns (vector/): set by open(). */
  vectors!: VectorIndexes;

  private constructor(
    readonly dataDir: string,
    readonly kv: KvStore,
    readonly schema: SchemaStore,
    readonly rows: RowStore,
    readonly sequences: SequenceValues,
    readonly snowflake: SnowflakeGenerator,
    /** Background jobs: flush, compaction, … (jobs/job-runner.ts). */
    readonly jobs: JobRunner,
    /** Which directory holds a table's segments, from its storage (storage/storage-paths.ts). */
    readonly storagePaths: StoragePaths,
    /** Rows flushed to Parquet segments, by table and partition (storage/cold). */
    readonly cold: ColdStore,
    /** What ANALYZE and VACUUM recorded per table, and the write counters since (storage/stats). */
    readonly stats: TableStats,
    /** Bytes per table, index and database, hot and cold (storage/stats). */
    readonly sizes: RelationSizes,
    options: DatabaseOptions,
  ) {
    this.maxQueryMemory = options.maxQueryMemory ?? DEFAULT_MAX_QUERY_MEMORY;
    this.mirrors = new ColumnMirrors(rows, options.columnCacheMemory ?? DEFAULT_COLUMN_CACHE_MEMORY, cold);
    rows.listen(this.mirrors);
  }

  /**
   * Opens (or creates) the data directory, replaying commits the commit log holds that RocksDB
   * has not got yet. `onBackgroundError` hears of failures no statement is waiting for.
   */
  static async open(dataDir: string, onBackgroundError?: (e: unknown) => void, options: DatabaseOptions = {}): Promise<Database> {
    mkdirSync(dataDir, { recursive: true });
    // RocksDB's own default memtable (the binding's is 4 MiB): a bulk load then flushes a few
    // large files instead of dozens of small ones that compaction must merge while it runs.
    const kv = await KvStore.open(`${dataDir}/rocksdb`, { writeBufferSize: 64 * 1024 * 1024 });
    const log = await CommitLog.open(`${dataDir}/commit-log`, kv);
    await undoInterruptedLoads(kv); // a COPY cut off by a crash leaves none of its rows
    const schema = await SchemaStore.open(kv);
    await ensureLocalStorage(schema);
    const snowflake = new SnowflakeGenerator();
    const storagePaths = new StoragePaths(schema, dataDir);
    const cold = await ColdStore.open(kv, schema, storagePaths, snowflake, onBackgroundError);
    const rows = new RowStore(kv, log, undefined, onBackgroundError);
    rows.attachCold(cold);
    await rows.warm(schema.listTables().map((t) => t.id));
    const jobs = new JobRunner(await JobStore.open(kv), onBackgroundError);
    const stats = await TableStats.open(kv, schema, onBackgroundError);
    rows.listen(stats);
    const hot = new HotBytes(kv, () => keySpaces(schema), onBackgroundError);
    rows.listen(hot);
    await hot.refresh();
    const sizes = new RelationSizes(hot, cold, schema);
    const db = new Database(dataDir, kv, schema, rows, new SequenceValues(kv), snowflake, jobs, storagePaths, cold, stats, sizes, options);
    db.logins = await LoginGuard.open(kv, options.loginPolicy);
    db.audit = await AuditLog.open(kv, options.auditMaxEntries, onBackgroundError);
    db.live = new LiveHub(schema, onBackgroundError ?? (() => {}), options.maxNotificationQueue);
    rows.listen({ committed() {}, withdrawn() {}, rowsLoaded() {}, tableDropped: (id) => db.live.tableDropped(id) });
    jobs.register(flushJobKind(db.flushDeps));
    jobs.register(compactJobKind(db.flushDeps));
    jobs.register(streamEvictionKind(db));
    jobs.register(vectorIndexJobKind);
    for (const kind of options.jobKinds ?? []) jobs.register(kind);
    await jobs.start(); // jobs a crash interrupted go to their kinds' recovery first
    db.flushPolicies = new FlushScheduler(db.flushDeps, onBackgroundError ?? (() => {}));
    rows.listen(db.flushPolicies);
    db.vectors = new VectorIndexes(`${dataDir}/vector-indexes`, schema, rows, jobs, onBackgroundError ?? (() => {}));
    rows.listen(db.vectors);
    sizes.graphBytes = (oid) => db.vectors.savedBytes(oid);
    await db.vectors.open();
    return db;
  }

  /** Row counts and sizes by pg_class OID, for the statistics and size functions and pg_class. */
  get relationStats(): RelationStatsLookup {
    this.statsLookup ??= relationStatsLookup(this, () => catalogModel(this.schema));
    return this.statsLookup;
  }

  /** What flush and compaction jobs work with. */
  get flushDeps(): FlushDeps {
    return { rows: this.rows, cold: this.cold, schema: this.schema, jobs: this.jobs };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.metrics.close();
    this.flushPolicies?.close();
    this.sizes.hot.close();
    await this.jobs.close(); // running jobs stop at their next step, before RocksDB goes
    await this.vectors?.close(); // saves the indexes that changed since their last save
    this.schema.release();
    await this.sequences.close();
    await this.rows.close();
    await this.stats.close(); // after the last commit has been counted
    await this.audit.flush();
    await this.logins.flush();
    await this.kv.close();
  }
}
