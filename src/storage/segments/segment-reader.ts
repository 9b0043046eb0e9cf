/**
 * A segment read back under a GIVEN table version — usually newer than the one it was written
 * with. Columns are matched by ordinal (segment-schema.ts), so:
 *
 *   renamed after the write   found by ordinal under its old field name
 *   dropped after the write   its data is never read
 *   added after the write     reads as its missingValue (the ADD COLUMN default), else NULL
 *
 * `openSegment` reads the footer only; `readSegmentBatches` then reads just the requested columns
 * of the requested row groups (projection and pruning, prune.ts) as column batches, one per row
 * group; `readSegmentRows` gives row-engine rows in the table layout `[...columns, _seq, _deleted]`.
 */
import type * as arrow from 'apache-arrow';
import type { ColumnDefinition, TableDefinition } from '../../catalog/table-definition.js';
import type { ColumnVector } from '../../executor/columnar/column-vector.js';
import { valueAt } from '../../executor/columnar/column-vector.js';
import type { Value } from '../../types/kalam-type.js';
import { DEFAULT_TYPE_CONTEXT } from '../../types/type-context.js';
import { parseText } from '../../types/text-codec.js';
import { columnVectorOf, constantVector } from './arrow-vectors.js';
import { readParquet, readParquetFooter } from './parquet-io.js';
import { corruptSegment } from './segment-errors.js';
import { segmentMetaFromKeyValues, type SegmentMeta } from './segment-metadata.js';
import { DELETED_COLUMN, KEY_COLUMN, SEQ_COLUMN, segmentColumnsOf, type SegmentColumn } from './segment-schema.js';

export interface Segment {
  readonly path: string;
  readonly fileBytes: number;
  readonly meta: SegmentMeta;
}

export async function openSegment(path: string): Promise<Segment> {
  const footer = await readParquetFooter(path);
  const names = footer.schema.fields.map((f) => f.name);
  if (!names.includes(SEQ_COLUMN) || !names.includes(DELETED_COLUMN) || !names.includes(KEY_COLUMN)) throw corruptSegment('no _seq/_deleted/_key columns', path);
  const meta = segmentMetaFromKeyValues(footer.keyValues, segmentColumnsOf(footer.schema), path);
  return { path, fileBytes: footer.fileBytes, meta };
}

export interface SegmentReadOptions {
  /** Ordinals of `table`'s columns to read (projection), in the order wanted; default all, in table order. */
  readonly ordinals?: readonly number[];
  /** Row groups to read, ascending (e.g. from pruneRowGroups); default all. */
  readonly rowGroups?: readonly number[];
  /** Also read `_key` (SegmentBatch.keys). */
  readonly keys?: boolean;
}

export interface SegmentBatch {
  /** Which row group of the file these rows are. */
  readonly rowGroup: number;
  readonly rowCount: number;
  /** The ordinals read, in the order asked; `columns[i]` holds ordinal `ordinals[i]`. */
  readonly ordinals: readonly number[];
  readonly columns: readonly ColumnVector[];
  readonly seq: BigInt64Array;
  /** 1 where the row is a tombstone. */
  readonly deleted: Uint8Array;
  /** The rows' primary-key bytes (views of the batch's data), when asked for. */
  readonly keys: readonly Buffer[] | null;
}

/** How one requested column is obtained: from a file field, or as a constant. */
type Source = { readonly field: string; readonly column: ColumnDefinition } | { readonly constant: Value; readonly column: ColumnDefinition };

function sources(seg: Segment, table: TableDefinition, ordinals: readonly number[]): Source[] {
  const inFile = new Map<number, SegmentColumn>(seg.meta.columns.map((c) => [c.ordinal, c]));
  return ordinals.map((ordinal): Source => {
    const column = table.columns.find((c) => c.ordinal === ordinal);
    if (column === undefined) throw new RangeError(`table ${table.namespace}.${table.name} has no column with ordinal ${ordinal}`);
    const stored = inFile.get(ordinal);
    if (stored === undefined) {
      const constant = column.missingValue === undefined ? null : parseText(column.missingValue, column.type, DEFAULT_TYPE_CONTEXT);
      return { constant, column };
    }
    // The column's type changed since the segment was written. ALTER COLUMN TYPE rewrote every
    // live row of the table with a newer _seq (alter-column-type.ts), so every row here is
    // superseded in a merged read: the stale value is never shown, and reads as NULL.
    if (stored.type.kalam !== column.type.kalam) return { constant: null, column };
    return { field: stored.name, column };
  });
}

export async function* readSegmentBatches(seg: Segment, table: TableDefinition, opts: SegmentReadOptions = {}): AsyncGenerator<SegmentBatch> {
  const ordinals = opts.ordinals ?? table.columns.map((c) => c.ordinal);
  const rowGroups = opts.rowGroups ?? seg.meta.rowGroups.map((_, i) => i);
  for await (const b of readSegmentColumns(seg, table, { ordinals, rowGroups, seq: true, deleted: true, keys: opts.keys === true })) {
    yield { rowGroup: b.rowGroup, rowCount: b.rowCount, ordinals, columns: b.columns, seq: b.seq!, deleted: b.deleted!, keys: b.keys === null ? null : keyBuffers(b.keys) };
  }
}

/** What readSegmentColumns reads of each row group: table columns (projection) and which system columns. */
export interface ColumnReadOptions {
  /** Ordinals of the table's columns, in the order wanted (may be empty). */
  readonly ordinals: readonly number[];
  /** Row groups, ascending. */
  readonly rowGroups: readonly number[];
  readonly seq?: boolean;
  readonly deleted?: boolean;
  readonly keys?: boolean;
}

