/**
 * What a scope directory holds compared with its manifest, and rebuilding the manifest from the
 * segments' own footers. A flush recovery (on start, or before the next flush of a scope) uses
 * the report to decide; this module deletes nothing:
 *
 *   unlisted        segment files the manifest does not name: a flush crashed after making its
 *                   file durable and before listing it (its hot rows are still in RocksDB), or a
 *                   compaction crashed before swapping
 *   missing         names the manifest lists whose file is gone (should never happen: reported)
 *   temporaryFiles  `.name.….tmp` left by a crash during a durable write: never read, safe to delete
 *   unreadable      `.parquet` files whose footer cannot be read (truncated, not ours)
 *   foreign         segments of another table or partition (a misconfigured storage path)
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SqlError } from '../../errors/sql-error.js';
import { isTemporaryFile } from './durable-file.js';
import { MANIFEST_FILE, emptyManifest, manifestEntryOf, readManifest, withSegments, writeManifest, type Manifest, type ManifestEntry } from './manifest.js';
import { openSegment } from './segment-reader.js';

export const SEGMENT_SUFFIX = '.parquet';

export interface ScopeId {
  readonly tableId: number;
  /** The user of a USER table's partition; null for a SHARED table. */
  readonly partition: string | null;
}

export interface ScopeReport {
  readonly manifest: Manifest;
  /** The manifest was missing or damaged and was rebuilt from the segments (and written). */
  readonly rebuilt: boolean;
  readonly unlisted: readonly string[];
  readonly missing: readonly string[];
  readonly temporaryFiles: readonly string[];
  readonly unreadable: readonly { readonly file: string; readonly error: string }[];
  readonly foreign: readonly string[];
}

interface DirListing {
  readonly segments: string[];
  readonly temporaryFiles: string[];
}

async function listDir(dir: string): Promise<DirListing> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { segments: [], temporaryFiles: [] };
    throw e;
  }
  names.sort();
  return {
    segments: names.filter((n) => !isTemporaryFile(n) && n.endsWith(SEGMENT_SUFFIX)),
    temporaryFiles: names.filter(isTemporaryFile),
  };
}

interface Opened {
  readonly entries: ManifestEntry[];
  readonly unreadable: { file: string; error: string }[];
  readonly foreign: string[];
}

async function openAll(dir: string, files: readonly string[], scope: ScopeId): Promise<Opened> {
  const out: Opened = { entries: [], unreadable: [], foreign: [] };
  for (const file of files) {
    try {
      const seg = await openSegment(join(dir, file));
      if (seg.meta.tableId !== scope.tableId || seg.meta.partition !== scope.partition) out.foreign.push(file);
      else out.entries.push(manifestEntryOf(file, seg.fileBytes, seg.meta));
    } catch (e) {
      out.unreadable.push({ file, error: (e as Error).message });
    }
  }
  return out;
}

/**
 * Rebuilds `dir`'s manifest from every readable segment of `scope` in it, writes it durably and
 * reports what else lies there.
 */
export async function rebuildManifest(dir: string, scope: ScopeId): Promise<ScopeReport> {
  const listing = await listDir(dir);
  const opened = await openAll(dir, listing.segments, scope);
  const manifest = withSegments(emptyManifest(scope.tableId, scope.partition), opened.entries);
  await writeManifest(dir, manifest);
  return {
    manifest, rebuilt: true, unlisted: [], missing: [], temporaryFiles: listing.temporaryFiles,
    unreadable: opened.unreadable, foreign: opened.foreign,
  };
}

/**
 * The scope's manifest as a flush or a read starts from it: read, or rebuilt when missing or
 * damaged, with whatever in the directory disagrees with it.
 */
export async function loadManifest(dir: string, scope: ScopeId): Promise<ScopeReport> {
  let manifest: Manifest | null;
  try {
    manifest = await readManifest(dir);
  } catch (e) {
    if (e instanceof SqlError && e.code === 'XX001') return rebuildManifest(dir, scope);
    throw e;
  }
  const listing = await listDir(dir);
  if (manifest === null) {
    // No manifest and no segments: a scope never flushed. Nothing to write.
    if (listing.segments.length === 0) {
      return { manifest: emptyManifest(scope.tableId, scope.partition), rebuilt: false, unlisted: [], missing: [], temporaryFiles: listing.temporaryFiles, unreadable: [], foreign: [] };
    }
    return rebuildManifest(dir, scope);
  }
  if (manifest.tableId !== scope.tableId || manifest.partition !== scope.partition) {
    throw new SqlError('XX001', `segment manifest in "${dir}" belongs to table ${manifest.tableId}${manifest.partition === null ? '' : ` partition ${manifest.partition}`}`);
  }
  const listed = new Set(manifest.segments.map((s) => s.file));
  const present = new Set(listing.segments);
  const missing: string[] = [];
  for (const s of manifest.segments) {
    if (present.has(s.file)) continue;
    // A name not ending in .parquet would not be in the listing: look at the disk itself.
    const exists = await stat(join(dir, s.file)).then(() => true, () => false);
    if (!exists) missing.push(s.file);
  }
  return {
    manifest, rebuilt: false,
    unlisted: listing.segments.filter((f) => !listed.has(f) && f !== MANIFEST_FILE),
    missing, temporaryFiles: listing.temporaryFiles, unreadable: [], foreign: [],
  };
}
