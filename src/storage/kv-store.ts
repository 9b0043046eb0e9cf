import { createRequire } from 'node:module';

/**
 * KvStore: a small promise API over the `rocksdb` npm binding (5.2.1, abstract-leveldown 7,
 * callbacks). Everything above storage talks to RocksDB through this class.
 *
 * Durability: RocksDB's write-ahead log is on (the binding never sets `disableWAL`). A write
 * acknowledged with `sync: false` has been appended to the WAL file through write(2), so it is in
 * the OS page cache and survives a crash of this PROCESS (SIGKILL, OOM kill, uncaught error) —
 * test/storage/kv-store-durability.test.ts checks exactly that. Surviving a power loss or kernel
 * crash needs `sync: true` (fsync of the WAL before the callback).
 *
 * Measured on the development machine (2 cores, Node 20, 200k rows of 9-byte keys and 80-byte
 * values; `npm run build && node test/storage/bench/kv-bench.mjs`):
 *   - get, one at a time: ~60 µs each (~16k/s); 8 in flight: ~80k/s; 64 in flight: ~115k/s
 *   - getMany: the binding has it natively in 5.2.1 (one thread-pool hop, one snapshot, the gets
 *     run one after another on that thread): 16 keys → ~80k keys/s, 64 → ~150k, 1000 → ~165k;
 *     four getMany(64) in flight → ~220k keys/s (the pool has 4 threads)
 *   - write: 1000-put batches ~480k puts/s; single-put batches ~18k/s one at a time, ~90k/s with
 *     64 in flight (RocksDB groups concurrent WAL writes)
 *   - scan: ~390k entries/s. The binding's native `iterator_next` already fills up to 1000 entries
 *     (or `highWaterMark` bytes) per thread-pool hop — there is no `nextv` in 5.2.1 — but
 *     abstract-leveldown's `next()` then hands them out one callback per entry (~330k/s). We call
 *     `iterator_next` directly and yield each native batch whole. What remains is the binding
 *     copying every key and value into its own new Buffer on the main thread, ~2.5 µs an entry:
 *     analytic scans must not read RocksDB row by row (DESIGN.md section 2).
 */

export type KvOp =
  | { readonly type: 'put'; readonly key: Buffer; readonly value: Buffer }
  | { readonly type: 'del'; readonly key: Buffer };

export interface KvRange {
  readonly gte?: Buffer;
  readonly gt?: Buffer;
  readonly lt?: Buffer;
  readonly lte?: Buffer;
  readonly reverse?: boolean;
  /** At most this many entries in all. */
  readonly limit?: number;
}

export interface KvOpenOptions {
  readonly createIfMissing?: boolean;
  readonly errorIfExists?: boolean;
  /** Block cache in bytes (binding default 8 MiB). */
  readonly cacheSize?: number;
  /** Memtable size in bytes before a flush to L0 (binding default 4 MiB). */
  readonly writeBufferSize?: number;
}

/** A RocksDB failure, with the operation named. `cause` is the binding's original error. */
export class KvStoreError extends Error {
  constructor(operation: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`RocksDB ${operation} failed: ${detail}`, { cause });
    this.name = 'KvStoreError';
  }
}

type Callback<T> = (err: Error | null | undefined, result?: T) => void;

interface NativeDb {
  readonly context: unknown;
  open(options: object, cb: Callback<void>): void;
  close(cb: Callback<void>): void;
  get(key: Buffer, options: object, cb: Callback<Buffer>): void;
  getMany(keys: Buffer[], options: object, cb: Callback<(Buffer | undefined)[]>): void;
}

interface NativeBinding {
  iterator_init(db: unknown, options: object): unknown;
  iterator_next(it: unknown, cb: (err: Error | null, entries: Buffer[], finished: boolean) => void): void;
  iterator_end(it: unknown, cb: Callback<void>): void;
  batch_init(db: unknown): unknown;
  batch_put(batch: unknown, key: Buffer, value: Buffer): void;
  batch_del(batch: unknown, key: Buffer): void;
  batch_write(batch: unknown, options: object, cb: Callback<void>): void;
  db_clear(db: unknown, options: object, cb: Callback<void>): void;
  db_approximate_size(db: unknown, start: Buffer, end: Buffer, cb: Callback<number>): void;
  db_compact_range(db: unknown, start: Buffer, end: Buffer, cb: Callback<void>): void;
  db_get_property(db: unknown, property: string): string;
}

const require = createRequire(import.meta.url);
const LevelDOWN = require('rocksdb') as (location: string) => NativeDb;
const binding = require('rocksdb/binding.js') as NativeBinding;

