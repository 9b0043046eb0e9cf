/**
 * Every table mirror of the server (table-mirror.ts), within one memory budget
 * (`--column-cache-memory`, default 512 MiB).
 *
 * A partition is mirrored the first time a query scans it: that first scan reads RocksDB as
 * before, and every later scan reads memory. The row store tells this registry of every commit
 * (in the same synchronous step that makes the commit visible), so a mirror never lags what a
 * RocksDB read would return. Writes that bypass commits (dropping a table's rows, a bulk load
 * becoming visible) and a commit that fails after it was published drop the mirrors concerned;
 * they are rebuilt on demand.
 *
 * When mirrors outgrow the budget the least recently scanned go; a partition too big for the
 * budget alone is scanned from RocksDB, as before, until its table's definition changes.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { isRowKey, tableIdOf } from '../../storage/row-cache.js';
import { keyId, type KeyId, type RowStore, type RowStoreListener, type WriteSet } from '../../storage/row-store.js';
import type { TableAccess } from '../table-access.js';
import { BaseBuilder, TableMirror, type MirrorSnapshot } from './table-mirror.js';

export const DEFAULT_COLUMN_CACHE_MEMORY = 512 * 1024 * 1024;

interface Slot {
  readonly def: TableDefinition;
  readonly lo: KeyId;
  readonly hi: KeyId;
  mirror: TableMirror | null;
  /** While the base is read from RocksDB: the commits made meanwhile, and the build itself. */
  building: { writes: [KeyId, Buffer | null][]; done: Promise<TableMirror | null> } | null;
  tooBig: boolean;
}

export class ColumnMirrors implements RowStoreListener {
  private readonly byTable = new Map<number, Map<KeyId, Slot>>();
  private clock = 0;
  /** Mirrors built (for tests and EXPLAIN-free diagnostics). */
  builds = 0;

  constructor(private readonly rows: RowStore, readonly budgetBytes: number = DEFAULT_COLUMN_CACHE_MEMORY) {}

  /**
   * A snapshot of the partition [lo, hi) with `ws`'s own writes laid over it, building the mirror
   * first if there is none; null when the partition does not fit the budget.
   */
  async snapshot(def: TableDefinition, access: TableAccess, lo: Buffer, hi: Buffer, ws?: WriteSet): Promise<MirrorSnapshot | null> {
    if (this.budgetBytes === 0) return null;
    const slot = this.slotFor(def, keyId(lo), keyId(hi));
    if (slot.tooBig) return null;
    const mirror = slot.mirror ?? (await this.build(slot, access, lo, hi));
    // Dropped while it was built (or since): it no longer hears of commits.
    if (!mirror || slot.mirror !== mirror || !this.isCurrent(slot)) return null;
    return this.snapshotOf(mirror, slot, ws);
  }

  private snapshotOf(mirror: TableMirror, slot: Slot, ws?: WriteSet): MirrorSnapshot {
    mirror.lastUsed = ++this.clock;
    const overlay: [KeyId, Buffer | null][] = [];
    if (ws) for (const [id, v] of ws.writes) if (id >= slot.lo && id < slot.hi) overlay.push([id, v]);
    return mirror.snapshot(overlay);
  }

  private slotFor(def: TableDefinition, lo: KeyId, hi: KeyId): Slot {
    let slots = this.byTable.get(def.id);
    if (!slots) this.byTable.set(def.id, (slots = new Map()));
    const slot = slots.get(lo);
    if (slot && slot.def === def) return slot;
    const fresh: Slot = { def, lo, hi, mirror: null, building: null, tooBig: false };
    slots.set(lo, fresh);
    return fresh;
  }

  private build(slot: Slot, access: TableAccess, lo: Buffer, hi: Buffer): Promise<TableMirror | null> {
    if (slot.building) return slot.building.done;
    const writes: [KeyId, Buffer | null][] = [];
    const done = (async () => {
      const b = new BaseBuilder(access);
      for await (const batch of this.rows.scan(lo, hi)) {
        for (const [k, v] of batch) b.add(k, access.decode(v));
        if (b.bytes > this.budgetBytes) {
          slot.tooBig = true;
          return null;
        }
      }
      const mirror = new TableMirror(access, b.finish());
      mirror.adoptPending(writes);
      return mirror;
    })();
    slot.building = { writes, done };
    return done.then(
      (mirror) => {
        slot.building = null;
        if (!this.isCurrent(slot)) return null;
        if (mirror) {
          slot.mirror = mirror;
          this.builds++;
          this.evictBeyondBudget(slot);
        }
        return mirror;
      },
      (e: unknown) => {
        slot.building = null;
        throw e;
      },
    );
  }

  private isCurrent(slot: Slot): boolean {
    return this.byTable.get(slot.def.id)?.get(slot.lo) === slot;
  }

  private evictBeyondBudget(keep: Slot): void {
    const all: Slot[] = [];
    let total = 0;
    for (const slots of this.byTable.values()) {
      for (const s of slots.values()) {
        if (!s.mirror) continue;
        all.push(s);
        total += s.mirror.bytes;
      }
    }
    if (total <= this.budgetBytes) return;
    all.sort((a, b) => a.mirror!.lastUsed - b.mirror!.lastUsed);
    for (const s of all) {
      if (total <= this.budgetBytes) break;
      if (s === keep) continue;
      total -= s.mirror!.bytes;
      this.forget(s);
    }
  }

  private forget(slot: Slot): void {
    const slots = this.byTable.get(slot.def.id);
    if (slots?.get(slot.lo) === slot) slots.delete(slot.lo);
    if (slots?.size === 0) this.byTable.delete(slot.def.id);
  }

  /** RowStoreListener: a commit just became visible. */
  committed(writes: ReadonlyMap<KeyId, Buffer | null>): void {
    if (this.byTable.size === 0) return;
    for (const [id, value] of writes) {
      if (!isRowKey(id)) continue;
      const slots = this.byTable.get(tableIdOf(id));
      if (!slots) continue;
      for (const slot of slots.values()) {
        if (id < slot.lo || id >= slot.hi) continue;
        if (slot.building) slot.building.writes.push([id, value]);
        else if (slot.mirror) {
          slot.mirror.record(id, value);
          // Written far more than read: cheaper to rebuild on the next scan than to hold it all.
          if (slot.mirror.pendingCount > 100_000 + slot.mirror.rowCount) this.forget(slot);
        }
      }
    }
  }

  /** RowStoreListener: a published commit was withdrawn; every mirror is rebuilt on demand. */
  withdrawn(): void {
    this.byTable.clear();
  }

  /** RowStoreListener: the table and its rows are gone. */
  tableDropped(tableId: number): void {
    this.byTable.delete(tableId);
  }

  /** RowStoreListener: a bulk load's rows became visible; the table's mirrors are rebuilt on demand. */
  rowsLoaded(tableId: number): void {
    this.byTable.delete(tableId);
  }

  /** Bytes the mirrors hold (estimate). */
  get bytes(): number {
    let n = 0;
    for (const slots of this.byTable.values()) for (const s of slots.values()) n += s.mirror?.bytes ?? 0;
    return n;
  }
}
