/**
 * The segment manifest of one scope (a SHARED table's directory, or one user's directory of a USER
 * table): `manifest.json` next to the segments, listing each with what a merged read needs before
 * opening it — rows, bytes, `_seq` range, schema version, and per column min/max — so whole
 * segments are pruned from the manifest alone.
 *
 *   { "format": 1, "tableId": 42, "partition": null, "segments": [
 *     { "file": "seg-…-….parquet", "rows": 250000, "deletedRows": 12, "bytes": 3670016,
 *       "schemaVersion": 3, "minSeq": "7263…", "maxSeq": "7263…",
 *       "columns": [ { "ordinal": 1, "name": "id", "kalam": "BIGINT", "oid": 20, "typmod": -1,
 *                      "nullable": false, "stats": { "rows": 250000, "nulls": 0, "min": "1", "max": "250000" } } ] } ] }
 *
 * It is only ever replaced whole and durably (durable-file.ts). A segment is listed only after its
 * file is durable; the files are the truth, the manifest an index of them: if it is lost or
 * damaged, manifest-recovery.ts rebuilds it from the segments' own footers.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SqlError } from '../../errors/sql-error.js';
import { kalamTypeName } from '../../types/type-registry.js';
import { statsFromJson, statsToJson, type ColumnStats, type ColumnStatsJson } from './column-stats.js';
import { writeFileDurably } from './durable-file.js';
import type { StatsSource } from './prune.js';
import { segmentColumnStats, type SegmentMeta } from './segment-metadata.js';
import { kalamTypeOfName, type SegmentColumn } from './segment-schema.js';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 1;

export interface ManifestEntry {
  readonly file: string;
  readonly rows: number;
  readonly deletedRows: number;
  readonly bytes: number;
  readonly schemaVersion: number;
  readonly minSeq: bigint;
  readonly maxSeq: bigint;
  readonly columns: readonly SegmentColumn[];
  /** Whole-segment stats by ordinal (columns of types with stats). */
  readonly stats: ReadonlyMap<number, ColumnStats>;
}

export interface Manifest {
  readonly tableId: number;
  readonly partition: string | null;
  /** In `_seq` order of their first version (minSeq): older segments first. */
  readonly segments: readonly ManifestEntry[];
}

export function emptyManifest(tableId: number, partition: string | null): Manifest {
  return { tableId, partition, segments: [] };
}

export function manifestEntryOf(file: string, bytes: number, meta: SegmentMeta): ManifestEntry {
  return {
    file, rows: meta.rowCount, deletedRows: meta.deletedCount, bytes, schemaVersion: meta.schemaVersion,
    minSeq: meta.minSeq, maxSeq: meta.maxSeq, columns: meta.columns, stats: segmentColumnStats(meta),
  };
}

/** The manifest with `added` listed and `removed` (file names) gone: a flush adds one, a compaction swaps. */
export function withSegments(m: Manifest, added: readonly ManifestEntry[], removed: readonly string[] = []): Manifest {
  const gone = new Set(removed);
  const kept = m.segments.filter((s) => !gone.has(s.file) && !added.some((a) => a.file === s.file));
  const segments = [...kept, ...added].sort((a, b) => (a.minSeq < b.minSeq ? -1 : a.minSeq > b.minSeq ? 1 : 0));
  return { ...m, segments };
}

/** A manifest entry as prune.ts sees it: a segment is skipped when its stats exclude the predicates. */
export function entryStatsSource(e: ManifestEntry): StatsSource {
  return { rows: e.rows, minSeq: e.minSeq, maxSeq: e.maxSeq, columns: e.columns, stats: e.stats };
}

interface ColumnJson {
  ordinal: number;
  name: string;
  kalam: string;
  oid: number;
  typmod: number;
  nullable: boolean;
  stats?: ColumnStatsJson;
}

interface EntryJson {
  file: string;
  rows: number;
  deletedRows: number;
  bytes: number;
  schemaVersion: number;
  minSeq: string;
  maxSeq: string;
  columns: ColumnJson[];
}

interface ManifestJson {
  format: number;
  tableId: number;
  partition: string | null;
  segments: EntryJson[];
}

export function encodeManifest(m: Manifest): string {
  const json: ManifestJson = {
    format: FORMAT,
    tableId: m.tableId,
    partition: m.partition,
    segments: m.segments.map((e) => ({
      file: e.file, rows: e.rows, deletedRows: e.deletedRows, bytes: e.bytes, schemaVersion: e.schemaVersion,
      minSeq: String(e.minSeq), maxSeq: String(e.maxSeq),
      columns: e.columns.map((c) => {
        const s = e.stats.get(c.ordinal);
        const col: ColumnJson = { ordinal: c.ordinal, name: c.name, kalam: kalamTypeName(c.type.kalam), oid: c.type.oid, typmod: c.type.typmod, nullable: c.nullable };
        if (s !== undefined) col.stats = statsToJson(s, c.type);
        return col;
      }),
    })),
  };
  return JSON.stringify(json, null, 1) + '\n';
}

/** XX001 when the text is not a manifest this server wrote: the caller rebuilds it. */
export function decodeManifest(text: string): Manifest {
  let json: ManifestJson;
  try {
    json = JSON.parse(text) as ManifestJson;
  } catch {
    throw corruptManifest('not JSON');
  }
  if (json === null || typeof json !== 'object' || json.format !== FORMAT || !Array.isArray(json.segments) || typeof json.tableId !== 'number') {
    throw corruptManifest(`not a format ${FORMAT} manifest`);
  }
  try {
    const segments = json.segments.map((e): ManifestEntry => {
      const columns: SegmentColumn[] = [];
      const stats = new Map<number, ColumnStats>();
      for (const c of e.columns) {
        const kalam = kalamTypeOfName(c.kalam);
        if (kalam === undefined) throw corruptManifest(`unknown type ${c.kalam}`);
        const col: SegmentColumn = { ordinal: c.ordinal, name: c.name, type: { kalam, oid: c.oid, typmod: c.typmod }, nullable: c.nullable };
        columns.push(col);
        if (c.stats !== undefined) stats.set(c.ordinal, statsFromJson(c.stats, col.type));
      }
      if (typeof e.file !== 'string' || !Number.isInteger(e.rows) || !Number.isInteger(e.bytes)) throw corruptManifest('bad segment entry');
      return {
        file: e.file, rows: e.rows, deletedRows: e.deletedRows, bytes: e.bytes, schemaVersion: e.schemaVersion,
        minSeq: BigInt(e.minSeq), maxSeq: BigInt(e.maxSeq), columns, stats,
      };
    });
    return { tableId: json.tableId, partition: json.partition ?? null, segments };
  } catch (e) {
    throw e instanceof SqlError ? e : corruptManifest((e as Error).message);
  }
}

function corruptManifest(msg: string): SqlError {
  return new SqlError('XX001', `segment manifest is corrupt: ${msg}`);
}

/** The scope's manifest; null when there is none yet. Throws XX001 when it is damaged. */
export async function readManifest(dir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return decodeManifest(text);
}

/** Replaces the scope's manifest durably: after this resolves, a crash cannot lose it. */
export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeFileDurably(join(dir, MANIFEST_FILE), Buffer.from(encodeManifest(m), 'utf8'));
}