/** Bytes per native iterator hop; the binding also stops at 1000 entries. */
const SCAN_HIGH_WATER_MARK = 1 << 20;

export class KvStore {
  private closed = false;
  private readonly iterators = new Set<unknown>();
  private pending = 0;
  private drained: (() => void) | null = null;

  private constructor(private readonly db: NativeDb, readonly location: string) {}

  static async open(dir: string, opts: KvOpenOptions = {}): Promise<KvStore> {
    const db = LevelDOWN(dir);
    await new Promise<void>((resolve, reject) =>
      db.open(
        {
          createIfMissing: opts.createIfMissing ?? true,
          errorIfExists: opts.errorIfExists ?? false,
          ...(opts.cacheSize !== undefined ? { cacheSize: opts.cacheSize } : {}),
          ...(opts.writeBufferSize !== undefined ? { writeBufferSize: opts.writeBufferSize } : {}),
        },
        (err) => (err ? reject(new KvStoreError(`open of ${dir}`, err)) : resolve()),
      ),
    );
    return new KvStore(db, dir);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  get(key: Buffer): Promise<Buffer | undefined> {
    return this.call<Buffer | undefined>('get', (done) =>
      this.db.get(key, { asBuffer: true }, (err, value) => {
        if (err && /^NotFound/.test(err.message)) done(null, undefined);
        else done(err, value);
      }),
    );
  }

  /** One native hop over one snapshot: the values are consistent with each other. */
  getMany(keys: readonly Buffer[]): Promise<(Buffer | undefined)[]> {
    if (keys.length === 0) return Promise.resolve([]);
    return this.call<(Buffer | undefined)[]>('getMany', (done) =>
      this.db.getMany(keys as Buffer[], { asBuffer: true }, done),
    );
  }

  /**
   * All of `ops` as one atomic WriteBatch. `sync: true` also fsyncs the WAL (power-loss safe).
   * Built with the binding's chained batch, one native call per op: its array form (`batch_do`)
   * reads each op object's type, key and value through separate N-API property lookups, which
   * cost about twice as much main-thread time per op — seconds for a million-row COPY.
   */
  write(ops: readonly KvOp[], opts: { sync?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return Promise.resolve();
    return this.call<void>('write', (done) => {
      // As abstract-leveldown refused them for batch_do: RocksDB would store an empty key.
      if (ops.some((op) => op.key.length === 0)) return done(new Error('key cannot be an empty Buffer'));
      const batch = binding.batch_init(this.db.context);
      for (const op of ops) {
        if (op.type === 'put') binding.batch_put(batch, op.key, op.value);
        else binding.batch_del(batch, op.key);
      }
      binding.batch_write(batch, { sync: opts.sync === true }, done);
    });
  }

  /**
   * A WriteBatch built op by op and written later: a bulk load fills one while its next rows are
   * still being parsed, without an array of op objects in between.
   */
  batch(): KvBatch {
    this.assertOpen('batch');
    return new KvBatch(binding.batch_init(this.db.context), (b, sync, done) => {
      this.call<void>('write', (cb) => binding.batch_write(b, { sync }, cb)).then(() => done(null), done);
    });
  }

  /**
   * Deletes every key in [gte, lt) on the thread pool: the binding iterates and deletes natively in
   * batches (16 KiB of keys each), so a million-row table costs the event loop one call, not a
   * JavaScript op per key. Not atomic: a crash in the middle leaves part of the range.
   */
  clear(range: { readonly gte: Buffer; readonly lt: Buffer }): Promise<void> {
    return this.call<void>('clear', (done) => binding.db_clear(this.db.context, { gte: range.gte, lt: range.lt }, done));
  }

  /**
   * RocksDB's estimate of the bytes [gte, lt) takes in its SST files (compressed, as on disk). The
   * binding asks without INCLUDE_MEMTABLES: keys still only in the memtable count nothing until
   * RocksDB flushes it (storage/stats/hot-bytes.ts adds those). One thread-pool hop, ~0.2 ms.
   */
  approximateSize(gte: Buffer, lt: Buffer): Promise<number> {
    return this.call<number>('approximateSize', (done) => binding.db_approximate_size(this.db.context, gte, lt, done));
  }

  /** Compacts the SST files holding [gte, lt) (flushing the memtable first): deleted and overwritten versions go. */
  compactRange(gte: Buffer, lt: Buffer): Promise<void> {
    return this.call<void>('compactRange', (done) => binding.db_compact_range(this.db.context, gte, lt, done));
  }

  /** A numeric RocksDB property (`rocksdb.total-sst-files-size`, …); synchronous, a few µs. NaN if unknown. */
  intProperty(name: string): number {
    this.assertOpen('getProperty');
    const v = binding.db_get_property(this.db.context, name);
    return v === '' ? Number.NaN : Number(v);
  }

  put(key: Buffer, value: Buffer, opts?: { sync?: boolean }): Promise<void> {
    return this.write([{ type: 'put', key, value }], opts);
  }

  del(key: Buffer, opts?: { sync?: boolean }): Promise<void> {
    return this.write([{ type: 'del', key }], opts);
  }

  /**
   * Entries of `range` in key order (or reverse), in batches of up to 1000, read from one
   * snapshot taken when the scan starts. Breaking out of the loop releases the iterator.
   */
  async *scan(range: KvRange): AsyncGenerator<[Buffer, Buffer][], void, undefined> {
    this.assertOpen('scan');
    // The binding treats a zero-length bound as "no bound"; an empty upper bound means no keys.
    if ((range.lt && range.lt.length === 0) || (range.lte && range.lte.length === 0) || range.limit === 0) return;
    const options: Record<string, unknown> = {
      reverse: range.reverse === true,
      limit: range.limit ?? -1,
      keys: true,
      values: true,
      keyAsBuffer: true,
      valueAsBuffer: true,
      fillCache: false,
      highWaterMark: SCAN_HIGH_WATER_MARK,
    };
    for (const bound of ['gte', 'gt', 'lt', 'lte'] as const) if (range[bound]) options[bound] = range[bound];
    const it = binding.iterator_init(this.db.context, options);
    this.iterators.add(it);
    try {
      let pending: [Buffer, Buffer][] = [];
      for (;;) {
        const [entries, finished] = await this.call<[Buffer[], boolean]>('scan', (done) =>
          binding.iterator_next(it, (err, e, f) => done(err, [e, f])),
        );
        // The binding lists entries last-first (…, value2, key2, value1, key1) so its JS side can pop().
        for (let i = entries.length - 1; i > 0; i -= 2) pending.push([entries[i]!, entries[i - 1]!]);
        // Its first hop returns a single entry; don't hand that out as a batch of its own.
        if (finished || pending.length >= 64) {
          if (pending.length > 0) yield pending;
          pending = [];
        }
        if (finished) return;
      }
    } finally {
      this.iterators.delete(it);
      if (!this.closed) await new Promise<void>((resolve) => binding.iterator_end(it, () => resolve()));
    }
  }

  /** Waits for operations in flight, then closes RocksDB (ending any open scans). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pending > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    for (const it of this.iterators) await new Promise<void>((resolve) => binding.iterator_end(it, () => resolve()));
    this.iterators.clear();
    await new Promise<void>((resolve, reject) =>
      this.db.close((err) => (err ? reject(new KvStoreError('close', err)) : resolve())),
    );
  }

  private assertOpen(operation: string): void {
    // The binding does not guard every call against a closed handle, and some would crash.
    if (this.closed) throw new KvStoreError(operation, new Error(`database ${this.location} is closed`));
  }

  private call<T>(operation: string, run: (done: Callback<T>) => void): Promise<T> {
    try {
      this.assertOpen(operation);
    } catch (e) {
      return Promise.reject(e);
    }
    this.pending++;
    return new Promise<T>((resolve, reject) => {
      run((err, result) => {
        if (--this.pending === 0 && this.drained) this.drained();
        if (err) reject(new KvStoreError(operation, err));
        else resolve(result as T);
      });
    });
  }
}

/** A native WriteBatch being filled (KvStore.batch): nothing is visible until write() lands. */
export class KvBatch {
  private count = 0;
  private written = false;

  constructor(
    private readonly native: unknown,
    private readonly writeNative: (batch: unknown, sync: boolean, done: (err: unknown) => void) => void,
  ) {}

  get length(): number {
    return this.count;
  }

  put(key: Buffer, value: Buffer): void {
    if (key.length === 0) throw new KvStoreError('batch', new Error('key cannot be an empty Buffer'));
    binding.batch_put(this.native, key, value);
    this.count++;
  }

  del(key: Buffer): void {
    if (key.length === 0) throw new KvStoreError('batch', new Error('key cannot be an empty Buffer'));
    binding.batch_del(this.native, key);
    this.count++;
  }

  /** Writes every op as one atomic WriteBatch; a batch is written once. */
  write(opts: { sync?: boolean } = {}): Promise<void> {
    if (this.written) return Promise.reject(new KvStoreError('write', new Error('batch already written')));
    this.written = true;
    return new Promise<void>((resolve, reject) => this.writeNative(this.native, opts.sync === true, (e) => (e ? reject(e) : resolve())));
  }
}
