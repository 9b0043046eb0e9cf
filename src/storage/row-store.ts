/**
 * RowStore: committed rows over RocksDB, plus the rules that make transactions safe.
 *
 * Reads see, in order of precedence: the reading transaction's own writes, rows committed but
 * still on their way to RocksDB (`inFlight`), then RocksDB itself. Commit is first-committer-wins:
 * a transaction that wrote a key someone else committed after this transaction began fails with
 * 40001 — nothing is silently overwritten. The check and the in-flight publication happen in one
 * synchronous step, so no other commit can slip in between. The commit is acknowledged once its
 * record is in the commit log (commit-log.ts: one write(2) from the event loop); RocksDB gets it
 * after, as one atomic WriteBatch, and until then readers find it in `inFlight`.
 *
 *   tx.put(k) ─▶ tx.writes ─commit─▶ inFlight ─▶ commit log ─ack─▶ WriteBatch ─▶ RocksDB, row cache
 *
 * Commits made in the same turn of the event loop share one log record (group commit), and the
 * records of the next couple of milliseconds (or of a WriteBatch still being written) share one
 * WriteBatch: each commit stays atomic, and many clients cost one write(2) per turn and one
 * RocksDB write per batch instead of one each.
 */
import { Errors } from '../errors/sql-error.js';
import type { KvOp, KvStore } from './kv-store.js';
import { tablePrefix } from './key-layout.js';
import { prefixEnd } from './keycode.js';
import { RowCache } from './row-cache.js';
import { InFlightRows } from './in-flight-rows.js';
import type { CommitLog } from './commit-log.js';
import { BulkLoad, deleteRange, loadMarkerKey } from './bulk-load.js';
import { isRowKey, tableIdOf } from './row-cache.js';
import { isTombstone, type ColdSource, type ColdView } from './cold/cold-source.js';
import { overlayRows } from './cold/merge-rows.js';

/** Past this many logged-but-unapplied ops, commits also wait for RocksDB. */
const MAX_UNAPPLIED_OPS = 200_000;
const APPLY_RETRY_MS = 1000;
/**
 * RocksDB gets logged commits at most this long after they were acknowledged, or as soon as this
 * many ops wait: one WriteBatch then carries a few milliseconds of commits instead of two or three,
 * which saves the event loop a thread-pool round trip per handful of commits.
 */
const APPLY_DELAY_MS = 2;
/**
 * A commit this big (a bulk load) updates rows the cache holds but adds none: caching a million
 * new rows would cost more than the load's own writes and push every other table out.
 */
const BULK_COMMIT_ROWS = 50_000;
const APPLY_BATCH_OPS = 2000;
/** Started bulk loads remembered for the point reads that overlapped their start. */
const STARTED_LOADS_KEPT = 64;

interface UnloggedCommit {
  readonly writes: ReadonlyMap<KeyId, Buffer | null>;
  /** What RocksDB gets instead of a delete, for keys of flushed tables (made as the commit became visible). */
  readonly tombstones: ReadonlyMap<KeyId, Buffer> | null;
  resolve(): void;
  reject(e: unknown): void;
}

interface LoggedBatch {
  /** -1: not from the log (a flush's removal of rows that reached segments). */
  readonly lsn: number;
  readonly ops: readonly KvOp[];
  readonly commits: readonly ReadonlyMap<KeyId, Buffer | null>[];
}

/** Binary-string form of a key: a cheap Map key with the same order as the bytes. */
export type KeyId = string;

export function keyId(key: Buffer): KeyId {
  return key.toString('latin1');
}

export function keyFromId(id: KeyId): Buffer {
  return Buffer.from(id, 'latin1');
}

/** A delete the hot tier has not written yet (a transaction's, or in flight), as a merge with segments sees it. */
const DELETED: Buffer = Buffer.from([1, 1]);
const ROW_TAG = 0x72;

export interface WriteSetSnapshot {
  readonly writes: ReadonlyMap<KeyId, Buffer | null>;
  readonly insertRuns: number;
}

export class WriteSet {
  /** value null = delete. Insertion order kept; sorted when scanned. */
  readonly writes = new Map<KeyId, Buffer | null>();
  /**
   * Keys this transaction created, with the error to report if someone else created them first
   * (called with the key's id, so one function can serve every row of a statement).
   */
  readonly inserts = new Map<KeyId, (id: KeyId) => Error>();
  /** Keys bulk inserts created, a run per statement slice sharing one reporter: no map entry per row. */
  private readonly insertRuns: { readonly ids: readonly KeyId[]; readonly duplicate: (id: KeyId) => Error }[] = [];
  /**
   * Per written key, the commit counter when the statement that first wrote it began: a commit
   * of that key after this point was not seen by the writer (READ COMMITTED: each statement sees
   * what was committed before it began), so committing over it would lose an update.
   */
  private readonly seenAt = new Map<KeyId, number>();
  private statementStart: number;
  /**
   * Called in the synchronous step that makes the commit visible, with its place in the commit
   * order: what announces commits (live queries, NOTIFY) takes its turn there.
   */
  onPublish: ((stamp: number) => void) | null = null;