/** The `_key` column as read: key i is `bytes[offsets[i] .. offsets[i + 1])`, no object per key. */
export interface KeyColumn {
  readonly bytes: Buffer;
  /** rowCount + 1 entries. */
  readonly offsets: Int32Array;
}

export interface ColumnBatch {
  readonly rowGroup: number;
  readonly rowCount: number;
  /** `columns[i]` holds ordinal `ordinals[i]` of the options. */
  readonly columns: readonly ColumnVector[];
  readonly seq: BigInt64Array | null;
  /** 1 where the row is a tombstone. */
  readonly deleted: Uint8Array | null;
  readonly keys: KeyColumn | null;
}

/**
 * The requested columns of the requested row groups, one batch per row group, and only the system
 * columns asked for: a column scan decodes nothing it does not read.
 */
export async function* readSegmentColumns(seg: Segment, table: TableDefinition, opts: ColumnReadOptions): AsyncGenerator<ColumnBatch> {
  const src = sources(seg, table, opts.ordinals);
  const groups = opts.rowGroups;
  if (groups.length === 0) return;
  for (const g of groups) {
    if (!Number.isInteger(g) || g < 0 || g >= seg.meta.rowGroups.length) throw new RangeError(`segment has no row group ${g}`);
  }
  const fields = [...new Set(src.flatMap((s) => ('field' in s ? [s.field] : [])))];
  if (opts.seq === true) fields.push(SEQ_COLUMN);
  if (opts.deleted === true) fields.push(DELETED_COLUMN);
  if (opts.keys === true) fields.push(KEY_COLUMN);
  // Row counts come from the footer; a read of constants only needs no file at all.
  if (fields.length === 0) {
    for (const g of groups) yield batchOf(seg, null, g, seg.meta.rowGroups[g]!.rows, src, opts);
    return;
  }
  // A window of row groups per read: one file open and footer parse per window, memory bounded
  // by the window, not the segment.
  for (let w = 0; w < groups.length; w += GROUPS_PER_READ) {
    const window = groups.slice(w, w + GROUPS_PER_READ);
    const expected = window.map((g) => seg.meta.rowGroups[g]!.rows);
    const read = await readParquet(seg.path, { rowGroups: window, columns: fields }, Math.max(...expected));
    // The async reader never lets a batch cross a row group, and batchSize covers the largest.
    if (read.batches.length !== window.length || read.batches.some((b, i) => b.numRows !== expected[i])) {
      throw corruptSegment(`row groups ${window.join(',')} read back as batches of ${read.batches.map((b) => b.numRows).join(',')} rows`, seg.path);
    }
    for (let b = 0; b < window.length; b++) yield batchOf(seg, read.batches[b]!, window[b]!, expected[b]!, src, opts);
  }
}

const GROUPS_PER_READ = 8;

function batchOf(seg: Segment, batch: arrow.RecordBatch | null, rowGroup: number, n: number, src: readonly Source[], opts: ColumnReadOptions): ColumnBatch {
  const dataOf = (name: string): arrow.Data => {
    const v = batch?.getChild(name) ?? null;
    if (v === null) throw corruptSegment(`no column "${name}"`, seg.path);
    return v.data[0]!;
  };
  const columns = src.map((s) => ('field' in s ? columnVectorOf(dataOf(s.field), s.column.type) : constantVector(s.constant, s.column.type, n)));
  let seq: BigInt64Array | null = null;
  if (opts.seq === true) {
    const d = dataOf(SEQ_COLUMN);
    seq = (d.values as BigInt64Array).slice(d.offset, d.offset + n);
  }
  let deleted: Uint8Array | null = null;
  if (opts.deleted === true) {
    const d = dataOf(DELETED_COLUMN);
    deleted = new Uint8Array(n);
    const bits = d.values as Uint8Array;
    for (let i = 0; i < n; i++) deleted[i] = (bits[(d.offset + i) >> 3]! >> ((d.offset + i) & 7)) & 1;
  }
  let keys: KeyColumn | null = null;
  if (opts.keys === true) {
    const d = dataOf(KEY_COLUMN);
    const bytes = d.values as Uint8Array;
    keys = { bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), offsets: (d.valueOffsets as Int32Array).subarray(d.offset, d.offset + n + 1) };
  }
  return { rowGroup, rowCount: n, columns, seq, deleted, keys };
}

/** Each key as a Buffer (a view of the batch's data). */
function keyBuffers(k: KeyColumn): Buffer[] {
  const n = k.offsets.length - 1;
  const out = new Array<Buffer>(n);
  for (let i = 0; i < n; i++) out[i] = k.bytes.subarray(k.offsets[i]!, k.offsets[i + 1]!);
  return out;
}

/**
 * Row-engine rows in `table`'s layout `[...columns, _seq, _deleted]`; columns not requested are
 * NULL. Meant for merges and tests: scans should stay on batches.
 */
export async function readSegmentRows(seg: Segment, table: TableDefinition, opts: SegmentReadOptions = {}): Promise<Value[][]> {
  const width = table.columns.length + 2;
  const positions = new Map(table.columns.map((c, i) => [c.ordinal, i]));
  const out: Value[][] = [];
  for await (const b of readSegmentBatches(seg, table, opts)) {
    const slots = b.ordinals.map((o) => positions.get(o)!);
    for (let r = 0; r < b.rowCount; r++) {
      const row: Value[] = new Array(width).fill(null);
      for (let k = 0; k < slots.length; k++) row[slots[k]!] = valueAt(b.columns[k]!, r);
      row[width - 2] = b.seq[r]!;
      row[width - 1] = b.deleted[r] === 1;
      out.push(row);
    }
  }
  return out;
}
