/**
 * Compacting a scope: its segments merged into as few as SEGMENT_MAX_ROWS allows, keeping only the
 * newest version of each key and dropping tombstones — every segment of the scope takes part, so
 * no older version is left for a dropped tombstone to have hidden.
 *
 *   1. read the scope's live rows, merged by key (scope-rows.ts), from the segments listed now
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
import type { ColdScope, ColdStore } from './cold-store.js';
import { crashPoint } from './flush-crash.js';
import { SEGMENT_MAX_ROWS, type FlushDeps } from './flush.js';
import { scopeRows } from './scope-rows.js';
import { freeSegmentName } from './segment-names.js';

/** A scope with more segments than this is compacted after a flush. */
export const AUTO_COMPACT_SEGMENTS = 8;

/** Whether compacting `scope` would change anything: several segments, or tombstones to drop. */
export function worthCompacting(scope: ColdScope): boolean {
  return scope.segments.length > 1 || scope.segments.some((s) => s.entry.deletedRows > 0);
}

export async function compactTable(deps: FlushDeps, def: TableDefinition, ctx: JobContext): Promise<JobResult> {
  const done = { rows: 0, bytes: 0 };
  for (const scope of deps.cold.scopes(def.id)) {
    if (!worthCompacting(scope)) continue;
    await compactScope(deps.cold, deps, def, scope, ctx, done);
  }
  return done;
}

async function compactScope(cold: ColdStore, deps: FlushDeps, def: TableDefinition, scope: ColdScope, ctx: JobContext, done: { rows: number; bytes: number }): Promise<void> {
  const inputs = scope.segments;
  for (const s of inputs) s.pin();
  const written: { entry: ManifestEntry }[] = [];
  try {
    const access = tableAccess(def);
    const taken = new Set<string>();
    let builder = new SegmentBuilder(def, { partition: scope.partition });
    const writeOut = async (): Promise<void> => {
      if (builder.rows === 0) return;
      const encoded = builder.finish();
      const name = freeSegmentName(scope, encoded.meta, taken);
      taken.add(name);
      await writeSegmentFile(scope.dir, name, encoded.bytes);
      written.push({ entry: manifestEntryOf(name, encoded.bytes.length, encoded.meta) });
      done.rows += encoded.meta.rowCount;
      done.bytes += encoded.bytes.length;
      builder = new SegmentBuilder(def, { partition: scope.partition });
    };
    for await (const batch of scopeRows(cold.groups, def, scope.prefix, inputs, scope.prefix, prefixEnd(scope.prefix))) {
      const rows: Value[][] = [];
      const keys: Buffer[] = [];
      for (const [key, value] of batch) {
        rows.push(access.decode(value));
        keys.push(key.subarray(scope.prefix.length));
      }
      builder.add(rows, keys);
      if (builder.rows >= SEGMENT_MAX_ROWS) await writeOut();
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