  constructor(readonly startCommit: number, private readonly clock: () => number = () => startCommit) {
    this.statementStart = startCommit;
  }

  /** Called as each statement begins: its reads see every commit up to now. */
  beginStatement(): void {
    this.statementStart = this.clock();
  }

  /** The commit counter the writer of `id` had seen. */
  seen(id: KeyId): number {
    return this.seenAt.get(id) ?? this.startCommit;
  }

  /**
   * Before `id`'s first write: a key first written by a statement that began with the transaction
   * needs no entry (seen() answers startCommit), which spares a bulk load a map entry per row.
   */
  private wrote(id: KeyId): void {
    if (this.statementStart !== this.startCommit && !this.writes.has(id) && !this.seenAt.has(id)) this.seenAt.set(id, this.statementStart);
  }

  markInsert(key: Buffer, duplicate: (id: KeyId) => Error): void {
    this.inserts.set(keyId(key), duplicate);
  }

  /** markInsert() for many keys at once: searched only when a commit finds a conflict. */
  markInserts(ids: readonly KeyId[], duplicate: (id: KeyId) => Error): void {
    this.insertRuns.push({ ids, duplicate });
  }

  /** Every key this transaction created (markInsert/markInserts): what write statistics count as inserts. */
  *createdIds(): Generator<KeyId> {
    yield* this.inserts.keys();
    for (const run of this.insertRuns) yield* run.ids;
  }

  /** The error for `id` if this transaction created it (someone else created it first). */
  insertError(id: KeyId): Error | undefined {
    const one = this.inserts.get(id);
    if (one) return one(id);
    const run = this.insertRuns.find((r) => r.ids.includes(id));
    return run?.duplicate(id);
  }

  put(key: Buffer, value: Buffer): void {
    this.putId(keyId(key), value);
  }

  /** put() for a caller that already holds the key's id (a bulk insert makes it once per row). */
  putId(id: KeyId, value: Buffer): void {
    this.wrote(id);
    this.writes.set(id, value);
  }

  delete(key: Buffer): void {
    const id = keyId(key);
    this.wrote(id);
    this.writes.set(id, null);
  }

  get size(): number {
    return this.writes.size;
  }

  /** For savepoint-free statement rollback: take a copy, restore on failure. */
  snapshot(): WriteSetSnapshot {
    return { writes: new Map(this.writes), insertRuns: this.insertRuns.length };
  }

  restore(snap: WriteSetSnapshot): void {
    this.writes.clear();
    for (const [k, v] of snap.writes) this.writes.set(k, v);
    for (const k of this.inserts.keys()) if (!snap.writes.has(k)) this.inserts.delete(k);
    this.insertRuns.length = snap.insertRuns;
  }
}

/** Told of every change to rows, in the step that makes it visible (executor/columnar). */
export interface RowStoreListener {
  /**
   * A commit just became visible to readers. `created` lists the keys it created (the others of
   * `writes` replaced or deleted a row), for a listener that tells inserts from updates.
   */
  committed(writes: ReadonlyMap<KeyId, Buffer | null>, created?: () => Iterable<KeyId>): void;
  /** A commit already made visible was withdrawn (its log write failed): anything may have changed. */
  withdrawn(): void;
  tableDropped(tableId: number): void;
  /** A bulk load's rows became visible: every row of the table's partition may be new. */
  rowsLoaded(tableId: number, loaded?: { readonly rows: number; readonly bytes: number }): void;
}

/** A committed bulk load, for the conflict checks of transactions that began before it. */
interface LoadedRange {
  readonly lo: KeyId;
  readonly hi: KeyId;
  readonly stamp: number;
  readonly minSeq: bigint;
  readonly maxSeq: bigint;
}

/** A transaction without a write set yet: where in the commit order its running statement began. */
export interface StatementClock {
  readonly statementStart: number | null;
}

export class RowStore {
  private readonly inFlight = new InFlightRows();
  private readonly lastCommit = new Map<KeyId, number>();
  private commitCounter = 0;
  private readonly active = new Set<WriteSet>();
  /** Transactions that have not written yet, by the start of their running statement. */
  private readonly statementClocks = new Set<StatementClock>();
  readonly cache: RowCache;
  /** Commits waiting for the next log write (scheduled with setImmediate). */
  private unlogged: UnloggedCommit[] = [];
  private logFlush: NodeJS.Immediate | null = null;
  /** Logged and acknowledged, not yet in RocksDB. */
  private unapplied: LoggedBatch[] = [];
  private unappliedOps = 0;
  private applying = false;
  private applyTimer: NodeJS.Timeout | null = null;
  private closing = false;
  private readonly settleWaiters: (() => void)[] = [];
  private readonly listeners: RowStoreListener[] = [];
  /** Bulk loads not yet committed: their ranges are hidden from readers (bulk-load.ts). */
  private readonly loads = new Set<BulkLoad>();
  private loadedRanges: LoadedRange[] = [];
  /** Loads that have begun writing, counted, and the ranges of the last few (for point reads). */
  private loadsStarted = 0;
  private readonly startedLoads: { readonly n: number; readonly lo: KeyId; readonly hi: KeyId }[] = [];
  /** Rows flushed to Parquet segments (storage/cold): reads fall through to them. */
  private cold: ColdSource | null = null;

