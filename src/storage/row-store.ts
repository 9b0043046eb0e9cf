/**
 * RowStore: committed rows over RocksDB, plus the rules that make transactions safe.
 *
 * Reads see, in order of precedence: the reading transaction's own writes, rows committed but
 * still on their way to RocksDB (`inFlight`), then RocksDB itself. Commit is first-committer-wins:
 * a transaction that wrote a key someone else committed after this transaction began fails with
 * 40001 — nothing is silently overwritten. The check and the in-flight publication happen in one
 * synchronous step, so no other commit can slip in between; the RocksDB write (one atomic
 * WriteBatch) follows, and the commit is acknowledged only after it.
 *
 *   tx.put(k)  ──▶ tx.writes ──commit──▶ inFlight ──WriteBatch──▶ RocksDB ──▶ row cache
 *
 * Commits that arrive while a WriteBatch is being written are merged into the next one (group
 * commit): each stays atomic, and eight clients cost one RocksDB write instead of eight.
 */
import { Errors } from '../errors/sql-error.js';
import type { KvOp, KvStore } from './kv-store.js';
import { tablePrefix } from './key-layout.js';
import { prefixEnd } from './keycode.js';
import { RowCache } from './row-cache.js';

/** Binary-string form of a key: a cheap Map key with the same order as the bytes. */
export type KeyId = string;

export function keyId(key: Buffer): KeyId {
  return key.toString('latin1');
}

export function keyFromId(id: KeyId): Buffer {
  return Buffer.from(id, 'latin1');
}

export class WriteSet {
  /** value null = delete. Insertion order kept; sorted when scanned. */
  readonly writes = new Map<KeyId, Buffer | null>();
  /** Keys this transaction created, with the error to report if someone else created them first. */
  readonly inserts = new Map<KeyId, () => Error>();
  /**
   * Per written key, the commit counter when the statement that first wrote it began: a commit
   * of that key after this point was not seen by the writer (READ COMMITTED: each statement sees
   * what was committed before it began), so committing over it would lose an update.
   */
  private readonly seenAt = new Map<KeyId, number>();
  private statementStart: number;

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

  private wrote(id: KeyId): void {
    if (!this.seenAt.has(id)) this.seenAt.set(id, this.statementStart);
  }

  markInsert(key: Buffer, duplicate: () => Error): void {
    this.inserts.set(keyId(key), duplicate);
  }

  put(key: Buffer, value: Buffer): void {
    const id = keyId(key);
    this.writes.set(id, value);
    this.wrote(id);
  }

  delete(key: Buffer): void {
    const id = keyId(key);
    this.writes.set(id, null);
    this.wrote(id);
  }

  get size(): number {
    return this.writes.size;
  }

  /** For savepoint-free statement rollback: take a copy, restore on failure. */
  snapshot(): Map<KeyId, Buffer | null> {
    return new Map(this.writes);
  }

  restore(snap: Map<KeyId, Buffer | null>): void {
    this.writes.clear();
    for (const [k, v] of snap) this.writes.set(k, v);
    for (const k of this.inserts.keys()) if (!snap.has(k)) this.inserts.delete(k);
  }
}

export class RowStore {
  private readonly inFlight = new Map<KeyId, Buffer | null>();
  private readonly lastCommit = new Map<KeyId, number>();
  private commitCounter = 0;
  private readonly active = new Set<WriteSet>();
  readonly cache: RowCache;
  private queuedOps: KvOp[] = [];
  private queuedWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(readonly kv: KvStore, cacheBudgetBytes = 256 * 1024 * 1024) {
    this.cache = new RowCache(cacheBudgetBytes);
  }

