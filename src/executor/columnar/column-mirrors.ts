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
 * A partition with rows in Parquet segments (a flushed table) gets a cold mirror instead
 * (cold-mirror.ts): its base is read from the segments a column at a time, only the columns
 * queries read, and its hot rows are the delta. A flush or compaction that changes the partition's
 * segments makes the next scan build it again over the new ones.
 *
 * When mirrors outgrow the budget the least recently scanned go; a partition too big for the
 * budget alone is scanned from RocksDB, as before, until its table's definition changes (a cold
 * mirror: until its segments change, or, for columns, until a query reads fewer of them).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { isTombstone } from '../../storage/cold/cold-source.js';
import { ColdLayout } from '../../storage/cold/cold-layout.js';
import type { ColdSegment } from '../../storage/cold/cold-segment.js';
import { isRowKey, tableIdOf } from '../../storage/row-cache.js';
import { keyId, type KeyId, type RowStore, type RowStoreListener, type WriteSet } from '../../storage/row-store.js';
import type { Value } from '../../types/kalam-type.js';
import type { TableAccess } from '../table-access.js';
import { ColdMirror } from './cold-mirror.js';
import { BaseBuilder, TableMirror, type MirrorSnapshot } from './table-mirror.js';

export const DEFAULT_COLUMN_CACHE_MEMORY = 512 * 1024 * 1024;

/** What the mirrors ask of the cold tier (storage/cold/cold-store.ts): a table's scopes and their segments. */
export interface ColdScopes {
  scopes(tableId: number): readonly { readonly prefix: Buffer; readonly segments: readonly ColdSegment[] }[];
}

const NO_SEGMENTS: readonly ColdSegment[] = Object.freeze([]);

interface Slot {
  readonly def: TableDefinition;
  readonly lo: KeyId;
  readonly hi: KeyId;
  /** The mirror of a partition without segments (built from rows), or of one with (cold-mirror.ts). */
  mirror: TableMirror | null;
  cold: ColdMirror | null;
  /**
   * While a mirror is built: the commits made meanwhile, the build itself, and whether the cold
   * mirror there may still answer (until the build starts taking its columns over).
   */
  building: { writes: [KeyId, Buffer | null][]; done: Promise<unknown>; stale: boolean } | null;
  tooBig: boolean;
  /** The segments over which the partition's hot rows alone were too big for the budget. */
  coldTooBig: readonly ColdSegment[] | null;
}

export class ColumnMirrors implements RowStoreListener {
  private readonly byTable = new Map<number, Map<KeyId, Slot>>();
  private clock = 0;
  /** Mirrors built (for tests and EXPLAIN-free diagnostics), and of them over segments. */
  builds = 0;
  coldBuilds = 0;

  constructor(
    private readonly rows: RowStore,
    readonly budgetBytes: number = DEFAULT_COLUMN_CACHE_MEMORY,
    private readonly cold: ColdScopes | null = null,
  ) {}

  /**
   * A snapshot of the partition [lo, hi) with `ws`'s own writes laid over them, building the mirror
   * first if there is none; null when the partition does not fit the budget. `slots`: the row
   * slots the reader will read (null: all) — a flushed partition's mirror reads only those from
   * its segments, and the others must not be read.
   */
  async snapshot(
    def: TableDefinition, access: TableAccess, lo: Buffer, hi: Buffer, ws?: WriteSet, slots: readonly number[] | null = null,
  ): Promise<MirrorSnapshot | null> {
    if (this.budgetBytes === 0) return null;
    const slot = this.slotFor(def, keyId(lo), keyId(hi));
    for (;;) {
      const segs = this.segmentsOf(def.id, lo);
      if (segs.length > 0) {
        if (slot.coldTooBig === segs) return null;
        const cold = slot.cold;
        if (cold !== null && cold.segments === segs && !slot.building) return this.coldSnapshotOf(slot, cold, ws, slots);
        if (!slot.building) this.buildCold(slot, access, lo, hi);
        // While the new mirror is built, the one there is still answers if it is still right: a
        // mirror built from rows always is (commits reach it, and a flush changes no row), and so
        // is one over segments that are all still listed (a flush only added one).
        if (slot.mirror !== null) return this.snapshotOf(slot.mirror, slot, ws);
        if (cold !== null && slot.building!.stale && allListed(cold.segments, segs)) return this.coldSnapshotOf(slot, cold, ws, slots);
        await slot.building!.done;
        if (!this.isCurrent(slot)) return null;
        continue;
      }
      if (slot.building) {
        await slot.building.done;
        if (!this.isCurrent(slot)) return null;
        continue;
      }
      slot.cold = null; // its segments are gone, if it had any: built from rows again
      if (slot.tooBig) return null;
      if (slot.mirror === null) {
        this.buildHot(slot, access, lo, hi);
        continue;
      }
      return this.snapshotOf(slot.mirror, slot, ws);
    }
  }