  constructor(
    readonly kv: KvStore,
    private readonly log: CommitLog,
    cacheBudgetBytes = 256 * 1024 * 1024,
    private readonly onBackgroundError: (e: unknown) => void = () => {},
  ) {
    this.cache = new RowCache(cacheBudgetBytes);
  }

  /**
   * Loads every row of the given tables into the cache while it fits, marking each table that
   * fit completely as complete. Run once at start, before serving.
   */
  async warm(tableIds: readonly number[]): Promise<void> {
    for (const id of tableIds) {
      if (this.cold?.holds(id)) continue; // its rows in segments are not in RocksDB: never complete
      const p = tablePrefix(id);
      let fits = true;
      for await (const batch of this.kv.scan({ gte: p, lt: prefixEnd(p) })) {
        for (const [k, v] of batch) this.cache.fill(keyId(k), v);
        if (this.cache.sizeBytes > this.cache.budgetBytes * 0.8) {
          fits = false;
          break;
        }
      }
      if (!fits) break;
      this.cache.markComplete(id);
    }
  }

  /** Reads of rows the hot tier does not hold go on to `cold`; set before warm() and serving. */
  attachCold(cold: ColdSource): void {
    this.cold = cold;
  }

  /** Whether `[lo, hi)` (within one table) may hold rows in segments. */
  private coldIn(lo: KeyId): boolean {
    return this.cold !== null && lo.length >= 5 && lo.charCodeAt(0) === ROW_TAG && this.cold.holds(tableIdOf(lo));
  }

  listen(listener: RowStoreListener): void {
    this.listeners.push(listener);
  }

  /** A table made by this server: empty, so complete. */
  tableCreated(tableId: number): void {
    this.cache.markComplete(tableId);
  }

  tableDropped(tableId: number): void {
    for (const load of this.loads) if (load.tableId === tableId) load.doomed = 'dropped';
    this.cache.forgetTable(tableId);
    for (const l of this.listeners) l.tableDropped(tableId);
  }

  /**
   * Reads RocksDB for keys the cache does not know, filling it unless a commit raced the read.
   * A key in the range of an uncommitted bulk load reads as absent: a load running now, or one
   * that began while this read ran (even if undone since) — its range was empty before, so a
   * value there can only be the load's.
   */
  private async readThrough(ids: readonly KeyId[], keys: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
    const found = await this.readStored(ids, keys);
    if (this.cold === null) return found as (Buffer | undefined)[];
    const missing: number[] = [];
    found.forEach((v, i) => {
      if (v === undefined && this.coldIn(ids[i]!)) missing.push(i);
    });
    if (missing.length > 0) {
      // After RocksDB answered: a flush lists a segment before it drops the rows from RocksDB.
      const cold = await this.cold.get(missing.map((i) => keys[i]!));
      missing.forEach((i, j) => (found[i] = cold[j]));
    }
    return found.map((v) => v ?? undefined);
  }

  /** RocksDB's values of `keys`: null for a tombstone (the key is deleted; segments must not answer). */
  private async readStored(ids: readonly KeyId[], keys: readonly Buffer[]): Promise<(Buffer | null | undefined)[]> {
    const guard = this.begin();
    const loadsBefore = this.loadsStarted;
    try {
      const found: (Buffer | null | undefined)[] = keys.length === 1 ? [await this.kv.get(keys[0]!)] : await this.kv.getMany(keys);
      // More loads began while this read ran than are remembered: read again rather than guess.
      if (this.loadsStarted - loadsBefore > this.startedLoads.length) return await this.readStored(ids, keys);
      found.forEach((v, i) => {
        if (!v) return;
        if (isTombstone(v)) return void (found[i] = null);
        const id = ids[i]!;
        const loading = (this.loads.size > 0 && this.loadCovering(id) !== undefined) ||
          (this.loadsStarted !== loadsBefore && this.startedLoads.some((l) => l.n > loadsBefore && id >= l.lo && id < l.hi));
        if (loading) return void (found[i] = undefined);
        const last = this.lastCommit.get(id);
        if ((last === undefined || last <= guard.startCommit) && !this.inFlight.has(id)) this.cache.fill(id, v);
      });
      return found;
    } finally {
      this.abandon(guard);
    }
  }

