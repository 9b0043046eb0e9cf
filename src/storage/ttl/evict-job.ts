/**
 * The stream-eviction job (KalamDB's `stream_eviction`, ids `SE-…`): deletes the rows of one
 * STREAM table, every user partition, whose TTL has passed — through the row store's ordinary
 * commit, so the commit log, RocksDB, the row cache and the column mirrors all see a delete.
 *
 *   scan the table ─▶ keys whose value is expired (row-expiry.ts, as of the job's start)
 *     ─▶ per batch: begin ─▶ read the keys again ─▶ delete those still expired (and their
 *        index entries) ─▶ commit ─▶ pause (writers run; KILL JOB stops here)
 *
 * It never deletes a live row: a batch re-reads its keys after its write set began, so a row
 * rewritten before that read has a new `_seq` and is skipped, and one rewritten after it makes
 * the commit fail with 40001 (first committer wins) — the batch is then read and tried again,
 * and keys still contended after a few tries are left for the next run. Each batch is atomic and
 * deleting an expired row twice is harmless, so a run a crash cut short is simply run again.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { SqlError } from '../../errors/sql-error.js';
import { secondaryIndexes } from '../../executor/index-access.js';
import { tableAccess } from '../../executor/table-access.js';
import type { JobContext, JobKind, JobRun } from '../../jobs/job-kind.js';
import type { JobRecord, JobResult } from '../../jobs/job-record.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import type { SchemaStore } from '../../catalog/schema-store.js';
import { parseRowKey, tablePrefix } from '../key-layout.js';
import { prefixEnd } from '../keycode.js';
import { SEQ_OFFSET } from '../row-codec.js';
import type { RowStore } from '../row-store.js';
import { deleteIndexEntriesOf, type ExpiredRow } from './expired-index-entries.js';
import { rowExpiry, type RowExpiry } from './row-expiry.js';

export const STREAM_EVICTION = 'stream_eviction';
/** Rows deleted per commit: big enough to amortise a commit, small enough not to hold writers up. */
export const EVICTION_BATCH_ROWS = 1000;
/** Tries of a batch that lost a key to a concurrent writer (40001) before its keys wait for the next run. */
const CONFLICT_TRIES = 3;

/** What the job needs of the database. */
export interface EvictionDeps {
  readonly schema: Pick<SchemaStore, 'tableById' | 'listTables'>;
  readonly rows: RowStore;
  readonly jobs: JobRunner;
}

export interface EvictionResult extends JobResult {
  /** The smallest `_seq` the run left alive (it expires next), or null if it saw none. */
  readonly oldestAlive: bigint | null;
  /** Expired rows left in place because concurrent writers kept taking their keys. */
  readonly contended: number;
}

/** The job kind, registered by Database.open. */
export function streamEvictionKind(deps: EvictionDeps): JobKind {
  return {
    name: STREAM_EVICTION,
    prefix: 'SE',
    // Every batch committed before the crash stays done; running the job again does the rest.
    async recover(job: JobRecord, ctx: JobContext) {
      const r = await evictExpired(deps, job.table?.id, ctx);
      return { outcome: 'completed', rows: r.rows, bytes: r.bytes };
    },
    resume(job: JobRecord): JobRun | undefined {
      const id = job.table?.id;
      return id === undefined ? undefined : (ctx) => evictExpired(deps, id, ctx);
    },
  };
}

/** Queues an eviction of `table`; `done` hears how it went (jobs of one table run one at a time). */
export function submitEviction(deps: EvictionDeps, table: TableDefinition, done?: (r: EvictionResult) => void): Promise<string> {
  return deps.jobs.submit(
    STREAM_EVICTION,
    { table: { id: table.id, namespace: table.namespace, name: table.name }, params: { ttl_seconds: table.options.ttlSeconds ?? null } },
    async (ctx) => {
      const r = await evictExpired(deps, table.id, ctx);
      done?.(r);
      return r;
    },
  );
}

/** Deletes every row of the table that expired before now. A table dropped (or no longer expiring) has nothing to evict. */
export async function evictExpired(deps: EvictionDeps, tableId: number | undefined, ctx: JobContext, now = Date.now()): Promise<EvictionResult> {
  let rows = 0;
  let bytes = 0;
  let contended = 0;
  let oldestAlive: bigint | null = null;
  const first = tableId === undefined ? undefined : deps.schema.tableById(tableId);
  const expiry = first && rowExpiry(first, now);
  if (!first || !expiry) return { rows, bytes, oldestAlive, contended };
  const start = tablePrefix(first.id);
  let batch: Buffer[] = [];
  const flush = async (): Promise<boolean> => {
    // The table as it is now: an index created since the job began must lose its entries too.
    const table = deps.schema.tableById(first.id);
    if (!table) return false;
    const done = await evictBatch(deps.rows, table, batch, expiry);
    rows += done.rows;
    bytes += done.bytes;
    contended += done.contended;
    batch = [];
    ctx.progress(`evicted ${rows} expired rows`, { rows, bytes });
    await ctx.pause();
    return true;
  };
  for await (const chunk of deps.rows.scan(start, prefixEnd(start))) {
    for (const [key, value] of chunk) {
      if (expiry.expiredValue(value)) batch.push(key);
      else {
        const seq = value.readBigInt64LE(SEQ_OFFSET);
        if (oldestAlive === null || seq < oldestAlive) oldestAlive = seq;
      }
      if (batch.length >= EVICTION_BATCH_ROWS && !(await flush())) return { rows, bytes, oldestAlive, contended };
    }
    ctx.checkCancelled();
  }
  if (batch.length > 0) await flush();
  return { rows, bytes, oldestAlive, contended };
}

/** One commit deleting those of `keys` that are still expired, with their index entries; retried on 40001. */
async function evictBatch(
  store: RowStore, table: TableDefinition, keys: readonly Buffer[], expiry: RowExpiry,
): Promise<{ rows: number; bytes: number; contended: number }> {
  const access = tableAccess(table);
  const indexed = secondaryIndexes(table).length > 0;
  for (let attempt = 1; ; attempt++) {
    const ws = store.begin();
    try {
      // Read after begin(): a write that lands after this read conflicts with the commit below.
      const values = await store.getMany(keys, ws);
      const expired: ExpiredRow[] = [];
      let rows = 0;
      let bytes = 0;
      values.forEach((v, i) => {
        if (!v || !expiry.expiredValue(v)) return;
        const key = keys[i]!;
        ws.delete(key);
        rows++;
        bytes += key.length + v.length;
        if (indexed) expired.push({ partition: parseRowKey(key, access.partitioned).partition, row: access.decode(v) });
      });
      await deleteIndexEntriesOf(store, table, expired, ws);
      await store.commit(ws);
      return { rows, bytes, contended: 0 };
    } catch (e) {
      store.abandon(ws);
      if (!(e instanceof SqlError && e.code === '40001')) throw e;
      if (attempt >= CONFLICT_TRIES) return { rows: 0, bytes: 0, contended: keys.length };
    }
  }
}
