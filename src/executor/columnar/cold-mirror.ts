/**
 * The column mirror of a flushed table partition (DESIGN.md section 8: reads merge hot rows over
 * cold segments). Where a table mirror (table-mirror.ts) decodes every row out of RocksDB once,
 * this one reads its base straight from the Parquet segments, a column at a time and only the
 * columns queries ask for, and takes the partition's hot rows as the delta over it:
 *
 *   layout     the segments' stored rows in key order (storage/cold/cold-layout.ts); dead where a
 *              newer segment or a tombstone supersedes them
 *   columns    the row slots read so far, each over every layout position (cold-columns.ts)
 *   dead       the layout's dead positions plus those a hot row shadows: every hot write to a key
 *              (RocksDB's rows and tombstones, and every commit since) is newer than its segments'
 *   delta      the hot rows (decoded), by key, each with the layout position it goes before
 *   pending    commits not yet folded in: the commit path only appends here
 *
 * A snapshot is the layout's columns, a dead map and the delta in key order — the MirrorSnapshot
 * every column kernel reads — so a query never sees the seam between hot and cold. A flush or a
 * compaction changes the scope's segments; the next scan then builds a new mirror (ColumnMirrors),
 * which copies the columns of row groups it had read already.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import type { ColdLayout } from '../../storage/cold/cold-layout.js';
import type { ColdSegment } from '../../storage/cold/cold-segment.js';
import { keyFromId, type KeyId } from '../../storage/row-store.js';
import type { Value } from '../../types/kalam-type.js';
import { SLOT_BYTES } from '../memory/value-size.js';
import type { TableAccess } from '../table-access.js';
import { columnBytes, estimateColumnBytes, loadColdColumn } from './cold-columns.js';
import type { ColumnVector, ValueColumn } from './column-vector.js';
import type { MirrorSnapshot } from './table-mirror.js';

const DELTA_ROW_BYTES = 200;

interface DeltaRow {
  readonly row: Value[];
  /** The layout position the row goes before (layout.count: after every one). */
  readonly at: number;
}

/** The delta in key order, as a snapshot takes it. */
interface Extras {
  readonly keys: readonly KeyId[];
  readonly rows: readonly Value[][];
  readonly at: Int32Array;
}

/**
 * A slot this snapshot did not read. Reading it is a bug in the caller, said loudly — never a
 * NULL that looks like an answer.
 */
const UNREAD: ValueColumn = Object.freeze({
  kind: 'value' as const,
  get values(): readonly Value[] {
    throw Errors.internal('a column scan read a column it did not ask for');
  },
});

/** Asked before a column is read: can `bytes` more fit (making room elsewhere if need be)? */
export type MakeRoom = (bytes: number) => boolean;