  /** The running load whose range holds `id`, if any. */
  private loadCovering(id: KeyId): BulkLoad | undefined {
    for (const load of this.loads) if (load.hides && load.covers(id)) return load;
    return undefined;
  }

  /** Waits while a load that holds one of `ids` is between its commit point and visibility. */
  private async loadsCommitted(ids: Iterable<KeyId>): Promise<void> {
    for (;;) {
      let committing: BulkLoad | undefined;
      for (const id of ids) {
        const load = this.loadCovering(id);
        if (load?.state === 'committing') committing = load;
        if (committing) break;
      }
      if (!committing) return;
      await committing.finished;
    }
  }

  /** The number of commits so far: a point in the commit order. */
  get commitCount(): number {
    return this.commitCounter;
  }

  /** A transaction's write set; `startCommit`, when given, is an earlier point it has read from. */
  begin(startCommit = this.commitCounter): WriteSet {
    const ws = new WriteSet(startCommit, () => this.commitCounter);
    this.active.add(ws);
    return ws;
  }

  /**
   * A transaction that writes later may start its write set at its statement's start
   * (`begin(startCommit)`): the conflict entries from that point on must outlive pruning.
   */
  watchStatements(clock: StatementClock): void {
    this.statementClocks.add(clock);
  }

  unwatchStatements(clock: StatementClock): void {
    this.statementClocks.delete(clock);
  }

  /** Ends a transaction without writing anything. */
  abandon(ws: WriteSet): void {
    this.active.delete(ws);
  }

  async get(key: Buffer, ws?: WriteSet): Promise<Buffer | undefined> {
    const id = keyId(key);
    if (this.loads.size > 0) await this.loadsCommitted([id]);
    if (ws) {
      const own = ws.writes.get(id);
      if (own !== undefined) return own ?? undefined;
    }
    const flying = this.inFlight.get(id);
    if (flying !== undefined) return flying ?? undefined;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached ?? undefined;
    return (await this.readThrough([id], [key]))[0];
  }

  /** `ids`, when given, are the keys' ids (keyId), which the caller has made already. */
  async getMany(keys: readonly Buffer[], ws?: WriteSet, ids?: readonly KeyId[]): Promise<(Buffer | undefined)[]> {
    if (this.loads.size > 0) await this.loadsCommitted(ids ?? keys.map(keyId));
    const out: (Buffer | undefined)[] = new Array(keys.length);
    const missing: number[] = [];
    const missingIds: KeyId[] = [];
    keys.forEach((key, i) => {
      const id = ids ? ids[i]! : keyId(key);
      const own = ws?.writes.get(id);
      if (own !== undefined) return void (out[i] = own ?? undefined);
      const flying = this.inFlight.get(id);
      if (flying !== undefined) return void (out[i] = flying ?? undefined);
      const cached = this.cache.get(id);
      if (cached !== undefined) return void (out[i] = cached ?? undefined);
      missing.push(i);
      missingIds.push(id);
    });
    if (missing.length > 0) {
      const found = await this.readThrough(missingIds, missing.map((i) => keys[i]!));
      missing.forEach((i, j) => (out[i] = found[j]));
    }
    return out;
  }

  /**
   * All live rows with keys in [gte, lt), in key order, merged from RocksDB, in-flight commits and
   * the transaction's own writes. Yields batches.
   */
  async *scan(gte: Buffer, lt: Buffer, ws?: WriteSet): AsyncGenerator<[Buffer, Buffer][]> {
    const lo = keyId(gte);
    const hi = keyId(lt);
    if (this.loads.size > 0) await this.loadsCommittedIn(lo, hi);
    const overlay = new Map<KeyId, Buffer | null>();
    this.inFlight.overlay(lo, hi, overlay);
    if (ws) for (const [k, v] of ws.writes) if (k >= lo && k < hi) overlay.set(k, v);
    const stored = this.scanStored(gte, lt);
    if (!this.coldIn(lo)) {
      yield* overlay.size === 0 ? stored : this.overlaid(stored, overlay, false);
      return;
    }
    // RocksDB's snapshot first, then the segments: a flush drops rows from RocksDB only after
    // listing their segment, so a row is in the snapshot, or in a segment listed by now, or both
    // (the hot copy then wins). overlayRows reads the hot side first, which lists the segments.
    const listed: { view: ColdView | null } = { view: null };
    const hot = this.hotRows(stored, overlay, () => (listed.view = this.cold!.view(gte, lt)));
    const cold = (async function* () {
      if (listed.view) yield* listed.view.rows();
    })();
    try {
      yield* overlayRows(hot, cold);
    } finally {
      listed.view?.release();
    }
  }