  private segmentsOf(tableId: number, prefix: Buffer): readonly ColdSegment[] {
    if (this.cold === null) return NO_SEGMENTS;
    for (const s of this.cold.scopes(tableId)) if (s.prefix.equals(prefix)) return s.segments;
    return NO_SEGMENTS;
  }

  private snapshotOf(mirror: TableMirror, slot: Slot, ws?: WriteSet): MirrorSnapshot {
    mirror.lastUsed = ++this.clock;
    return mirror.snapshot(this.overlayOf(slot, ws));
  }

  private coldSnapshotOf(slot: Slot, mirror: ColdMirror, ws: WriteSet | undefined, slots: readonly number[] | null): Promise<MirrorSnapshot | null> {
    mirror.lastUsed = ++this.clock;
    return mirror.snapshot(slots, this.overlayOf(slot, ws), (bytes) => this.makeRoom(slot, bytes));
  }

  /** `ws`'s writes in the slot's range. */
  private overlayOf(slot: Slot, ws?: WriteSet): [KeyId, Buffer | null][] {
    const overlay: [KeyId, Buffer | null][] = [];
    if (ws) for (const [id, v] of ws.writes) if (id >= slot.lo && id < slot.hi) overlay.push([id, v]);
    return overlay;
  }

  private slotFor(def: TableDefinition, lo: KeyId, hi: KeyId): Slot {
    let slots = this.byTable.get(def.id);
    if (!slots) this.byTable.set(def.id, (slots = new Map()));
    const slot = slots.get(lo);
    if (slot && slot.def === def) return slot;
    const fresh: Slot = { def, lo, hi, mirror: null, cold: null, building: null, tooBig: false, coldTooBig: null };
    slots.set(lo, fresh);
    return fresh;
  }

  /** Builds the slot's mirror from its rows (a partition without segments). */
  private buildHot(slot: Slot, access: TableAccess, lo: Buffer, hi: Buffer): void {
    const writes: [KeyId, Buffer | null][] = [];
    const done = (async () => {
      const b = new BaseBuilder(access);
      for await (const batch of this.rows.scan(lo, hi)) {
        for (const [k, v] of batch) b.add(k, access.decode(v));
        if (b.bytes > this.budgetBytes) return null;
      }
      return new TableMirror(access, b.finish());
    })();
    slot.building = {
      writes,
      stale: false,
      done: done.then(
        (mirror) => {
          slot.building = null;
          if (!this.isCurrent(slot)) return;
          if (!mirror) slot.tooBig = true;
          else {
            // In the step that makes it the slot's mirror: every commit is either here or recorded after.
            mirror.adoptPending(writes);
            slot.mirror = mirror;
            this.builds++;
            this.evictBeyondBudget(slot);
          }
        },
        (e: unknown) => {
          slot.building = null;
          throw e;
        },
      ),
    };
  }

