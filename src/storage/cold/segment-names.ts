/** A name for a new segment of a scope that no listed segment has (a compaction's output may span exactly one input's `_seq` range). */
import type { SegmentMeta } from '../segments/segment-metadata.js';
import { segmentFileName } from '../segments/segment-writer.js';
import type { ColdScope } from './cold-store.js';

export function freeSegmentName(scope: ColdScope, meta: Pick<SegmentMeta, 'minSeq' | 'maxSeq'>, taken: ReadonlySet<string> = new Set()): string {
  const base = segmentFileName(meta);
  let name = base;
  for (let n = 2; taken.has(name) || scope.segments.some((s) => s.entry.file === name); n++) name = base.replace('.parquet', `-${n}.parquet`);
  return name;
}