  /**
   * The hot tier's side of [gte, lt) for a reader that merges segments itself (a column mirror of
   * a flushed table, executor/columnar/cold-mirror.ts): committed rows in key order — RocksDB's
   * with in-flight commits laid over them — tombstones and deletes kept as tombstones (they hide
   * segments' rows). `atSnapshot` runs once RocksDB's snapshot is taken and before any row is
   * read: the segments listed there are the ones to merge with (as in scan()).
   */
  async *scanHot(gte: Buffer, lt: Buffer, atSnapshot: () => void): AsyncGenerator<[Buffer, Buffer][]> {
    const lo = keyId(gte);
    const hi = keyId(lt);
    if (this.loads.size > 0) await this.loadsCommittedIn(lo, hi);
    const overlay = new Map<KeyId, Buffer | null>();
    this.inFlight.overlay(lo, hi, overlay);
    yield* this.hotRows(this.scanStored(gte, lt), overlay, atSnapshot);
  }

  /**
   * `stored` with `overlay` laid over it, deletes kept as tombstones. RocksDB's iterator (and its
   * snapshot) is made by the first next(), synchronously: `atSnapshot` runs right after it, before
   * any row is read.
   */
  private async *hotRows(
    stored: AsyncGenerator<[Buffer, Buffer][]>, overlay: ReadonlyMap<KeyId, Buffer | null>, atSnapshot: () => void,
  ): AsyncGenerator<[Buffer, Buffer][]> {
    const it = stored[Symbol.asyncIterator]();
    const first = it.next();
    first.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    atSnapshot();
    try {
      const rows = (async function* () {
        let r = await first;
        for (; !r.done; r = await it.next()) yield r.value;
      })();
      yield* overlay.size === 0 ? rows : this.overlaid(rows, overlay, true);
    } finally {
      await it.return?.(undefined);
    }
  }

  /**
   * RocksDB's rows of [gte, lt) as stored — tombstones included, no overlay — without those of
   * bulk loads not yet committed: what a flush writes to a segment.
   */
  scanStored(gte: Buffer, lt: Buffer): AsyncGenerator<[Buffer, Buffer][]> {
    return this.loads.size > 0 ? this.scanAroundLoads(gte, lt, keyId(gte), keyId(lt)) : this.kv.scan({ gte, lt });
  }

  /**
   * `rows` with `overlay` (in-flight commits, a transaction's writes) laid over them; a delete in
   * the overlay drops the row, or with `keepDeletes` stands in for it as a tombstone (to hide
   * segments' rows in a merge after this one).
   */
  private async *overlaid(rows: AsyncIterable<[Buffer, Buffer][]>, overlay: ReadonlyMap<KeyId, Buffer | null>, keepDeletes: boolean): AsyncGenerator<[Buffer, Buffer][]> {
    const extra = [...overlay.keys()].sort();
    let e = 0;
    for await (const batch of rows) {
      const out: [Buffer, Buffer][] = [];
      for (const entry of batch) {
        const id = keyId(entry[0]);
        while (e < extra.length && extra[e]! < id) {
          const v = overlay.get(extra[e]!);
          if (v) out.push([keyFromId(extra[e]!), v]);
          else if (keepDeletes) out.push([keyFromId(extra[e]!), DELETED]);
          e++;
        }
        if (e < extra.length && extra[e] === id) {
          const v = overlay.get(id);
          if (v) out.push([entry[0], v]);
          else if (keepDeletes) out.push([entry[0], DELETED]);
          e++;
          continue;
        }
        out.push(entry);
      }
      if (out.length > 0) yield out;
    }
    const tail: [Buffer, Buffer][] = [];
    for (; e < extra.length; e++) {
      const v = overlay.get(extra[e]!);
      if (v) tail.push([keyFromId(extra[e]!), v]);
      else if (keepDeletes) tail.push([keyFromId(extra[e]!), DELETED]);
    }
    if (tail.length > 0) yield tail;
  }

  /** Waits while a load overlapping [lo, hi) is between its commit point and visibility. */
  private async loadsCommittedIn(lo: KeyId, hi: KeyId): Promise<void> {
    for (;;) {
      const committing = [...this.loads].find((l) => l.state === 'committing' && l.overlaps(lo, hi));
      if (!committing) return;
      await committing.finished;
    }
  }

  /**
   * RocksDB's rows of [gte, lt) without those of the loads not committed when the scan began.
   * The iterator reads one snapshot, taken as the scan starts: the loads hiding their ranges at
   * that moment stay hidden for the whole scan, whether they commit or are undone meanwhile (a
   * load that starts later writes nothing this snapshot holds).
   */
  private async *scanAroundLoads(gte: Buffer, lt: Buffer, lo: KeyId, hi: KeyId): AsyncGenerator<[Buffer, Buffer][]> {
    const hidden = [...this.loads].filter((l) => l.hides && l.overlaps(lo, hi)).map((l) => ({ prefix: l.prefix, end: l.end }));
    // No await between taking `hidden` and the iterator's snapshot (made as the scan's first step).
    for await (const batch of this.kv.scan({ gte, lt })) {
      if (hidden.length === 0) {
        yield batch;
        continue;
      }
      const kept = batch.filter(([k]) => !hidden.some((h) => Buffer.compare(k, h.prefix) >= 0 && Buffer.compare(k, h.end) < 0));
      if (kept.length > 0) yield kept;
    }
  }