  /**
   * Loads every row of the given tables into the cache while it fits, marking each table that
   * fit completely as complete. Run once at start, before serving.
   */
  async warm(tableIds: readonly number[]): Promise<void> {
    for (const id of tableIds) {
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

  /** A table made by this server: empty, so complete. */
  tableCreated(tableId: number): void {
    this.cache.markComplete(tableId);
  }

  tableDropped(tableId: number): void {
    this.cache.forgetTable(tableId);
  }

  /** Reads RocksDB for keys the cache does not know, filling it unless a commit raced the read. */
  private async readThrough(ids: readonly KeyId[], keys: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
    const guard = this.begin();
    try {
      const found = keys.length === 1 ? [await this.kv.get(keys[0]!)] : await this.kv.getMany(keys);
      found.forEach((v, i) => {
        const id = ids[i]!;
        const last = this.lastCommit.get(id);
        if (v && (last === undefined || last <= guard.startCommit) && !this.inFlight.has(id)) this.cache.fill(id, v);
      });
      return found;
    } finally {
      this.abandon(guard);
    }
  }

  begin(): WriteSet {
    const ws = new WriteSet(this.commitCounter, () => this.commitCounter);
    this.active.add(ws);
    return ws;
  }

  /** Ends a transaction without writing anything. */
  abandon(ws: WriteSet): void {
    this.active.delete(ws);
  }

  async get(key: Buffer, ws?: WriteSet): Promise<Buffer | undefined> {
    const id = keyId(key);
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

  async getMany(keys: readonly Buffer[], ws?: WriteSet): Promise<(Buffer | undefined)[]> {
    const out: (Buffer | undefined)[] = new Array(keys.length);
    const missing: number[] = [];
    const missingIds: KeyId[] = [];
    keys.forEach((key, i) => {
      const id = keyId(key);
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
    const overlay = new Map<KeyId, Buffer | null>();
    for (const [k, v] of this.inFlight) if (k >= lo && k < hi) overlay.set(k, v);
    if (ws) for (const [k, v] of ws.writes) if (k >= lo && k < hi) overlay.set(k, v);
    if (overlay.size === 0) {
      yield* this.kv.scan({ gte, lt });
      return;
    }
    const extra = [...overlay.keys()].sort();
    let e = 0;
    for await (const batch of this.kv.scan({ gte, lt })) {
      const out: [Buffer, Buffer][] = [];
      for (const entry of batch) {
        const id = keyId(entry[0]);
        while (e < extra.length && extra[e]! < id) {
          const v = overlay.get(extra[e]!);
          if (v) out.push([keyFromId(extra[e]!), v]);
          e++;
        }
        if (e < extra.length && extra[e] === id) {
          const v = overlay.get(id);
          if (v) out.push([entry[0], v]);
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
    }
    if (tail.length > 0) yield tail;
  }

  /** Writes a transaction atomically, or throws 40001 if another commit got to one of its keys first. */
  async commit(ws: WriteSet): Promise<void> {
    this.active.delete(ws);
    if (ws.writes.size === 0) return;
    for (const id of ws.writes.keys()) {
      const last = this.lastCommit.get(id);
      if (last !== undefined && last > ws.seen(id)) {
        const duplicate = ws.inserts.get(id);
        if (duplicate) throw duplicate();
        throw Errors.serializationFailure('could not serialize access due to concurrent update');
      }
    }
    const stamp = ++this.commitCounter;
    const ops: KvOp[] = [];
    for (const [id, value] of ws.writes) {
      this.lastCommit.set(id, stamp);
      this.inFlight.set(id, value);
      const key = keyFromId(id);
      ops.push(value ? { type: 'put', key, value } : { type: 'del', key });
    }
    let written = false;
    try {
      await this.enqueueWrite(ops);
      written = true;
    } finally {
      for (const [id, value] of ws.writes) {
        if (this.inFlight.get(id) !== value) continue; // a later commit of the same key owns it now
        this.inFlight.delete(id);
        if (written) this.cache.apply(id, value);
      }
      this.pruneConflictLog();
    }
  }

  private enqueueWrite(ops: KvOp[]): Promise<void> {
    return new Promise((resolve, reject) => {
      for (const op of ops) this.queuedOps.push(op);
      this.queuedWaiters.push({ resolve, reject });
      if (!this.writing) this.writeQueued();
    });
  }

  private writeQueued(): void {
    if (this.queuedOps.length === 0) {
      this.writing = false;
      return;
    }
    this.writing = true;
    const ops = this.queuedOps;
    const waiters = this.queuedWaiters;
    this.queuedOps = [];
    this.queuedWaiters = [];
    this.kv.write(ops).then(
      () => {
        for (const w of waiters) w.resolve();
        this.writeQueued();
      },
      (e: unknown) => {
        for (const w of waiters) w.reject(e);
        this.writeQueued();
      },
    );
  }

  /** Writes outside any transaction's conflict rules (catalog-owned data such as dropped tables). */
  async writeDirect(ops: KvOp[]): Promise<void> {
    await this.kv.write(ops);
  }

  /** Conflict entries older than every active transaction can never cause a conflict again. */
  private pruneConflictLog(): void {
    if (this.lastCommit.size < 50_000) return;
    let oldest = this.commitCounter;
    for (const ws of this.active) oldest = Math.min(oldest, ws.startCommit);
    for (const [id, stamp] of this.lastCommit) if (stamp <= oldest) this.lastCommit.delete(id);
  }
}
