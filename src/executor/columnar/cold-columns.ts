/**
 * One row slot of a cold layout (storage/cold/cold-layout.ts) read into one column over the
 * layout's positions: each row group's values copied to where its rows sit — whole typed-array
 * copies for groups laid out whole — with no row built and no value boxed. Groups an earlier
 * layout of the same scope had already read (a flush added a segment; the others stayed) are
 * copied from that layout's column instead of decoded again.
 *
 * Slots are the row engine's: the table's columns, then `_seq` (read from the segments) and
 * `_deleted` (false: a live row is never a tombstone).
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { ColdLayout, type LayoutGroup } from '../../storage/cold/cold-layout.js';
import type { ColdSegment } from '../../storage/cold/cold-segment.js';
import { readSegmentColumns } from '../../storage/segments/segment-reader.js';
import { segmentColumnKind } from '../../storage/segments/arrow-vectors.js';
import type { Value } from '../../types/kalam-type.js';
import { Errors } from '../../errors/sql-error.js';
import { SLOT_BYTES, valueBytes } from '../memory/value-size.js';
import { valueAt, type ColumnVector, type Utf8Column } from './column-vector.js';

/** A column read earlier over another layout of the same scope. */
export interface EarlierColumn {
  readonly layout: ColdLayout;
  readonly column: ColumnVector;
}

/** Where a group's rows come from: row r is `col`'s position `first + r`, or `index[r]`. */
interface Source {
  readonly col: ColumnVector;
  readonly first: number;
  readonly index: Int32Array | null;
}

/** The kind of column a slot reads as. */
export function coldKindOf(table: TableDefinition, slot: number): ColumnVector['kind'] {
  if (slot < table.columns.length) return segmentColumnKind(table.columns[slot]!.type.kalam);
  return slot === table.columns.length ? 'int64' : 'bool';
}

/** Bytes of a loaded column (typed arrays exactly; boxed values estimated), not counting `shared`. */
export function columnBytes(col: ColumnVector, shared: Uint8Array): number {
  const own = (a: ArrayBufferView): number => (a === shared ? 0 : a.byteLength);
  switch (col.kind) {
    case 'int':
    case 'float':
    case 'int64':
    case 'bool':
      return own(col.values) + own(col.nulls);
    case 'utf8':
      return col.bytes.length + col.offsets.byteLength + own(col.nulls);
    case 'value': {
      let n = 0;
      for (const v of col.values) n += SLOT_BYTES + (v === null || typeof v === 'number' || typeof v === 'boolean' ? 0 : valueBytes(v));
      return n;
    }
  }
}

/**
 * A slot's bytes before reading it (to make room first): exact for typed values when the segments'
 * statistics say whether any is NULL, a guess for text (checked once read) and boxed values.
 */
export function estimateColumnBytes(layout: ColdLayout, table: TableDefinition, slot: number): number {
  const n = layout.count;
  const nulls = mayHaveNulls(layout, table, slot) ? n : 0;
  switch (coldKindOf(table, slot)) {
    case 'int': return 4 * n + nulls;
    case 'float':
    case 'int64': return 8 * n + nulls;
    case 'bool': return slot === table.columns.length + 1 ? 0 : n + nulls;
    case 'utf8': return 4 * (n + 1) + 12 * n + nulls;
    case 'value': return 64 * n;
  }
}

/** Whether any stored version may hold NULL in the slot, by the row groups' statistics. */
function mayHaveNulls(layout: ColdLayout, table: TableDefinition, slot: number): boolean {
  if (slot >= table.columns.length) return false;
  const column = table.columns[slot]!;
  for (const seg of layout.segments) {
    const meta = seg.segment.meta;
    if (!meta.columns.some((c) => c.ordinal === column.ordinal)) {
      if (column.missingValue === undefined) return true; // added since: NULL in every row
      continue;
    }
    for (const g of meta.rowGroups) {
      const stats = g.columns.get(column.ordinal);
      if (stats === undefined || stats.nulls > 0) return true;
    }
  }
  return false;
}

/**
 * Slot `slot` over every position of `layout`. `zeros` (layout.count of them, never written) is
 * shared as the null flags of columns without NULLs and as the all-false `_deleted`.
 */