  /**
   * Builds the slot's mirror over its segments (cold-mirror.ts): the hot rows are read first
   * (RocksDB's snapshot, then the segments listed at that moment: a flush lists a segment before it
   * drops the rows, so no row is missed), the layout of those segments, the hot rows folded in. A
   * mirror over the partition's earlier segments hands over the columns it had read.
   */
  private buildCold(slot: Slot, access: TableAccess, lo: Buffer, hi: Buffer): void {
    const building: NonNullable<Slot['building']> = { writes: [], done: Promise.resolve(), stale: true };
    const writes = building.writes;
    const earlier = slot.cold;
    const def = slot.def;
    const done = (async (): Promise<ColdMirror | null> => {
      let segs: readonly ColdSegment[] = NO_SEGMENTS;
      let listed!: () => void;
      const whenListed = new Promise<void>((resolve) => (listed = resolve));
      // The segments are pinned while the build reads them (their layout, keys, tombstones).
      const it = this.rows.scanHot(lo, hi, () => {
        segs = this.segmentsOf(def.id, lo);
        for (const s of segs) s.pin();
        listed();
      })[Symbol.asyncIterator]();
      const first = it.next();
      first.catch(() => {}); // awaited below
      try {
        await Promise.race([whenListed, first]);
        const mirror = new ColdMirror(def, access, lo.length, await ColdLayout.of(segs, def, earlier?.layout ?? null));
        for (let r = await first; !r.done; r = await it.next()) {
          const entries = r.value.map(([k, v]): [KeyId, Value[] | null] => [keyId(k), isTombstone(v) ? null : access.decode(v)]);
          await mirror.addHot(entries);
          if (mirror.bytes > this.budgetBytes) {
            slot.coldTooBig = segs;
            return null;
          }
        }
        // From here the earlier mirror gives its columns up: scans wait for this one.
        building.stale = false;
        if (earlier !== null) await mirror.inherit(earlier);
        return mirror;
      } finally {
        for (const s of segs) s.unpin();
        await it.return?.(undefined);
      }
    })();
    building.done = done.then(
      (mirror) => {
        slot.building = null;
        if (!this.isCurrent(slot)) return;
        if (!mirror) {
          slot.cold = null; // too big: the mirror there would only be held for nothing
          return;
        }
        // In the step that makes it the slot's mirror: every commit is either here or recorded after.
        mirror.adoptPending(writes);
        slot.cold = mirror;
        slot.mirror = null;
        this.builds++;
        this.coldBuilds++;
        this.evictBeyondBudget(slot);
      },
      (e: unknown) => {
        slot.building = null;
        throw e;
      },
    );
    // Scans may go on reading the mirror there, so no one may be waiting: a failure is theirs to
    // see (the next scan builds again), never an unhandled rejection.
    building.done.catch(() => {});
    slot.building = building;
  }

  /** Evicts other mirrors until `bytes` more fit; whether they do. */
  private makeRoom(keep: Slot, bytes: number): boolean {
    if (!this.isCurrent(keep)) return false;
    this.evictBeyondBudget(keep, bytes);
    return this.bytes + bytes <= this.budgetBytes;
  }

  private isCurrent(slot: Slot): boolean {
    return this.byTable.get(slot.def.id)?.get(slot.lo) === slot;
  }

  /** Evicts the least recently scanned mirrors (never `keep`'s) until `extra` more bytes fit. */
  private evictBeyondBudget(keep: Slot, extra = 0): void {
    const all: Slot[] = [];
    let total = extra;
    for (const slots of this.byTable.values()) {
      for (const s of slots.values()) {
        const bytes = slotBytes(s);
        if (bytes === 0) continue;
        all.push(s);
        total += bytes;
      }
    }
    if (total <= this.budgetBytes) return;
    all.sort((a, b) => lastUsed(a) - lastUsed(b));
    for (const s of all) {
      if (total <= this.budgetBytes) break;
      if (s === keep) continue;
      total -= slotBytes(s);
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
        // A mirror being built hears of the commit, and so does the one still answering meanwhile.
        slot.building?.writes.push([id, value]);
        const mirror = slot.mirror ?? slot.cold;
        if (!mirror) continue;
        mirror.record(id, value);
        // Written far more than read: cheaper to rebuild on the next scan than to hold it all.
        if (mirror.pendingCount > 100_000 + mirror.rowCount) this.forget(slot);
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
    for (const slots of this.byTable.values()) for (const s of slots.values()) n += slotBytes(s);
    return n;
  }
}

/** Whether every one of `mine` is among `now` (the partition's segments changed only by additions). */
function allListed(mine: readonly ColdSegment[], now: readonly ColdSegment[]): boolean {
  if (mine.length > now.length) return false;
  const listed = new Set(now);
  return mine.every((s) => listed.has(s));
}

function slotBytes(s: Slot): number {
  return (s.mirror?.bytes ?? 0) + (s.cold?.bytes ?? 0);
}

function lastUsed(s: Slot): number {
  return Math.max(s.mirror?.lastUsed ?? 0, s.cold?.lastUsed ?? 0);
}
