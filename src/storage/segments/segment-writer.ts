/**
 * Hot rows → one Parquet segment, in memory. A flush job hands over one scope's rows (a SHARED
 * table, or one user's partition of a USER table) as the row store decodes them — table layout
 * `[...columns, _seq, _deleted]`, in primary-key order, tombstones included (they must hide older
 * versions in older segments) — and gets the file's bytes plus what the manifest records:
 *
 *   rows ──▶ per row group: Arrow column data (arrow-columns.ts) + stats (column-stats.ts)
 *        (SegmentBuilder.add, any number of slices; the decoded rows can go once added)
 *        ──▶ Arrow IPC ──▶ parquet-wasm (zstd, delta-encoded int64s, Parquet statistics on)
 *        ──▶ bytes ──▶ writeSegmentFile (durable-file.ts)
 */
import * as arrow from 'apache-arrow';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { qualifiedName } from '../../catalog/table-definition.js';
import { deletedData, columnData, keyData, seqData, type Rows } from './arrow-columns.js';
import { tableAccess } from '../../executor/table-access.js';
import { prefersDeltaEncoding } from './arrow-types.js';
import { computeStats, hasStats, type ColumnStats } from './column-stats.js';
import { writeParquet, type Compression, type ParquetWriteOptions } from './parquet-io.js';
import { encodeParquet } from './parquet-encoder.js';
import { segmentKeyValues, type RowGroupInfo, type SegmentMeta } from './segment-metadata.js';
import { SEQ_COLUMN, segmentColumnsOf, segmentSchema, type SegmentColumn } from './segment-schema.js';
import type { Value } from '../../types/kalam-type.js';

/** Big enough that a scan's per-row-group overhead vanishes, small enough to prune usefully. */
export const DEFAULT_ROW_GROUP_ROWS = 128 * 1024;

export interface SegmentWriteOptions {
  /** The owning user of a USER table's partition; null (default) for a SHARED table. */
  readonly partition?: string | null;
  readonly rowGroupRows?: number;
  /** zstd (default): measured 3.5 MiB vs snappy's 8.3 MiB per 1M rows, and faster to read here. */
  readonly compression?: Compression;
}

export interface EncodedSegment {
  readonly bytes: Uint8Array;
  readonly meta: SegmentMeta;
}

/**
 * Builds one segment from rows handed over in any number of slices (a flush decodes RocksDB in
 * batches): each full row group is turned into Arrow column data at once, so only Arrow's compact
 * columns are held until `finish`, never all the decoded rows.
 */
export class SegmentBuilder {
  private readonly schema: arrow.Schema;
  private readonly structType: arrow.Struct;
  private readonly columns: SegmentColumn[];
  private readonly width: number;
  private readonly seqPos: number;
  private readonly groupRows: number;
  private readonly batches: arrow.RecordBatch[] = [];
  private readonly rowGroups: RowGroupInfo[] = [];
  private pending: (readonly Value[])[] = [];
  private pendingKeys: Uint8Array[] = [];
  private rowCount = 0;
  private deletedCount = 0;

  constructor(private readonly table: TableDefinition, private readonly options: SegmentWriteOptions = {}) {
    this.schema = segmentSchema(table);
    this.structType = new arrow.Struct(this.schema.fields);
    this.columns = segmentColumnsOf(this.schema);
    this.width = table.columns.length + 2;
    this.seqPos = table.columns.length;
    this.groupRows = Math.max(1, options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS);
  }

  /**
   * Appends rows (table layout, key order continuing the previous slice) with their primary-key
   * bytes as the row store keys them (what follows the partition prefix); without `keys`, each
   * row's key is made from its values (table-access.ts pkBytes), which holds for rows never updated
   * in a table without a primary key and for every row of a table with one.
   */
  add(rows: Rows, keys?: readonly Uint8Array[]): void {
    for (const r of rows) if (r.length !== this.width) throw new TypeError(`a row of ${r.length} values for a table of ${this.width - 2} columns`);
    if (keys !== undefined && keys.length !== rows.length) throw new TypeError(`${keys.length} keys for ${rows.length} rows`);
    const access = tableAccess(this.table);
    const partition = this.options.partition ?? null;
    const keyOf = (i: number): Uint8Array => keys?.[i] ?? access.pkBytes(partition, rows[i]!);
    let from = 0;
    if (this.pending.length > 0) {
      from = Math.min(rows.length, this.groupRows - this.pending.length);
      for (let i = 0; i < from; i++) {
        this.pending.push(rows[i]!);
        this.pendingKeys.push(keyOf(i));
      }
      if (this.pending.length < this.groupRows) return;
      this.rowGroup(this.pending, this.pendingKeys);
      this.pending = [];
      this.pendingKeys = [];
    }
    for (; from + this.groupRows <= rows.length; from += this.groupRows) {
      const groupKeys: Uint8Array[] = [];
      for (let i = from; i < from + this.groupRows; i++) groupKeys.push(keyOf(i));
      this.rowGroup(rows.slice(from, from + this.groupRows), groupKeys);
    }
    for (let i = from; i < rows.length; i++) {
      this.pending.push(rows[i]!);
      this.pendingKeys.push(keyOf(i));
    }
  }

