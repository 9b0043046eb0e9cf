/**
 * Flushing a table's hot rows to Parquet segments (DESIGN.md section 8):
 *
 *   1. mark the table cold: from now on its deletes leave tombstones (a plain delete of a row
 *      whose older version is in a segment would bring that version back)
 *   2. note the commit point S, wait until every commit up to S is in RocksDB, then read the
 *      table's RocksDB rows in key order, a scope (a SHARED table, or one user's partition) at a
 *      time, at most SegmentLimits.maxRows to a segment
 *   3. per segment: write it durably (temporary name, fsync, rename, fsync the directory), list it
 *      in the scope's manifest (durably — the commit point), make it visible to reads
 *   4. delete from RocksDB, in one batch, the flushed keys no commit has written since S
 *
 * A crash before 3 leaves the rows hot and an unlisted file (deleted at the next start); after 3
 * and before 4, the rows are hot and cold at once, which reads cannot tell apart (the hot copy
 * wins) and the next flush writes again. Writers never wait for a flush: a row written while it
 * runs keeps its newer hot version, which reads prefer to the segment's.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { SchemaStore } from '../../catalog/schema-store.js';
import { Errors } from '../../errors/sql-error.js';
import { tableAccess, type TableAccess } from '../../executor/table-access.js';
import type { JobContext } from '../../jobs/job-kind.js';
import type { JobResult } from '../../jobs/job-record.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import { decodeKey, prefixEnd } from '../keycode.js';
import { parseRowKey, tablePrefix } from '../key-layout.js';
import { keyId, type KeyId, type RowStore, type WriteSet } from '../row-store.js';
import { writeSegmentFile } from '../segments/durable-file.js';
import { manifestEntryOf } from '../segments/manifest.js';
import { SegmentBuilder } from '../segments/segment-writer.js';
import { freeSegmentName } from './segment-names.js';
import type { Value } from '../../types/kalam-type.js';
import type { ColdStore } from './cold-store.js';
import { crashPoint } from './flush-crash.js';

/**
 * Rows per segment: bounds the memory a flush holds and the time one Parquet encode takes. Tests
 * lower it to exercise several segments with few rows.
 */
export const SegmentLimits = { maxRows: 1_000_000 };

export interface FlushDeps {
  readonly rows: RowStore;
  readonly cold: ColdStore;
  readonly schema: SchemaStore;
  readonly jobs: JobRunner;
}

/** One segment being gathered. */
interface Part {
  readonly partition: string | null;
  readonly builder: SegmentBuilder;
  /** Every key read for this part, tombstones a segment did not need included: all go from RocksDB. */
  readonly ids: KeyId[];
  /** Whether the scope had segments when the flush began (only then must tombstones be written). */
  readonly olderSegments: boolean;
}

export async function flushTable(deps: FlushDeps, def: TableDefinition, ctx: JobContext): Promise<JobResult> {
  if (def.tableType === 'STREAM') throw Errors.featureNotSupported(`stream table ${def.namespace}.${def.name} is not flushed: its rows live in the hot store until their TTL ends`);
  const { rows, cold } = deps;
  await cold.markTable(def);
  const since = rows.begin();
  const access = tableAccess(def);
  const done = { rows: 0, bytes: 0 };
  try {
    await rows.settle();
    const p = tablePrefix(def.id);
    let part: Part | null = null;
    let pendingRows: Value[][] = [];
    let pendingKeys: Buffer[] = [];
    const finishPart = async (): Promise<void> => {
      if (part === null) return;
      part.builder.add(pendingRows, pendingKeys);
      pendingRows = [];
      pendingKeys = [];
      await writePart(deps, def, part, since, done, ctx);
      part = null;
    };
    for await (const batch of rows.scanStored(p, prefixEnd(p))) {
      for (const [key, value] of batch) {
        const { partition, pk } = parseRowKey(key, access.partitioned);
        if (part === null || part.partition !== partition || part.builder.rows + pendingRows.length >= SegmentLimits.maxRows) {
          await finishPart();
          const scope = cold.scope(def.id, partition);
          part = { partition, builder: new SegmentBuilder(def, { partition }), ids: [], olderSegments: (scope?.segments.length ?? 0) > 0 };
        }
        part.ids.push(keyId(key));
        const row = access.decode(value);
        if (row[access.deletedIndex] === true) {
          if (!part.olderSegments) continue; // nothing older to hide: the tombstone just goes
          withKeyValues(access, row, pk);
        }
        pendingRows.push(row);
        pendingKeys.push(pk);
      }
      if (pendingRows.length >= 4096 && part !== null) {
        (part as Part).builder.add(pendingRows, pendingKeys);
        pendingRows = [];
        pendingKeys = [];
      }
      await ctx.pause();
    }
    crashPoint('scanned');
    await finishPart();
    return done;
  } finally {
    rows.abandon(since);
  }
}

/** A tombstone's row carries its key columns (a segment's key columns are never null). */
export function withKeyValues(access: TableAccess, row: Value[], pk: Buffer): void {
  if (access.pkPositions.length === 0) return;
  const values = decodeKey(pk, access.pkPositions.map((p) => access.columns[p]!.type.kalam));
  access.pkPositions.forEach((pos, i) => (row[pos] = values[i]!));
}

async function writePart(deps: FlushDeps, def: TableDefinition, part: Part, since: WriteSet, done: { rows: number; bytes: number }, ctx: JobContext): Promise<void> {
  const { rows, cold, schema } = deps;
  if (part.builder.rows === 0) {
    rows.dropFlushed(since, part.ids); // only tombstones with nothing to hide
    return;
  }
  ctx.checkCancelled();
  const scope = await cold.ensureScope(def, part.partition);
  const encoded = await part.builder.finishAsync();
  const name = freeSegmentName(scope, encoded.meta);
  await writeSegmentFile(scope.dir, name, encoded.bytes);
  // Rows were decoded with `def`: had the table changed meanwhile, a row written under the new
  // definition could have lost a column here. Listing is the point of no return; check just before.
  if (schema.tableById(def.id) !== def) {
    throw Errors.objectInUse(`table ${def.namespace}.${def.name} changed while it was being flushed; flush it again`);
  }
  await cold.replaceSegments(scope, [{ entry: manifestEntryOf(name, encoded.bytes.length, encoded.meta) }], []);
  crashPoint('listed');
  rows.dropFlushed(since, part.ids);
  done.rows += encoded.meta.rowCount;
  done.bytes += encoded.bytes.length;
  ctx.progress(`flushed ${done.rows} rows`, done);
  if (process.env.KALAM_FLUSH_CRASH_AFTER === 'dropped') {
    await rows.settle();
    crashPoint('dropped');
  }
}