export class ColdMirror {
  private readonly columns: (ColumnVector | undefined)[];
  private columnBytes = 0;
  private readonly used: number[];
  private clock = 0;
  private dead: Uint8Array | null;
  /** `dead` is also held by a snapshot (or is the layout's own): copy it before marking. */
  private deadShared = true;
  private readonly delta = new Map<KeyId, DeltaRow>();
  private extras: Extras | null = null;
  private pending: [KeyId, Buffer | null][] = [];
  /** Snapshots are prepared one at a time: folding and reading columns must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly zeros: Uint8Array;
  lastUsed = 0;

  constructor(
    private readonly table: TableDefinition,
    private readonly access: TableAccess,
    /** The partition's key prefix length: layout keys are what follows it. */
    private readonly prefixLength: number,
    readonly layout: ColdLayout,
  ) {
    this.columns = new Array<ColumnVector | undefined>(access.width).fill(undefined);
    this.used = new Array<number>(access.width).fill(0);
    this.dead = layout.dead;
    this.zeros = new Uint8Array(layout.count);
  }

  /**
   * The segments this mirror reads. They are pinned only while a snapshot reads columns from them:
   * ColumnMirrors asks for a snapshot only while they are still the partition's segments, so none
   * has been retired (a compaction deletes a retired file once no read pins it).
   */
  get segments(): readonly ColdSegment[] {
    return this.layout.segments;
  }

  get rowCount(): number {
    return this.layout.count + this.delta.size;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  get bytes(): number {
    let n = this.layout.bytes + this.zeros.byteLength + this.delta.size * DELTA_ROW_BYTES + this.pending.length * 2 * SLOT_BYTES;
    if (this.dead !== null && this.dead !== this.layout.dead) n += this.dead.byteLength;
    n += this.columnBytes;
    return n;
  }

  /** Hot rows read when the mirror was built (a tombstone: null), in key order, folded in now. */
  async addHot(entries: readonly [KeyId, Value[] | null][]): Promise<void> {
    await this.layout.loadKeys(entries.map(([id]) => this.pkOf(id)), this.table);
    for (const [id, row] of entries) this.put(id, row, this.delta, null);
  }

  /** A committed write in this mirror's key range (value null: deleted). O(1): folded in later. */
  record(id: KeyId, value: Buffer | null): void {
    this.pending.push([id, value]);
  }

  /** Writes committed while the mirror was built, taken over from the build. */
  adoptPending(writes: [KeyId, Buffer | null][]): void {
    this.pending = writes.concat(this.pending);
  }

  /**
   * Reads again, over this layout, every column `earlier` (the mirror of the same partition before
   * its segments changed) holds: row groups both have are copied, only new ones decoded. The
   * earlier mirror's columns go as they are copied.
   */
  async inherit(earlier: ColdMirror): Promise<void> {
    for (let slot = 0; slot < earlier.columns.length; slot++) {
      const column = earlier.columns[slot];
      if (column === undefined) continue;
      this.setColumn(slot, await loadColdColumn(this.layout, this.table, slot, { layout: earlier.layout, column }, this.zeros));
      this.used[slot] = earlier.used[slot]!;
      earlier.setColumn(slot, undefined);
    }
    this.clock = earlier.clock;
  }

  /** Drops the columns no query has read lately, least recently used first, until `fits` says so. */
  shed(keep: ReadonlySet<number>, fits: () => boolean): void {
    const order = this.columns.map((c, slot) => slot).filter((slot) => this.columns[slot] !== undefined && !keep.has(slot));
    order.sort((a, b) => this.used[a]! - this.used[b]!);
    for (const slot of order) {
      if (fits()) return;
      this.setColumn(slot, undefined);
    }
  }

  private setColumn(slot: number, col: ColumnVector | undefined): void {
    const old = this.columns[slot];
    if (old !== undefined) this.columnBytes -= columnBytes(old, this.zeros);
    if (col !== undefined) this.columnBytes += columnBytes(col, this.zeros);
    this.columns[slot] = col;
  }

  /** Whether `bytes` more fit, once other mirrors and then this one's columns outside `keep` have made room. */
  private fits(bytes: number, keep: ReadonlySet<number>, makeRoom: MakeRoom): boolean {
    if (makeRoom(bytes)) return true;
    this.shed(keep, () => makeRoom(bytes));
    return makeRoom(bytes);
  }

  /**
   * The rows as of now with `overlay` (a transaction's own writes in this range) laid over them,
   * with the row slots in `slots` (null: all) read; null when those columns do not fit.
   */
  snapshot(slots: readonly number[] | null, overlay: readonly [KeyId, Buffer | null][], makeRoom: MakeRoom): Promise<MirrorSnapshot | null> {
    // Pinned until the columns are read, even if a compaction replaces them meanwhile.
    const segs = this.layout.segments;
    for (const s of segs) s.pin();
    const run = this.queue.then(() => this.prepare(slots, overlay, makeRoom));
    this.queue = run.catch(() => {});
    return run.finally(() => {
      for (const s of segs) s.unpin();
    });
  }

  private async prepare(slots: readonly number[] | null, overlay: readonly [KeyId, Buffer | null][], makeRoom: MakeRoom): Promise<MirrorSnapshot | null> {
    await this.fold();
    const want = slots ?? this.columns.map((_, slot) => slot);
    const keep = new Set(want);
    // The snapshot's own references: a column dropped from the mirror meanwhile stays readable here.
    const columns: ColumnVector[] = new Array<ColumnVector>(this.columns.length).fill(UNREAD);
    for (const slot of want) {
      this.used[slot] = ++this.clock;
      let col = this.columns[slot];
      if (col === undefined) {
        if (!this.fits(estimateColumnBytes(this.layout, this.table, slot), keep, makeRoom)) return null;
        this.setColumn(slot, (col = await loadColdColumn(this.layout, this.table, slot, null, this.zeros)));
        // The estimate of text is a guess: what was read must fit too, or it goes again.
        if (!this.fits(0, keep, makeRoom)) {
          this.setColumn(slot, undefined);
          return null;
        }
      }
      columns[slot] = col;
    }
    const base = { count: this.layout.count, columns, bytes: 0 };
    if (overlay.length === 0) {
      this.deadShared = true;
      const x = this.sortedExtras();
      return { base, dead: this.dead, extraKeys: x.keys, extraRows: x.rows, extraAt: x.at, width: this.access.width };
    }
    // The transaction's own writes: on copies, which only this snapshot sees.
    await this.layout.loadKeys(overlay.map(([id]) => this.pkOf(id)), this.table);
    const delta = new Map(this.delta);
    const dead = this.dead === null ? new Uint8Array(this.layout.count) : this.dead.slice();
    for (const [id, value] of overlay) this.put(id, value === null ? null : this.access.decode(value), delta, dead);
    const x = extrasOf(delta);
    return { base, dead, extraKeys: x.keys, extraRows: x.rows, extraAt: x.at, width: this.access.width };
  }

  /** Folds pending commits in; keys they need are read first (commits arriving meanwhile wait their turn). */
  private async fold(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      await this.layout.loadKeys(batch.map(([id]) => this.pkOf(id)), this.table);
      for (const [id, value] of batch) this.put(id, value === null ? null : this.access.decode(value), this.delta, null);
    }
  }

  private pkOf(id: KeyId): Buffer {
    return keyFromId(id).subarray(this.prefixLength);
  }

  /**
   * One write: every stored version of its key is shadowed, and the row (if any) joins the delta —
   * the mirror's own (`dead` null), or a snapshot's copies.
   */
  private put(id: KeyId, row: Value[] | null, delta: Map<KeyId, DeltaRow>, dead: Uint8Array | null): void {
    const pk = this.pkOf(id);
    for (const pos of this.layout.find(pk)) {
      if (dead) dead[pos] = 1;
      else this.markDead(pos);
    }
    if (row === null) delta.delete(id);
    else delta.set(id, { row, at: delta.get(id)?.at ?? this.layout.lowerBound(pk) });
    if (delta === this.delta) this.extras = null;
  }

  private markDead(pos: number): void {
    if (this.dead !== null && this.dead[pos] === 1) return;
    if (this.dead === null) this.dead = new Uint8Array(this.layout.count);
    else if (this.deadShared) this.dead = this.dead.slice();
    this.deadShared = false;
    this.dead[pos] = 1;
  }

  private sortedExtras(): Extras {
    return (this.extras ??= extrasOf(this.delta));
  }
}

function extrasOf(delta: ReadonlyMap<KeyId, DeltaRow>): Extras {
  const keys = [...delta.keys()].sort();
  const rows = new Array<Value[]>(keys.length);
  const at = new Int32Array(keys.length);
  keys.forEach((id, j) => {
    const d = delta.get(id)!;
    rows[j] = d.row;
    at[j] = d.at;
  });
  return { keys, rows, at };
}