  get rows(): number {
    return this.rowCount + this.pending.length;
  }

  /** The file's bytes and what the manifest records, encoded on this thread (tests, small segments). */
  finish(): EncodedSegment {
    const { table, meta, opts } = this.prepare();
    return { bytes: writeParquet(table, opts), meta };
  }

  /** finish() with the Parquet encoding on a worker thread (parquet-encoder.ts): what flushes use. */
  async finishAsync(): Promise<EncodedSegment> {
    const { table, meta, opts } = this.prepare();
    return { bytes: await encodeParquet(table, opts), meta };
  }

  private prepare(): { table: arrow.Table; meta: SegmentMeta; opts: ParquetWriteOptions } {
    if (this.pending.length > 0) this.rowGroup(this.pending, this.pendingKeys);
    this.pending = [];
    this.pendingKeys = [];
    if (this.rowCount === 0) throw new RangeError('a segment holds at least one row');
    const groups = this.rowGroups;
    const meta: SegmentMeta = {
      tableId: this.table.id,
      table: qualifiedName(this.table),
      partition: this.options.partition ?? null,
      schemaVersion: this.table.schemaVersion,
      rowCount: this.rowCount,
      deletedCount: this.deletedCount,
      minSeq: groups.reduce((m, g) => (g.minSeq < m ? g.minSeq : m), groups[0]!.minSeq),
      maxSeq: groups.reduce((m, g) => (g.maxSeq > m ? g.maxSeq : m), groups[0]!.maxSeq),
      columns: this.columns,
      rowGroups: groups,
    };
    const opts: ParquetWriteOptions = {
      compression: this.options.compression ?? 'zstd',
      rowGroupRows: this.groupRows,
      keyValues: segmentKeyValues(meta),
      deltaColumns: [...this.table.columns.filter((c) => prefersDeltaEncoding(c.type.kalam)).map((c) => c.name), SEQ_COLUMN],
    };
    const table = new arrow.Table(this.schema, this.batches.splice(0));
    return { table, meta, opts };
  }

  /** `rows` (with their `keys`) as one row group. */
  private rowGroup(rows: Rows, keys: readonly Uint8Array[]): void {
    const from = 0;
    const to = rows.length;
    const { table, seqPos } = this;
    const deletedPos = seqPos + 1;
    for (let i = from + 1; i < to; i++) {
      if (Buffer.compare(keys[i - 1]!, keys[i]!) >= 0) throw new RangeError('segment rows must come in strictly ascending key order');
    }
    const children = table.columns.map((c, pos) => columnData(rows, pos, c.type, from, to));
    children.push(seqData(rows, seqPos, from, to), deletedData(rows, deletedPos, from, to), keyData(keys, from, to));
    this.batches.push(new arrow.RecordBatch(this.schema, arrow.makeData({ type: this.structType, length: to - from, nullCount: 0, children })));

    const stats = new Map<number, ColumnStats>();
    table.columns.forEach((c, pos) => { if (hasStats(c.type)) stats.set(c.ordinal, computeStats(rows, pos, c.type, from, to)); });
    let minSeq = rows[from]![seqPos] as bigint;
    let maxSeq = minSeq;
    for (let i = from; i < to; i++) {
      const s = rows[i]![seqPos] as bigint;
      if (s < minSeq) minSeq = s;
      else if (s > maxSeq) maxSeq = s;
      if (rows[i]![deletedPos] === true) this.deletedCount++;
    }
    this.rowGroups.push({ rows: to - from, minSeq, maxSeq, columns: stats, firstKey: Buffer.from(keys[from]!), lastKey: Buffer.from(keys[to - 1]!) });
    this.rowCount += to - from;
  }
}

/** All rows at once: `new SegmentBuilder(table, options)`, `add(rows)`, `finish()`. */
export function encodeSegment(table: TableDefinition, rows: Rows, options: SegmentWriteOptions = {}): EncodedSegment {
  const b = new SegmentBuilder(table, options);
  b.add(rows);
  return b.finish();
}

/**
 * A segment's file name: `seg-<minSeq>-<maxSeq>.parquet` with both zero-padded to 19 digits, so
 * names sort in `_seq` order and two flushes of one scope never collide.
 */
export function segmentFileName(meta: Pick<SegmentMeta, 'minSeq' | 'maxSeq'>): string {
  const pad = (s: bigint): string => String(s).padStart(19, '0');
  return `seg-${pad(meta.minSeq)}-${pad(meta.maxSeq)}.parquet`;
}
