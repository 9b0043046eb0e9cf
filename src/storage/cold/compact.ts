/**
 * Compacting a scope: its segments merged into as few as SegmentLimits.maxRows allows, keeping only the
 * newest version of each key. A full compaction (STORAGE COMPACT) takes every segment of the scope
 * and drops tombstones too — no older version is left for one to hide. The automatic one after a
 * flush merges only the small segments flushes leave behind, and keeps their tombstones (they may
 * hide rows in the big segments it leaves alone).
 *
 *   1. read the chosen segments' rows, merged by key (scope-rows.ts), from the segments listed now
 *   2. write the new segments durably
 *   3. list them and unlist the old ones in one manifest write (the commit point)
 *   4. delete the old files once no read holds them
 *
 * A crash before 3 leaves unlisted new files (deleted at the next start) and the old segments in
 * place; after 3, the old files are unlisted (deleted at the next start if they survived). Hot rows
 * are untouched: they stay newer than anything in segments.
 */
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { tableAccess } from '../../executor/table-access.js';
import type { JobContext } from '../../jobs/job-kind.js';
import type { JobResult } from '../../jobs/job-record.js';
import type { Value } from '../../types/kalam-type.js';
import { writeSegmentFile } from '../segments/durable-file.js';
import { manifestEntryOf, type ManifestEntry } from '../segments/manifest.js';
import { SegmentBuilder } from '../segments/segment-writer.js';
import { prefixEnd } from '../keycode.js';
import { Errors } from '../../errors/sql-error.js';
import type { ColdScope } from './cold-store.js';
import type { ColdSegment } from './cold-segment.js';
import { crashPoint } from './flush-crash.js';
import { SegmentLimits, withKeyValues, type FlushDeps } from './flush.js';
import { scopeRows } from './scope-rows.js';
import { freeSegmentName } from './segment-names.js';

/** A scope with more small segments than this gets them merged after a flush. */
export const AUTO_COMPACT_SEGMENTS = 8;

/** A segment under half the most a segment holds is worth merging with others. */
function smallSegments(scope: ColdScope): ColdSegment[] {
  return scope.segments.filter((s) => s.entry.rows < SegmentLimits.maxRows / 2);
}

/** Whether a flush left `scope` with enough small segments to merge them. */
export function wantsAutoCompaction(scope: ColdScope): boolean {
  return smallSegments(scope).length > AUTO_COMPACT_SEGMENTS;
}

/** Whether compacting all of `scope` would change anything: several segments, or tombstones to drop. */
function worthCompacting(scope: ColdScope): boolean {
  return scope.segments.length > 1 || scope.segments.some((s) => s.entry.deletedRows > 0);
}

/** `full`: every segment of every scope, tombstones dropped; else each scope's small segments. */
export async function compactTable(deps: FlushDeps, def: TableDefinition, ctx: JobContext, full: boolean): Promise<JobResult> {
  const done = { rows: 0, bytes: 0 };
  for (const scope of deps.cold.scopes(def.id)) {
    if (full ? worthCompacting(scope) : smallSegments(scope).length > 1) {
      await compactScope(deps, def, scope, full ? scope.segments : smallSegments(scope), full, ctx, done);
    }
  }
  return done;
}

async function compactScope(
  deps: FlushDeps, def: TableDefinition, scope: ColdScope, inputs: readonly ColdSegment[], full: boolean, ctx: JobContext,
  done: { rows: number; bytes: number },
): Promise<void> {
  const cold = deps.cold;
  for (const s of inputs) s.pin();
  const written: { entry: ManifestEntry }[] = [];
  try {
    const access = tableAccess(def);
    const taken = new Set<string>();
    let builder = new SegmentBuilder(def, { partition: scope.partition });
    const writeOut = async (): Promise<void> => {
      if (builder.rows === 0) return;
      const encoded = await builder.finishAsync();
      const name = freeSegmentName(scope, encoded.meta, taken);
      taken.add(name);
      await writeSegmentFile(scope.dir, name, encoded.bytes);
      written.push({ entry: manifestEntryOf(name, encoded.bytes.length, encoded.meta) });
      done.rows += encoded.meta.rowCount;
      done.bytes += encoded.bytes.length;
      builder = new SegmentBuilder(def, { partition: scope.partition });
    };
    for await (const batch of scopeRows(cold.groups, def, scope.prefix, inputs, scope.prefix, prefixEnd(scope.prefix), !full)) {
      const rows: Value[][] = [];
      const keys: Buffer[] = [];
      for (const [key, value] of batch) {
        const row = access.decode(value);
        const pk = key.subarray(scope.prefix.length);
        if (row[access.deletedIndex] === true) withKeyValues(access, row, pk);
        rows.push(row);
        keys.push(pk);
      }
      builder.add(rows, keys);
      if (builder.rows >= SegmentLimits.maxRows) await writeOut();
      await ctx.pause();
    }
    await writeOut();
    crashPoint('compact-written');
    if (deps.schema.tableById(def.id) !== def) {
      throw Errors.objectInUse(`table ${def.namespace}.${def.name} changed while it was being compacted; compact it again`);
    }
    // The commit point: the merged segments listed, the inputs unlisted, in one manifest write.
    await cold.replaceSegments(scope, written, inputs);
    crashPoint('compacted');
    ctx.progress(`compacted ${inputs.length} segments into ${written.length}`, done);
  } catch (e) {
    // Not listed, never read: the files go now rather than at the next start.
    for (const w of written) await unlink(join(scope.dir, w.entry.file)).catch(() => {});
    throw e;
  } finally {
    for (const s of inputs) s.unpin();
  }
}
