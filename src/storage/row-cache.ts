/**
 * Hot rows in memory (DESIGN.md section 2: "point paths … cache hot rows"). Committed row values
 * by key, within a byte budget, plus per table a *complete* flag: while set, every live row of the
 * table is in the cache, so a miss means "no such row" and needs no RocksDB read — the uniqueness
 * check of an INSERT and a point SELECT then never leave the event loop.
 *
 * The cache is written through by commits (after RocksDB has the write) and filled by reads.
 * Evicting any row of a table clears that table's complete flag.
 */
import type { KeyId } from './row-store.js';

const ROW_TAG = 0x72; // 'r': only table rows are cached (key-layout.ts)
const ENTRY_OVERHEAD = 80;

/** The table id encoded in a row key's bytes 1..4 (big-endian uint32). */
export function tableIdOf(id: KeyId): number {
  return ((id.charCodeAt(1) << 24) >>> 0) + (id.charCodeAt(2) << 16) + (id.charCodeAt(3) << 8) + id.charCodeAt(4);
}

export function isRowKey(id: KeyId): boolean {
  return id.length > 5 && id.charCodeAt(0) === ROW_TAG;
}

export class RowCache {
  private readonly rows = new Map<KeyId, Buffer>();
  private readonly complete = new Set<number>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly budgetBytes: number) {}

  /** The cached row, null when the table is complete and the row absent, undefined when unknown. */
  get(id: KeyId): Buffer | null | undefined {
    const v = this.rows.get(id);
    if (v !== undefined) {
      this.hits++;
      return v;
    }
    if (isRowKey(id) && this.complete.has(tableIdOf(id))) {
      this.hits++;
      return null;
    }
    this.misses++;
    return undefined;
  }

  isComplete(tableId: number): boolean {
    return this.complete.has(tableId);
  }

  /** A new (empty) table, or one whose every row was just loaded. */
  markComplete(tableId: number): void {
    this.complete.add(tableId);
  }

  /** Rows were written around the cache (a bulk load): a miss must read RocksDB again. */
  markIncomplete(tableId: number): void {
    this.complete.delete(tableId);
  }

  forgetTable(tableId: number): void {
    this.complete.delete(tableId);
    for (const id of this.rows.keys()) if (tableIdOf(id) === tableId) this.remove(id);
  }

  /** A committed write (value null = deleted). */
  apply(id: KeyId, value: Buffer | null): void {
    if (!isRowKey(id)) return;
    if (value === null) {
      this.remove(id);
      return;
    }
    this.store(id, value);
  }

  /**
   * A committed write of a bulk load: a row the cache holds is updated (or dropped), a row it
   * does not hold stays out, and its table is no longer complete (a miss must then read RocksDB).
   */
  applyUncached(id: KeyId, value: Buffer | null): void {
    if (!isRowKey(id)) return;
    if (this.rows.has(id)) this.apply(id, value);
    else if (value !== null) this.complete.delete(tableIdOf(id));
  }

  /** A value read from RocksDB. */
  fill(id: KeyId, value: Buffer): void {
    if (isRowKey(id)) this.store(id, value);
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get entries(): number {
    return this.rows.size;
  }

  private store(id: KeyId, value: Buffer): void {
    const old = this.rows.get(id);
    if (old !== undefined) {
      this.bytes -= old.length + id.length + ENTRY_OVERHEAD;
      this.rows.delete(id); // re-insert: Map order is the eviction order (oldest first)
    }
    this.rows.set(id, value);
    this.bytes += value.length + id.length + ENTRY_OVERHEAD;
    if (this.bytes > this.budgetBytes) this.evict();
  }

  private remove(id: KeyId): void {
    const old = this.rows.get(id);
    if (old === undefined) return;
    this.rows.delete(id);
    this.bytes -= old.length + id.length + ENTRY_OVERHEAD;
  }

  private evict(): void {
    const target = this.budgetBytes * 0.9;
    for (const [id, v] of this.rows) {
      if (this.bytes <= target) break;
      this.rows.delete(id);
      this.bytes -= v.length + id.length + ENTRY_OVERHEAD;
      this.complete.delete(tableIdOf(id));
    }
  }
}