  /**
   * Commits a transaction atomically, or throws 40001 if another commit got to one of its keys
   * first. Resolves once the commit is in the commit log; RocksDB gets it after.
   */
  async commit(ws: WriteSet): Promise<void> {
    if (ws.writes.size === 0) {
      this.active.delete(ws);
      return;
    }
    // Still active while it waits: a load committing meanwhile keeps the entries it conflicts on.
    // The last check that no load covers a key is in the same synchronous step as the publication.
    let loaded: Map<KeyId, Buffer | undefined> | null;
    for (;;) {
      loaded = this.loadedRanges.length > 0 ? await this.loadedValues(ws) : null;
      const blocking = this.loads.size > 0 ? this.loadInto(ws) : undefined;
      if (!blocking) break;
      await blocking.finished;
    }
    this.active.delete(ws);
    for (const id of this.lastCommit.size > 0 || loaded ? ws.writes.keys() : []) {
      const last = this.lastCommit.get(id);
      if ((last !== undefined && last > ws.seen(id)) || (loaded !== null && this.loadedBy(id, loaded.get(id), ws.seen(id)))) {
        const duplicate = ws.insertError(id);
        if (duplicate) throw duplicate;
        throw Errors.serializationFailure('could not serialize access due to concurrent update');
      }
    }
    const stamp = ++this.commitCounter;
    // Conflict entries only matter to transactions (and statements) that began before this
    // commit; with none running, pruning would drop them at once, so a bulk load skips them.
    if (this.oldestWatcher() < stamp) for (const id of ws.writes.keys()) this.lastCommit.set(id, stamp);
    const tombstones = this.tombstonesFor(ws.writes);
    const withdraw = this.inFlight.publish(ws.writes, ws.writes.size >= BULK_COMMIT_ROWS);
    ws.onPublish?.(stamp);
    for (const l of this.listeners) l.committed(ws.writes, () => ws.createdIds());
    try {
      await new Promise<void>((resolve, reject) => {
        this.unlogged.push({ writes: ws.writes, tombstones, resolve, reject });
        this.logFlush ??= setImmediate(() => this.flushLog());
      });
    } catch (e) {
      withdraw();
      for (const l of this.listeners) l.withdrawn();
      throw e;
    } finally {
      this.pruneConflictLog();
    }
    // RocksDB is falling behind: let it catch up before taking more.
    if (this.unappliedOps > MAX_UNAPPLIED_OPS) await this.settle();
  }

  /**
   * Tombstones for the deletes of rows of flushed tables, made in the step that publishes the
   * commit: their `_seq` is then older than any write made by someone who saw the delete, so in a
   * segment the tombstone never outranks a row written after it.
   */
  private tombstonesFor(writes: ReadonlyMap<KeyId, Buffer | null>): Map<KeyId, Buffer> | null {
    const cold = this.cold;
    if (cold === null) return null;
    let out: Map<KeyId, Buffer> | null = null;
    for (const [id, value] of writes) {
      if (value === null && isRowKey(id) && cold.holds(tableIdOf(id))) (out ??= new Map()).set(id, cold.tombstone());
    }
    return out;
  }

  /** A load (not yet visible) covering a key `ws` writes: the commit must wait for it. */
  private loadInto(ws: WriteSet): BulkLoad | undefined {
    for (const load of this.loads) for (const id of ws.writes.keys()) if (load.covers(id)) return load;
    return undefined;
  }

  /** The values now in RocksDB of the keys `ws` wrote that a load committed after `ws` saw them. */
  private async loadedValues(ws: WriteSet): Promise<Map<KeyId, Buffer | undefined> | null> {
    const ids: KeyId[] = [];
    for (const id of ws.writes.keys()) {
      if (this.loadedRanges.some((r) => r.stamp > ws.seen(id) && id >= r.lo && id < r.hi)) ids.push(id);
    }
    if (ids.length === 0) return null;
    const values = await this.kv.getMany(ids.map(keyFromId));
    return new Map(ids.map((id, i) => [id, values[i]]));
  }

  /** Whether a load committed after `seen` wrote `id` (its value still carries one of the load's `_seq`s). */
  private loadedBy(id: KeyId, value: Buffer | undefined, seen: number): boolean {
    if (!value) return false;
    const seq = value.readBigInt64LE(2);
    return this.loadedRanges.some((r) => r.stamp > seen && id >= r.lo && id < r.hi && seq >= r.minSeq && seq <= r.maxSeq);
  }