export async function loadColdColumn(
  layout: ColdLayout, table: TableDefinition, slot: number, earlier: EarlierColumn | null, zeros: Uint8Array,
): Promise<ColumnVector> {
  const kind = coldKindOf(table, slot);
  const n = layout.count;
  if (slot === table.columns.length + 1) return { kind: 'bool', values: zeros, nulls: zeros, hasNulls: false };
  const dest = destFor(kind, n, zeros);
  const reused = earlierSources(layout, earlier);
  const toRead = new Map<ColdSegment, LayoutGroup[]>();
  for (const g of layout.groups) {
    const src = reused.get(g);
    if (src) dest.put(g, src);
    else {
      const list = toRead.get(g.seg);
      if (list) list.push(g);
      else toRead.set(g.seg, [g]);
    }
  }
  const ordinal = slot < table.columns.length ? table.columns[slot]!.ordinal : null;
  for (const [seg, groups] of toRead) {
    const byGroup = new Map(groups.map((g) => [g.group, g]));
    const rowGroups = [...byGroup.keys()].sort((a, b) => a - b);
    for await (const b of readSegmentColumns(seg.segment, table, { ordinals: ordinal === null ? [] : [ordinal], rowGroups, seq: ordinal === null })) {
      const col: ColumnVector = ordinal === null
        ? { kind: 'int64', values: b.seq!, nulls: new Uint8Array(b.rowCount), hasNulls: false }
        : b.columns[0]!;
      if (col.kind !== kind) throw Errors.internal(`a segment column read as ${col.kind}, not ${kind}`);
      dest.put(byGroup.get(b.rowGroup)!, { col, first: 0, index: null });
    }
  }
  return dest.finish();
}

/** The groups of `layout` that `earlier` read, with where their rows are in its column. */
function earlierSources(layout: ColdLayout, earlier: EarlierColumn | null): Map<LayoutGroup, Source> {
  const out = new Map<LayoutGroup, Source>();
  if (earlier === null) return out;
  const before = new Map<ColdSegment, Map<number, LayoutGroup>>();
  for (const g of earlier.layout.groups) {
    let m = before.get(g.seg);
    if (!m) before.set(g.seg, (m = new Map()));
    m.set(g.group, g);
  }
  for (const g of layout.groups) {
    const old = before.get(g.seg)?.get(g.group);
    if (old) out.set(g, { col: earlier.column, first: old.start, index: old.at });
  }
  return out;
}

interface Dest {
  put(g: LayoutGroup, src: Source): void;
  finish(): ColumnVector;
}

function destFor(kind: ColumnVector['kind'], n: number, zeros: Uint8Array): Dest {
  switch (kind) {
    case 'int': return new FixedDest('int', new Int32Array(n), zeros);
    case 'float': return new FixedDest('float', new Float64Array(n), zeros);
    case 'bool': return new FixedDest('bool', new Uint8Array(n), zeros);
    case 'int64': return new FixedDest('int64', new BigInt64Array(n), zeros);
    case 'utf8': return new Utf8Dest(n, zeros);
    case 'value': return new ValueDest(n);
  }
}

/** Null flags, allocated at the first NULL (until then the shared zeros stand in). */
class NullFlags {
  flags: Uint8Array | null = null;
  constructor(private readonly zeros: Uint8Array) {}
  get array(): Uint8Array {
    return (this.flags ??= new Uint8Array(this.zeros.length));
  }
  finish(): { nulls: Uint8Array; hasNulls: boolean } {
    return this.flags === null ? { nulls: this.zeros, hasNulls: false } : { nulls: this.flags, hasNulls: true };
  }
}

type Fixed = Int32Array | Float64Array | Uint8Array | BigInt64Array;

/** Typed values and null flags: whole-group copies where both sides are contiguous. */
class FixedDest implements Dest {
  private readonly nulls: NullFlags;

  constructor(private readonly kind: 'int' | 'float' | 'bool' | 'int64', private readonly values: Fixed, zeros: Uint8Array) {
    this.nulls = new NullFlags(zeros);
  }

  put(g: LayoutGroup, src: Source): void {
    const col = src.col as { values: Fixed; nulls: Uint8Array; hasNulls: boolean };
    if (g.at === null && src.index === null) {
      copyRange(this.values, col.values, src.first, g.rows, g.start);
      if (col.hasNulls) this.nulls.array.set(col.nulls.subarray(src.first, src.first + g.rows), g.start);
      return;
    }
    const from = new Int32Array(g.rows);
    const to = new Int32Array(g.rows);
    for (let r = 0; r < g.rows; r++) {
      from[r] = src.index === null ? src.first + r : src.index[r]!;
      to[r] = ColdLayout.positionOf(g, r);
    }
    scatter(this.values, col.values, from, to);
    if (col.hasNulls) {
      const nulls = this.nulls.array;
      for (let r = 0; r < g.rows; r++) nulls[to[r]!] = col.nulls[from[r]!]!;
    }
  }

