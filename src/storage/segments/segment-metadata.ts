/**
 * What a segment says about itself, in its Parquet footer's key-value metadata — enough to rebuild
 * the manifest from the files alone (manifest.ts) and to prune row groups without reading data:
 *
 *   kalam_segment_format  1
 *   table_id              42            table_name  app.messages     partition  u_123 (USER tables)
 *   schema_version        3             the table version whose schema the file has
 *   row_count             250000        deleted_count  12 (tombstones among them)
 *   min_seq / max_seq     the _seq range (decimal int64)
 *   kalam_row_groups      JSON: per row group { rows, minSeq, maxSeq, keys: [first, last] (hex),
 *                         columns: { ordinal: stats } }
 *
 * Plain keys, so other engines (DuckDB's parquet_kv_metadata) show them too.
 */
import { corruptSegment } from './segment-errors.js';
import type { SegmentColumn } from './segment-schema.js';
import { hasStats, mergeStats, statsFromJson, statsToJson, type ColumnStats, type ColumnStatsJson } from './column-stats.js';

export const SEGMENT_FORMAT = 1;

export const MetaKey = {
  format: 'kalam_segment_format',
  tableId: 'table_id',
  table: 'table_name',
  partition: 'partition',
  schemaVersion: 'schema_version',
  rowCount: 'row_count',
  deletedCount: 'deleted_count',
  minSeq: 'min_seq',
  maxSeq: 'max_seq',
  rowGroups: 'kalam_row_groups',
} as const;

export interface RowGroupInfo {
  readonly rows: number;
  readonly minSeq: bigint;
  readonly maxSeq: bigint;
  /** By column ordinal; only columns whose type has stats (column-stats.ts hasStats). */
  readonly columns: ReadonlyMap<number, ColumnStats>;
  /** The first and last `_key` (primary-key bytes) of the group: what point reads and key ranges prune by. */
  readonly firstKey: Buffer;
  readonly lastKey: Buffer;
}

export interface SegmentMeta {
  readonly tableId: number;
  /** `namespace.table` when written (informational: the id is what identifies the table). */
  readonly table: string;
  /** The owning user of a USER table's partition; null for a SHARED table. */
  readonly partition: string | null;
  readonly schemaVersion: number;
  readonly rowCount: number;
  readonly deletedCount: number;
  readonly minSeq: bigint;
  readonly maxSeq: bigint;
  /** The user columns as written, in file order. */
  readonly columns: readonly SegmentColumn[];
  readonly rowGroups: readonly RowGroupInfo[];
}

interface RowGroupJson {
  rows: number;
  minSeq: string;
  maxSeq: string;
  keys: [string, string];
  columns: Record<string, ColumnStatsJson>;
}

export function segmentKeyValues(meta: SegmentMeta): Map<string, string> {
  const types = new Map(meta.columns.map((c) => [c.ordinal, c.type]));
  const groups: RowGroupJson[] = meta.rowGroups.map((g) => ({
    rows: g.rows,
    minSeq: String(g.minSeq),
    maxSeq: String(g.maxSeq),
    keys: [g.firstKey.toString('hex'), g.lastKey.toString('hex')],
    columns: Object.fromEntries([...g.columns].map(([o, s]) => [String(o), statsToJson(s, types.get(o)!)])),
  }));
  const kv = new Map<string, string>([
    [MetaKey.format, String(SEGMENT_FORMAT)],
    [MetaKey.tableId, String(meta.tableId)],
    [MetaKey.table, meta.table],
    [MetaKey.schemaVersion, String(meta.schemaVersion)],
    [MetaKey.rowCount, String(meta.rowCount)],
    [MetaKey.deletedCount, String(meta.deletedCount)],
    [MetaKey.minSeq, String(meta.minSeq)],
    [MetaKey.maxSeq, String(meta.maxSeq)],
    [MetaKey.rowGroups, JSON.stringify(groups)],
  ]);
  if (meta.partition !== null) kv.set(MetaKey.partition, meta.partition);
  return kv;
}

export function segmentMetaFromKeyValues(kv: ReadonlyMap<string, string>, columns: readonly SegmentColumn[], file?: string): SegmentMeta {
  const need = (key: string): string => {
    const v = kv.get(key);
    if (v === undefined) throw corruptSegment(`footer has no "${key}"`, file);
    return v;
  };
  const format = Number(need(MetaKey.format));
  if (format !== SEGMENT_FORMAT) throw corruptSegment(`segment format ${format} is not ${SEGMENT_FORMAT}`, file);
  const types = new Map(columns.map((c) => [c.ordinal, c.type]));
  let groups: RowGroupJson[];
  try {
    groups = JSON.parse(need(MetaKey.rowGroups)) as RowGroupJson[];
  } catch {
    throw corruptSegment('row group statistics are not JSON', file);
  }
  const rowGroups = groups.map((g): RowGroupInfo => {
    const stats = new Map<number, ColumnStats>();
    for (const [o, s] of Object.entries(g.columns)) {
      const type = types.get(Number(o));
      if (type !== undefined) stats.set(Number(o), statsFromJson(s, type));
    }
    if (!Array.isArray(g.keys) || g.keys.length !== 2) throw corruptSegment('a row group has no key range', file);
    return { rows: g.rows, minSeq: BigInt(g.minSeq), maxSeq: BigInt(g.maxSeq), columns: stats, firstKey: Buffer.from(g.keys[0], 'hex'), lastKey: Buffer.from(g.keys[1], 'hex') };
  });
  const meta: SegmentMeta = {
    tableId: Number(need(MetaKey.tableId)),
    table: need(MetaKey.table),
    partition: kv.get(MetaKey.partition) ?? null,
    schemaVersion: Number(need(MetaKey.schemaVersion)),
    rowCount: Number(need(MetaKey.rowCount)),
    deletedCount: Number(need(MetaKey.deletedCount)),
    minSeq: BigInt(need(MetaKey.minSeq)),
    maxSeq: BigInt(need(MetaKey.maxSeq)),
    columns,
    rowGroups,
  };
  if (rowGroups.reduce((n, g) => n + g.rows, 0) !== meta.rowCount) throw corruptSegment('row group sizes do not add up to row_count', file);
  return meta;
}

/** Per column (by ordinal), the stats of the whole segment: what the manifest keeps. */
export function segmentColumnStats(meta: SegmentMeta): Map<number, ColumnStats> {
  const out = new Map<number, ColumnStats>();
  for (const c of meta.columns) {
    if (!hasStats(c.type)) continue;
    let acc: ColumnStats | undefined;
    for (const g of meta.rowGroups) {
      const s = g.columns.get(c.ordinal);
      if (s === undefined) { acc = undefined; break; }
      acc = acc === undefined ? s : mergeStats(acc, s, c.type);
    }
    if (acc !== undefined) out.set(c.ordinal, acc);
  }
  return out;
}
