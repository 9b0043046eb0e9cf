/**
 * COPY … FROM STDIN as a bulk load, when it may be one: the COPY is a transaction of its own,
 * into an empty partition of a table whose rows nothing watches but the primary key (no CHECK,
 * index, foreign key), naming every column that has a default. Then the rows skip the write
 * set: a worker thread parses and encodes them (bulk-encoder.ts) while this thread stamps each
 * with its `_seq` and writes slice after slice into RocksDB, hidden until the load commits
 * (storage/bulk-load.ts). Anything else takes the row-at-a-time path (copy-from.ts).
 *
 *   CopyData ─▶ worker: records ─▶ keys + values ─▶ main: _seq, KvBatch ─▶ RocksDB (hidden)
 *   CopyDone ─▶ last slices ─▶ commitLoad: visible at once
 *
 * A bad row anywhere fails the COPY and its rows are deleted again: nothing of it stays.
 */
import type { TableDefinition } from '../../../catalog/table-definition.js';
import { Errors, SqlError } from '../../../errors/sql-error.js';
import type { BulkLoad } from '../../../storage/bulk-load.js';
import { SEQ_OFFSET } from '../../../storage/row-codec.js';
import { readsWithoutCatalog } from '../../../types/text-codec.js';
import { duplicateKey } from '../../dml/row-checks.js';
import { hasRowEffects } from '../../dml/row-changes.js';
import { partitionOf } from '../../query/table-scan.js';
import type { SessionContext } from '../../session-context.js';
import { tableAccess } from '../../table-access.js';
import type { CopyOptions } from '../copy-options.js';
import type { BulkSpec, EncodedSlice } from './bulk-encoder.js';
import { acquireWorker, releaseWorker, type CopyWorker } from './copy-workers.js';
import { fromWire, type FromWorker } from './worker-messages.js';

/** Data forwarded to the worker in pieces of at least this size (psql sends a CopyData per line). */
const FORWARD_BYTES = 256 * 1024;
/** How far the client's data may run ahead of the worker's parsing before reading pauses. */
const MAX_AHEAD_BYTES = 8 * 1024 * 1024;

let jobs = 0;

/** Whether this COPY may be a bulk load (the partition's emptiness is checked when it starts). */
export function bulkEligible(ctx: SessionContext, table: TableDefinition, targets: readonly number[], options: CopyOptions): boolean {
  if (options.format === 'binary' || !ctx.statementIsTransaction()) return false;
  if (table.tableType !== 'SHARED' && table.tableType !== 'USER') return false;
  if (table.primaryKey.length === 0 || hasRowEffects(ctx, table)) return false;
  return table.columns.every((c, i) =>
    readsWithoutCatalog(c.type) && (targets.includes(i) || (c.default.kind === 'none' && c.identity === undefined)));
}

/**
 * Runs the COPY as a bulk load and resolves with its row count, or with null when it cannot be
 * one (not eligible, the partition has rows, no worker is free) — before reading any data.
 */
export async function bulkCopy(ctx: SessionContext, table: TableDefinition, targets: readonly number[], options: CopyOptions): Promise<number | null> {
  if (!bulkEligible(ctx, table, targets, options)) return null;
  // Live queries hear of rows one by one: a watched table takes the row path, whose commit announces them.
  if (ctx.db.live.watches(table.id)) return null;
  const worker = acquireWorker();
  if (!worker) return null;
  try {
    const partition = partitionOf(ctx, table);
    const load = await ctx.db.rows.beginLoad(table.id, tableAccess(table).partitionPrefix(partition));
    if (!load) return null;
    const tc = ctx.typeContext();
    const spec: BulkSpec = {
      table, targets, options, partition,
      typeContext: { timeZone: tc.timeZone, dateStyle: tc.dateStyle, intervalStyle: tc.intervalStyle, extraFloatDigits: tc.extraFloatDigits, nowMicros: ctx.transactionTime() },
    };
    try {
      const count = await new LoadRun(ctx, table, worker, load, targets.length).run(spec);
      await ctx.db.rows.commitLoad(load, () => {
        if (load.doomed !== null || ctx.db.schema.tableById(table.id) !== table) {
          throw Errors.serializationFailure(`could not serialize access: relation "${table.name}" was changed during COPY`);
        }
      });
      return count;
    } catch (e) {
      worker.terminate(); // it may still be parsing this COPY's data
      await ctx.db.rows.abortLoad(load);
      throw e;
    }
  } finally {
    releaseWorker(worker);
  }
}

