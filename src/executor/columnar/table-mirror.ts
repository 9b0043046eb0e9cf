/**
 * A table mirror: the committed rows of one table partition held in memory as columns (DESIGN.md
 * "Execution model": what scans read lives in memory as column batches, never iterated out of
 * RocksDB row by row). RocksDB stays the truth; the mirror follows it.
 *
 *   base      rows in key order, one ColumnVector per row slot ([...columns, _seq, _deleted])
 *   dead      base rows a later commit replaced or deleted
 *   delta     rows committed since the base was built (decoded), by key
 *   pending   commits not yet folded in: the commit path only appends here, so writers pay O(1)
 *
 * A scan folds `pending` in, then reads a snapshot — base, a copy of `dead`, the delta sorted by
 * key — that later commits cannot change, so a scan that yields between batches still sees one
 * state. When the delta grows past a fraction of the base, the next scan compacts both into a
 * new base.
 */
import type { Value } from '../../types/kalam-type.js';
import { keyFromId, type KeyId } from '../../storage/row-store.js';
import type { TableAccess } from '../table-access.js';
import { ColumnBuilder, columnKindOf, valueAt, type ColumnVector } from './column-vector.js';
import { KeyListBuilder, lowerBound, type KeyList } from './key-list.js';
import { SLOT_BYTES } from '../memory/value-size.js';
import { livePositions, rowsAt } from './positions.js';

/** Rows by position, a column per row slot: a mirror's base, built from rows or from segments (cold-mirror.ts). */
export interface MirrorBase {
  readonly count: number;
  readonly columns: readonly ColumnVector[];
  readonly bytes: number;
}

/** A base built from rows, with their keys (searched when commits are folded in). */
interface RowBase extends MirrorBase {
  readonly keys: KeyList;
}

/** What one scan reads: immutable once taken. */
export interface MirrorSnapshot {
  readonly base: MirrorBase;
  /** 1 for base rows not to read; null when none. */
  readonly dead: Uint8Array | null;
  /** Rows not in the base (or replacing base rows), in key order, each with where it goes. */
  readonly extraKeys: readonly KeyId[];
  readonly extraRows: readonly Value[][];
  /** For extraRows[j]: the base position it comes before (base.count: after every row). */
  readonly extraAt: Int32Array;
  readonly width: number;
}

const COMPACT_MIN = 256;
const DELTA_ROW_BYTES = 200;

/** Builds a base from rows given in key order. */
export class BaseBuilder {
  private readonly keys = new KeyListBuilder();
  private readonly cols: ColumnBuilder[];

  constructor(access: TableAccess) {
    this.cols = [];
    for (const c of access.columns) this.cols.push(new ColumnBuilder(columnKindOf(c.type.kalam)));
    this.cols.push(new ColumnBuilder('value')); // _seq
    this.cols.push(new ColumnBuilder('bool')); // _deleted
  }

  add(key: Uint8Array, row: readonly Value[]): void {
    this.keys.append(key);
    for (let c = 0; c < this.cols.length; c++) this.cols[c]!.append(row[c]!);
  }

  addFrom(base: RowBase, i: number): void {
    this.keys.appendFrom(base.keys, i);
    for (let c = 0; c < this.cols.length; c++) this.cols[c]!.append(valueAt(base.columns[c]!, i));
  }

  get bytes(): number {
    let n = this.keys.byteSize;
    for (const c of this.cols) n += c.bytes;
    return n;
  }

  finish(): RowBase {
    const keys = this.keys.finish();
    return { count: keys.count, keys, columns: this.cols.map((c) => c.finish()), bytes: this.bytes };
  }
}

export class TableMirror {
  private dead: Uint8Array | null = null;
  private deadCount = 0;
  private readonly delta = new Map<KeyId, Value[]>();
  private pending: [KeyId, Buffer | null][] = [];
  lastUsed = 0;