  /**
   * Starts a bulk load into the empty range of `prefix` (a table partition), or answers null when
   * the range has rows, or another load has it. From here until the load ends, commits into the
   * range wait; once it runs, readers do not see the range's rows in RocksDB.
   */
  async beginLoad(tableId: number, prefix: Buffer): Promise<BulkLoad | null> {
    const load = new BulkLoad(this.kv, tableId, prefix);
    // A table with segments is never empty in RocksDB's sense alone: its rows take the commit path.
    if (this.closing || this.cold?.holds(tableId) || [...this.loads].some((l) => l.overlaps(load.lo, load.hi))) return null;
    this.loads.add(load);
    try {
      await this.settle(); // every commit into the range acknowledged so far is now in RocksDB
      const pending = new Map<KeyId, Buffer | null>();
      this.inFlight.overlay(load.lo, load.hi, pending);
      let empty = pending.size === 0;
      if (empty) for await (const _ of this.kv.scan({ gte: prefix, lt: load.end, limit: 1 })) empty = false;
      if (!empty || this.closing) {
        this.endLoad(load);
        return null;
      }
      const marker = load.markerWrite();
      await this.kv.put(marker.key, marker.value);
    } catch (e) {
      this.endLoad(load);
      throw e;
    }
    load.state = 'running';
    this.loadsStarted++;
    this.startedLoads.push({ n: this.loadsStarted, lo: load.lo, hi: load.hi });
    if (this.startedLoads.length > STARTED_LOADS_KEPT) this.startedLoads.shift();
    return load;
  }

  /**
   * Makes a load's rows visible, atomically: once every slice is in RocksDB, `check` (which
   * throws if the table changed under the load) runs, the marker goes (the commit point), and
   * the range becomes visible in one synchronous step. On any failure the rows are undone.
   */
  async commitLoad(load: BulkLoad, check: () => void): Promise<void> {
    try {
      await load.drain();
      check();
    } catch (e) {
      await this.abortLoad(load);
      throw e;
    }
    load.state = 'committing';
    try {
      await this.kv.del(loadMarkerKey(load.prefix));
    } catch (e) {
      load.state = 'running';
      await this.abortLoad(load);
      throw e;
    }
    const stamp = ++this.commitCounter;
    if (load.minSeq !== null && load.maxSeq !== null) {
      this.loadedRanges.push({ lo: load.lo, hi: load.hi, stamp, minSeq: load.minSeq, maxSeq: load.maxSeq });
    }
    this.cache.markIncomplete(load.tableId);
    for (const l of this.listeners) l.rowsLoaded(load.tableId, { rows: load.rows, bytes: load.bytes });
    this.endLoad(load);
  }

  /** Undoes a load: its writes finish, then every key of its range and its marker are deleted. */
  async abortLoad(load: BulkLoad): Promise<void> {
    if (load.state === 'done') return;
    await load.quiesce();
    try {
      await deleteRange(this.kv, load.prefix, loadMarkerKey(load.prefix));
    } catch (e) {
      // The marker stays: the next start undoes the rows. Until then the range stays hidden.
      this.onBackgroundError(e);
      load.finish();
      return;
    }
    this.endLoad(load);
  }

  private endLoad(load: BulkLoad): void {
    this.loads.delete(load);
    load.finish();
  }

  /** One log record for every commit made since the last flush (group commit), then RocksDB. */
  private flushLog(): void {
    if (this.logFlush) clearImmediate(this.logFlush);
    this.logFlush = null;
    const group = this.unlogged;
    if (group.length === 0) return;
    this.unlogged = [];
    let lsn: number;
    let ops: KvOp[];
    try {
      ({ lsn, ops } = this.log.appendWrites(group.map((c) => c.writes), group.map((c) => c.tombstones)));
    } catch (e) {
      const err = Errors.ioError(`could not write to the commit log: ${e instanceof Error ? e.message : String(e)}`);
      for (const c of group) c.reject(err);
      return;
    }
    this.unappliedOps += ops.length;
    this.unapplied.push({ lsn, ops, commits: group.map((c) => c.writes) });
    this.scheduleApply();
    for (const c of group) c.resolve();
  }

  /**
   * Starts the next WriteBatch now when enough waits, someone settles, or nothing waits (which
   * wakes the settlers); else in APPLY_DELAY_MS.
   */
  private scheduleApply(): void {
    if (this.applying || this.applyTimer) return;
    const now = this.unapplied.length === 0 || this.unappliedOps >= APPLY_BATCH_OPS || this.settleWaiters.length > 0 || this.closing;
    if (now) return this.applyNext();
    this.applyTimer = setTimeout(() => this.applyNext(), APPLY_DELAY_MS);
    this.applyTimer.unref(); // the log holds every acknowledged commit: nothing is lost at exit
  }

