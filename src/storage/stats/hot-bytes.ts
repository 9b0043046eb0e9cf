/**
 * HotBytes: how many bytes each table's rows and each secondary index's entries take in RocksDB,
 * answered synchronously (the size functions run inside expression evaluation, which never
 * awaits).
 *
 * RocksDB's own estimate (KvStore.approximateSize) counts SST files only — the binding asks without
 * INCLUDE_MEMTABLES — so rows still in the memtable (up to 64 MiB of the most recent writes) would
 * count nothing, and a small new table would read 0 bytes for minutes. So a key space's bytes are
 *
 *   files (RocksDB's estimate for its key range, refreshed after each RocksDB flush or compaction)
 *   + bytes committed into it since RocksDB last flushed its memtables (counted from commits)
 *
 * A one-second tick reads two RocksDB properties (a few µs): when the SST files changed or the
 * memtables shrank, a flush (or compaction) happened, so the file estimates are asked again and
 * the committed bytes counted before the previous tick are dropped (they are in the files now).
 * Those of the second of the flush may be in either: they are kept, scaled down to what the
 * memtables hold. The figure is an estimate, like PostgreSQL's own sizes; deleted and overwritten
 * versions count until RocksDB compacts them away — they do take that space.
 */
import type { KvStore } from '../kv-store.js';
import { KeySpace } from '../key-layout.js';
import { prefixEnd } from '../keycode.js';
import type { KeyId, RowStoreListener } from '../row-store.js';
import { tableIdOf } from '../row-cache.js';

const TICK_MS = 1000;

/** A key space (a table's rows, or an index's entries) as one number: its kind byte, then its id. */
function spaceOf(kind: number, id: number): number {
  return kind * 2 ** 32 + id;
}

function spaceOfKey(id: KeyId): number {
  return spaceOf(id.charCodeAt(0), tableIdOf(id));
}

function add(into: Map<number, number>, space: number, bytes: number): void {
  into.set(space, (into.get(space) ?? 0) + bytes);
}

export class HotBytes implements RowStoreListener {
  /** RocksDB's SST estimate per key space, as of the last refresh. */
  private files = new Map<number, number>();
  /** Bytes committed before the last tick, since RocksDB's last memtable flush. */
  private older = new Map<number, number>();
  /** Bytes committed since the last tick. */
  private recent = new Map<number, number>();
  private lastSst = Number.NaN;
  private lastMem = Number.NaN;
  private refreshing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  /** `spaces`: the row-key prefixes of every table and the entry prefixes of every secondary index. */
  constructor(
    private readonly kv: KvStore,
    private readonly spaces: () => Iterable<Buffer>,
    private readonly onError: (e: unknown) => void = () => {},
  ) {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Bytes of a table's rows, every partition. */
  tableBytes(tableId: number): number {
    return this.bytesOf(spaceOf(KeySpace.ROW, tableId));
  }

  /** Bytes of a secondary index's entries (`storageId`: IndexDefinition.storageId). */
  indexBytes(storageId: number): number {
    return this.bytesOf(spaceOf(KeySpace.INDEX, storageId));
  }

  /**
   * Everything RocksDB holds — rows, indexes, the catalog, jobs — in its files and memtables. Commits
   * reach RocksDB a little after they are acknowledged (row-store.ts): until then the bytes counted
   * from them stand in for the memtable's, so the whole is never less than its tables.
   */
  totalBytes(): number {
    if (!this.kv.isOpen) return 0;
    const sst = this.kv.intProperty('rocksdb.total-sst-files-size');
    const mem = this.kv.intProperty('rocksdb.cur-size-all-mem-tables');
    let counted = 0;
    for (const m of [this.older, this.recent]) for (const bytes of m.values()) counted += bytes;
    return (Number.isFinite(sst) ? sst : 0) + Math.max(Number.isFinite(mem) ? mem : 0, counted);
  }

  private bytesOf(space: number): number {
    return (this.files.get(space) ?? 0) + (this.older.get(space) ?? 0) + (this.recent.get(space) ?? 0);
  }

  committed(writes: ReadonlyMap<KeyId, Buffer | null>): void {
    let last = -1;
    let run = 0;
    for (const [id, value] of writes) {
      const kind = id.charCodeAt(0);
      if ((kind !== KeySpace.ROW && kind !== KeySpace.INDEX) || id.length < 5) continue;
      const space = spaceOfKey(id);
      if (space !== last) {
        if (run > 0) add(this.recent, last, run);
        last = space;
        run = 0;
      }
      run += id.length + (value?.length ?? 0);
    }
    if (run > 0) add(this.recent, last, run);
  }

  withdrawn(): void {}

  tableDropped(tableId: number): void {
    const space = spaceOf(KeySpace.ROW, tableId);
    for (const m of [this.files, this.older, this.recent]) m.delete(space);
  }

  rowsLoaded(tableId: number, loaded?: { readonly rows: number; readonly bytes: number }): void {
    if (loaded) add(this.recent, spaceOf(KeySpace.ROW, tableId), loaded.bytes);
  }

  /**
   * Asks RocksDB for every key space's file estimate again (one thread-pool hop each) and drops the
   * committed bytes counted before `carried` was taken. Called at start, after a flush is seen, and
   * after VACUUM FULL compacted a table's ranges.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshFiles().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshFiles(): Promise<void> {
    // What was committed up to now may be in the files RocksDB is about to describe: from here on,
    // only later commits are counted on top.
    const carried = this.recent;
    this.recent = new Map();
    this.lastSst = this.kv.intProperty('rocksdb.total-sst-files-size');
    this.lastMem = this.kv.intProperty('rocksdb.cur-size-all-mem-tables');
    const files = new Map<number, number>();
    for (const prefix of this.spaces()) {
      if (!this.kv.isOpen) return;
      const bytes = await this.kv.approximateSize(prefix, prefixEnd(prefix));
      if (bytes > 0) files.set(spaceOf(prefix[0]!, prefix.readUInt32BE(1)), bytes);
    }
    this.files = files;
    // The bytes committed in the tick before the flush may or may not have reached its files.
    // Whatever did not is in the memtables now, so they bound what is kept: right after a
    // compaction (memtables empty) nothing is, after a flush under load about the right share.
    const entries = this.kv.intProperty('rocksdb.num-entries-active-mem-table') + this.kv.intProperty('rocksdb.num-entries-imm-mem-tables');
    // An empty memtable still reports its arena's few hundred bytes.
    const mem = entries === 0 ? 0 : this.kv.intProperty('rocksdb.cur-size-all-mem-tables');
    let total = 0;
    for (const bytes of carried.values()) total += bytes;
    if (Number.isFinite(mem) && total > mem) for (const [space, bytes] of carried) carried.set(space, Math.floor((bytes * mem) / total));
    this.older = carried;
  }

  private tick(): void {
    if (this.refreshing || !this.kv.isOpen) return;
    try {
      const sst = this.kv.intProperty('rocksdb.total-sst-files-size');
      const mem = this.kv.intProperty('rocksdb.cur-size-all-mem-tables');
      if (sst !== this.lastSst || mem < this.lastMem) {
        this.refresh().catch((e: unknown) => this.onError(e));
        return;
      }
      this.lastMem = mem;
      for (const [space, bytes] of this.recent) add(this.older, space, bytes);
      this.recent = new Map();
    } catch (e) {
      this.onError(e);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