  constructor(private readonly access: TableAccess, private base: RowBase) {}

  get rowCount(): number {
    return this.base.count - this.deadCount + this.delta.size;
  }

  get bytes(): number {
    return this.base.bytes + this.base.count + this.delta.size * DELTA_ROW_BYTES + this.pending.length * 2 * SLOT_BYTES;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** A committed write in this mirror's key range (value null: deleted). O(1): folded in later. */
  record(id: KeyId, value: Buffer | null): void {
    this.pending.push([id, value]);
  }

  /** Writes recorded while the base was being read, taken over by the mirror built from it. */
  adoptPending(writes: [KeyId, Buffer | null][]): void {
    this.pending = writes.concat(this.pending);
  }

  private fold(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    this.pending = [];
    for (const [id, value] of pending) this.put(id, value === null ? null : this.access.decode(value), this.dead ??= new Uint8Array(this.base.count));
  }

  /** Applies one write to `dead` and `delta` (the mirror's own, or a scan's copies). */
  private put(id: KeyId, row: Value[] | null, dead: Uint8Array, delta: Map<KeyId, Value[]> = this.delta): void {
    const { pos, found } = lowerBound(this.base.keys, keyFromId(id));
    if (found && dead[pos] === 0) {
      dead[pos] = 1;
      if (delta === this.delta) this.deadCount++;
    }
    if (row) delta.set(id, row);
    else delta.delete(id);
  }

  /**
   * The rows as of now, plus `overlay` (a transaction's own uncommitted writes in this range,
   * which only this scan sees).
   */
  snapshot(overlay: readonly [KeyId, Buffer | null][]): MirrorSnapshot {
    this.fold();
    if (this.delta.size + this.deadCount > Math.max(COMPACT_MIN, this.base.count / 8)) this.compact();
    let dead = this.dead;
    let delta: Map<KeyId, Value[]> = this.delta;
    if (overlay.length > 0) {
      dead = dead ? dead.slice() : new Uint8Array(this.base.count);
      delta = new Map(this.delta);
      for (const [id, value] of overlay) this.put(id, value === null ? null : this.access.decode(value), dead, delta);
    } else if (dead) dead = this.deadCount > 0 ? dead.slice() : null;
    return this.snapshotOf(this.base, dead, delta);
  }

  /** Folds dead rows and the delta into a new base. */
  private compact(): void {
    const base = this.base;
    const snap = this.snapshotOf(base, this.dead, this.delta);
    const b = new BaseBuilder(this.access);
    const ids = snap.extraKeys;
    let j = 0;
    const n = snap.base.count;
    for (let i = 0; i <= n; i++) {
      while (j < ids.length && snap.extraAt[j]! <= i) {
        b.add(keyFromId(ids[j]!), snap.extraRows[j]!);
        j++;
      }
      if (i < n && (snap.dead === null || snap.dead[i] === 0)) b.addFrom(base, i);
    }
    this.base = b.finish();
    this.dead = null;
    this.deadCount = 0;
    this.delta.clear();
  }

  private snapshotOf(base: RowBase, dead: Uint8Array | null, delta: Map<KeyId, Value[]>): MirrorSnapshot {
    const ids = [...delta.keys()].sort();
    const extraAt = new Int32Array(ids.length);
    ids.forEach((id, j) => (extraAt[j] = lowerBound(base.keys, keyFromId(id)).pos));
    return { base, dead, extraKeys: ids, extraRows: ids.map((id) => delta.get(id)!), extraAt, width: this.access.width };
  }
}

/** The snapshot's rows in key order, `batchSize` at a time, as row-engine rows. */
export function* snapshotRows(snap: MirrorSnapshot, batchSize = 4096): Generator<Value[][]> {
  const positions = livePositions(snap);
  for (let from = 0; from < positions.length; from += batchSize) {
    yield rowsAt(snap, positions, from, Math.min(positions.length, from + batchSize));
  }
}