/** One bulk COPY's traffic: the client's data to the worker, its slices into the load. */
class LoadRun {
  private readonly job = ++jobs;
  private readonly slices: EncodedSlice[] = [];
  private failure: Error | null = null;
  private workerDone = false;
  private consumed = 0;
  private waiters: (() => void)[] = [];
  private count = 0;

  constructor(
    private readonly ctx: SessionContext,
    private readonly table: TableDefinition,
    private readonly worker: CopyWorker,
    private readonly load: BulkLoad,
    /** The number of columns COPY names (the CopyInResponse says so). */
    private readonly columns: number,
  ) {}

  async run(spec: BulkSpec): Promise<number> {
    this.worker.attach((m) => this.heard(m), (e) => this.failed(Errors.internal(`COPY worker failed: ${e.message}`)));
    this.worker.post({ type: 'start', job: this.job, spec });
    const writing = this.writeSlices();
    // A failure on either side ends both: the writer stops at its next slice, the reader here.
    writing.catch((e: unknown) => this.failed(e instanceof Error ? e : new Error(String(e))));
    try {
      await this.forward();
    } catch (e) {
      this.failed(e instanceof Error ? e : new Error(String(e)));
      await writing.catch(() => undefined);
      throw e;
    }
    await writing;
    return this.count;
  }

  /** The client's CopyData, gathered into pieces, to the worker; pauses while it is far behind. */
  private async forward(): Promise<void> {
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    let sent = 0;
    const send = (): void => {
      if (pendingBytes === 0) return;
      const bytes = new Uint8Array(pendingBytes);
      let at = 0;
      for (const p of pending) {
        bytes.set(p, at);
        at += p.length;
      }
      this.worker.post({ type: 'data', bytes }, [bytes.buffer]);
      sent += pendingBytes;
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of this.ctx.copyChannel().receive(this.columns, false)) {
      if (this.failure) throw this.failure;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < FORWARD_BYTES) continue;
      send();
      while (sent - this.consumed > MAX_AHEAD_BYTES && !this.failure) await this.next();
    }
    send();
    this.worker.post({ type: 'end' });
  }

  /** Writes each slice the worker sends, in order, until the worker is done (or anything fails). */
  private async writeSlices(): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      const slice = this.slices.shift();
      if (slice) {
        await this.write(slice);
        continue;
      }
      if (this.workerDone) return;
      await this.next();
    }
  }

  private async write(s: EncodedSlice): Promise<void> {
    const keys = Buffer.from(s.keys.buffer, s.keys.byteOffset, s.keys.byteLength);
    const values = Buffer.from(s.values.buffer, s.values.byteOffset, s.values.byteLength);
    if (!s.rising) await this.checkAgainstWritten(s, keys, values);
    if (s.count > 0) {
      const [first, last] = this.ctx.db.snowflake.stampRecords(values, s.valueEnds, s.count, SEQ_OFFSET);
      this.load.stamped(first, last);
    }
    let k = 0;
    let v = 0;
    for (let i = 0; i < s.count; i++) {
      const ke = s.keyEnds[i]!;
      const ve = s.valueEnds[i]!;
      this.load.put(keys.subarray(k, ke), values.subarray(v, ve));
      k = ke;
      v = ve;
    }
    this.count += s.count;
    await this.load.flush();
    if (this.load.doomed !== null) throw new SqlError('42P01', `relation "${this.table.name}" was dropped during COPY`);
    this.ctx.checkCancel();
  }

  /** A slice whose keys did not all rise: none may already be among the rows written before it. */
  private async checkAgainstWritten(s: EncodedSlice, keys: Buffer, values: Buffer): Promise<void> {
    await this.load.drain();
    const list: Buffer[] = [];
    let k = 0;
    for (let i = 0; i < s.count; i++) {
      list.push(keys.subarray(k, s.keyEnds[i]!));
      k = s.keyEnds[i]!;
    }
    const found = await this.ctx.db.kv.getMany(list);
    const i = found.findIndex((f) => f !== undefined);
    if (i < 0) return;
    const access = tableAccess(this.table);
    const row = access.decode(values.subarray(i === 0 ? 0 : s.valueEnds[i - 1]!, s.valueEnds[i]!));
    const e = duplicateKey(this.table, access, row, this.ctx.typeContext());
    e.where = `COPY ${this.table.name}, line ${s.lines[i]}`;
    throw e;
  }

  private heard(m: FromWorker): void {
    if (m.job !== this.job) return;
    if (m.type === 'slices') {
      this.slices.push(...m.slices);
      this.consumed = m.consumed;
    } else if (m.type === 'done') this.workerDone = true;
    else this.failed(fromWire(m.error));
    this.wake();
  }

  private failed(e: Error): void {
    this.failure ??= e;
    this.wake();
  }

  private next(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