  finish(): ColumnVector {
    return { kind: this.kind, values: this.values, ...this.nulls.finish() } as ColumnVector;
  }
}

/**
 * Copies `len` values. 64-bit values go as bytes: a BigInt64Array's own set() may make a bigint per
 * value, and a Float64Array view could rewrite a NaN's bits.
 */
function copyRange(dst: Fixed, src: Fixed, from: number, len: number, at: number): void {
  if (dst instanceof BigInt64Array) {
    new Uint8Array(dst.buffer, dst.byteOffset + at * 8, len * 8).set(new Uint8Array(src.buffer, src.byteOffset + from * 8, len * 8));
  } else dst.set((src as Exclude<Fixed, BigInt64Array>).subarray(from, from + len), at);
}

function scatter(dst: Fixed, src: Fixed, from: Int32Array, to: Int32Array): void {
  if (dst instanceof BigInt64Array) {
    // As pairs of 32-bit words, for the same reason as copyRange.
    const d = new Int32Array(dst.buffer, dst.byteOffset, dst.length * 2);
    const s = new Int32Array(src.buffer, src.byteOffset, src.length * 2);
    for (let i = 0; i < from.length; i++) {
      d[2 * to[i]!] = s[2 * from[i]!]!;
      d[2 * to[i]! + 1] = s[2 * from[i]! + 1]!;
    }
  } else {
    const s = src as Exclude<Fixed, BigInt64Array>;
    for (let i = 0; i < from.length; i++) dst[to[i]!] = s[from[i]!]!;
  }
}

/** Boxed values (uuid, bytea, arrays, intervals, embeddings): as the row engine holds them. */
class ValueDest implements Dest {
  private readonly values: Value[];

  constructor(n: number) {
    this.values = new Array<Value>(n).fill(null);
  }

  put(g: LayoutGroup, src: Source): void {
    for (let r = 0; r < g.rows; r++) this.values[ColdLayout.positionOf(g, r)] = valueAt(src.col, src.index === null ? src.first + r : src.index[r]!);
  }

  finish(): ColumnVector {
    return { kind: 'value', values: this.values };
  }
}

/** UTF-8 bytes in position order: lengths first (every group), then the bytes. */
class Utf8Dest implements Dest {
  private readonly parts: { g: LayoutGroup; src: Source }[] = [];
  private readonly lengths: Int32Array;

  constructor(private readonly n: number, private readonly zeros: Uint8Array) {
    this.lengths = new Int32Array(n + 1);
  }

  put(g: LayoutGroup, src: Source): void {
    const off = (src.col as Utf8Column).offsets;
    for (let r = 0; r < g.rows; r++) {
      const from = src.index === null ? src.first + r : src.index[r]!;
      this.lengths[ColdLayout.positionOf(g, r) + 1] = off[from + 1]! - off[from]!;
    }
    this.parts.push({ g, src });
  }

  finish(): ColumnVector {
    const offsets = this.lengths;
    for (let i = 1; i <= this.n; i++) offsets[i] += offsets[i - 1]!;
    const bytes = Buffer.allocUnsafe(offsets[this.n]!);
    const nulls = new NullFlags(this.zeros);
    for (const { g, src } of this.parts) {
      const col = src.col as Utf8Column;
      if (g.at === null && src.index === null) {
        col.bytes.copy(bytes, offsets[g.start]!, col.offsets[src.first]!, col.offsets[src.first + g.rows]!);
        if (col.hasNulls) nulls.array.set(col.nulls.subarray(src.first, src.first + g.rows), g.start);
        continue;
      }
      for (let r = 0; r < g.rows; r++) {
        const from = src.index === null ? src.first + r : src.index[r]!;
        const to = ColdLayout.positionOf(g, r);
        col.bytes.copy(bytes, offsets[to]!, col.offsets[from]!, col.offsets[from + 1]!);
        if (col.hasNulls && col.nulls[from] === 1) nulls.array[to] = 1;
      }
    }
    this.parts.length = 0;
    return { kind: 'utf8', bytes, offsets, ...nulls.finish() };
  }
}