  /** Writes every logged record not yet in RocksDB as one WriteBatch; one batch at a time. */
  private applyNext(): void {
    if (this.applyTimer) clearTimeout(this.applyTimer);
    this.applyTimer = null;
    const batches = this.unapplied;
    if (batches.length === 0) {
      this.applying = false;
      for (const wake of this.settleWaiters.splice(0)) wake();
      return;
    }
    this.applying = true;
    this.unapplied = [];
    const lsn = batches.reduce((m, b) => Math.max(m, b.lsn), -1);
    const ops: KvOp[] = [];
    for (const b of batches) for (const op of b.ops) ops.push(op);
    if (lsn >= 0) ops.push(this.log.appliedMarker(lsn));
    this.kv.write(ops).then(
      () => {
        this.unappliedOps -= lsn >= 0 ? ops.length - 1 : ops.length;
        for (const b of batches) {
          for (const writes of b.commits) {
            const bulk = writes.size >= BULK_COMMIT_ROWS;
            this.inFlight.landed(writes, (id, value) => (bulk ? this.cache.applyUncached(id, value) : this.cache.apply(id, value)));
          }
        }
        if (lsn >= 0) this.log.applied(lsn, this.kv).catch((e: unknown) => this.onBackgroundError(e));
        this.applying = false;
        this.scheduleApply();
      },
      (e: unknown) => {
        // The commits are safe in the log and visible through inFlight; RocksDB gets them later,
        // at the latest from the log's replay at the next start.
        this.onBackgroundError(e);
        this.unapplied = [...batches, ...this.unapplied];
        if (this.closing) {
          this.applying = false;
          for (const wake of this.settleWaiters.splice(0)) wake();
        } else setTimeout(() => this.applyNext(), APPLY_RETRY_MS);
      },
    );
  }

  /**
   * After a flush listed its segment: deletes from RocksDB the flushed keys that no commit wrote
   * since `flushStart` began (before the flush read them), in one batch queued behind every commit
   * made so far, so no later commit can land before it and be deleted by it. Keys written since
   * keep their newer hot version (reads prefer it to the segment's). Readers and the row cache
   * see no change: the rows read the same from the segment. Not logged: if the batch is lost in a
   * crash, the rows are both hot and cold, which reads cannot tell apart, and the next flush
   * takes them again. Returns how many keys it drops.
   */
  dropFlushed(flushStart: WriteSet, ids: readonly KeyId[]): number {
    if (this.unlogged.length > 0) this.flushLog();
    const ops: KvOp[] = [];
    for (const id of ids) {
      const last = this.lastCommit.get(id);
      if ((last !== undefined && last > flushStart.startCommit) || this.inFlight.has(id)) continue;
      ops.push({ type: 'del', key: keyFromId(id) });
    }
    if (ops.length === 0) return 0;
    this.unapplied.push({ lsn: -1, ops, commits: [] });
    this.unappliedOps += ops.length;
    this.scheduleApply();
    return ops.length;
  }

  /** Resolves once every commit acknowledged so far is in RocksDB. */
  async settle(): Promise<void> {
    for (;;) {
      if (this.unlogged.length > 0) this.flushLog();
      if (!this.applying && this.unapplied.length === 0) return;
      if (this.applyTimer) this.applyNext();
      if (this.closing && !this.applying) return;
      await new Promise<void>((resolve) => this.settleWaiters.push(resolve));
    }
  }

  /**
   * Deletes a key range outside any transaction (a dropped table's rows or index entries) on the
   * thread pool. The caller has made the range unreachable first (catalog record gone,
   * tableDropped): nobody reads it or commits into it meanwhile.
   */
  async clearDirect(gte: Buffer, lt: Buffer): Promise<void> {
    await this.settle(); // rows acknowledged but not yet in RocksDB must go too
    await this.kv.clear({ gte, lt });
  }

  /** Puts everything acknowledged into RocksDB and closes the log. RocksDB stays open. */
  async close(): Promise<void> {
    await this.settle();
    this.closing = true;
    this.log.close();
  }

  /** Conflict entries older than every active transaction can never cause a conflict again. */
  private pruneConflictLog(): void {
    if (this.loadedRanges.length > 0) {
      const oldest = this.oldestWatcher();
      this.loadedRanges = this.loadedRanges.filter((r) => r.stamp > oldest);
    }
    if (this.lastCommit.size < 50_000) return;
    const oldest = this.oldestWatcher();
    for (const [id, stamp] of this.lastCommit) if (stamp <= oldest) this.lastCommit.delete(id);
  }

  /** The earliest point in the commit order a running transaction or statement read from. */
  private oldestWatcher(): number {
    let oldest = this.commitCounter;
    for (const ws of this.active) oldest = Math.min(oldest, ws.startCommit);
    for (const c of this.statementClocks) if (c.statementStart !== null) oldest = Math.min(oldest, c.statementStart);
    return oldest;
  }
}
