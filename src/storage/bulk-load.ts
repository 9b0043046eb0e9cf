/**
 * A bulk load: a COPY into an empty partition that writes its rows straight into RocksDB while it
 * runs, instead of holding them all in a write set and writing them after COMMIT. The rows are in
 * RocksDB long before they are committed, so the row store hides the partition's key range from
 * every reader until the load commits (row-store.ts), and a marker record makes a crash in the
 * middle undo the rows at the next start:
 *
 *   begin: register range (commits into it now wait) ─▶ settle ─▶ partition empty? ─▶ marker
 *   rows:  KvBatch per slice ─▶ written while the next slice is parsed (range hidden)
 *   commit: marker deleted (the commit point) ─▶ range visible in one synchronous step
 *   abort:  every key of the range deleted, then the marker
 *
 * The partition was empty and nobody else could commit into it, so undoing is deleting the range.
 */
import type { KvBatch, KvStore } from './kv-store.js';
import { metaKey } from './key-layout.js';
import { prefixEnd } from './keycode.js';
import { keyId, type KeyId } from './row-store.js';

/** Marker records: `m/bulk-load/<hex of the partition prefix>` → the prefix. */
export const LOAD_MARKER_PREFIX = metaKey('bulk-load/');

export function loadMarkerKey(prefix: Buffer): Buffer {
  return metaKey(`bulk-load/${prefix.toString('hex')}`);
}

/** Slices being written at once: the load parses one while RocksDB writes the one before. */
const MAX_WRITES_IN_FLIGHT = 2;

/**
 * starting: commits into the range wait, readers still see it (it may turn out not to be empty);
 * running: rows being written, the range hidden; committing: past the commit point, readers wait;
 * done: visible (or undone).
 */
export type LoadState = 'starting' | 'running' | 'committing' | 'done';

export class BulkLoad {
  readonly lo: KeyId;
  readonly hi: KeyId;
  readonly end: Buffer;
  state: LoadState = 'starting';
  /** Why the load can no longer commit (its table was dropped), once known. */
  doomed: string | null = null;
  /** The `_seq` range of the rows: a later commit conflicts with a loaded key only if the key holds one. */
  minSeq: bigint | null = null;
  maxSeq: bigint | null = null;
  /** Rows put so far, and their keys' and values' bytes (write statistics). */
  rows = 0;
  bytes = 0;
  private batch: KvBatch | null = null;
  private readonly writing: Promise<void>[] = [];
  private failure: unknown = null;
  readonly finished: Promise<void>;
  private resolveFinished!: () => void;

  constructor(private readonly kv: KvStore, readonly tableId: number, readonly prefix: Buffer) {
    this.lo = keyId(prefix);
    this.end = prefixEnd(prefix);
    this.hi = keyId(this.end);
    this.finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));
  }

  /** Readers must not see RocksDB's rows of the range. */
  get hides(): boolean {
    return this.state === 'running' || this.state === 'committing';
  }

  covers(id: KeyId): boolean {
    return id >= this.lo && id < this.hi;
  }

  overlaps(lo: KeyId, hi: KeyId): boolean {
    return lo < this.hi && hi > this.lo;
  }

  /** Adds one row to the current slice. */
  put(key: Buffer, value: Buffer): void {
    this.batch ??= this.kv.batch();
    this.batch.put(key, value);
    this.rows++;
    this.bytes += key.length + value.length;
  }

  /** The `_seq`s of the rows put so far reach from `first` (of this load's first row) to `last`. */
  stamped(first: bigint, last: bigint): void {
    this.minSeq ??= first;
    this.maxSeq = last;
  }

  /** Sends the current slice to RocksDB; waits while too many are on their way. */
  async flush(): Promise<void> {
    this.throwIfFailed();
    const batch = this.batch;
    this.batch = null;
    if (batch && batch.length > 0) {
      const p = batch.write().catch((e: unknown) => {
        this.failure ??= e;
      });
      this.writing.push(p);
    }
    while (this.writing.length >= MAX_WRITES_IN_FLIGHT) await this.writing.shift();
    this.throwIfFailed();
  }

  /** Every slice is in RocksDB (or the first failure is thrown). */
  async drain(): Promise<void> {
    await this.flush();
    while (this.writing.length > 0) await this.writing.shift();
    this.throwIfFailed();
  }

  /** Waits for the writes under way without failing: before the range is undone. */
  async quiesce(): Promise<void> {
    this.batch = null;
    while (this.writing.length > 0) await this.writing.shift();
  }

  markerWrite(): { readonly key: Buffer; readonly value: Buffer } {
    return { key: loadMarkerKey(this.prefix), value: this.prefix };
  }

  finish(): void {
    this.state = 'done';
    this.resolveFinished();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}

/** Deletes every key in [prefix, prefixEnd(prefix)), then `marker` (when given): a crash between keeps the marker. */
export async function deleteRange(kv: KvStore, prefix: Buffer, marker: Buffer | null): Promise<void> {
  await kv.clear({ gte: prefix, lt: prefixEnd(prefix) });
  if (marker) await kv.del(marker);
}

/** At start: undoes every load a crash interrupted. Returns how many there were. */
export async function undoInterruptedLoads(kv: KvStore): Promise<number> {
  const markers: [Buffer, Buffer][] = [];
  for await (const entries of kv.scan({ gte: LOAD_MARKER_PREFIX, lt: prefixEnd(LOAD_MARKER_PREFIX) })) markers.push(...entries);
  for (const [marker, prefix] of markers) await deleteRange(kv, prefix, marker);
  return markers.length;
}
