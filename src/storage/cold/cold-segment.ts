/**
 * One segment of a cold scope as readers see it: its opened footer, its manifest entry, and how
 * many reads hold it. A compaction retires the segments it replaced; their files go once the last
 * read holding them lets go.
 */
import { unlink } from 'node:fs/promises';
import type { ManifestEntry } from '../segments/manifest.js';
import type { Segment } from '../segments/segment-reader.js';

export class ColdSegment {
  private pins = 0;
  private retired = false;

  constructor(readonly segment: Segment, readonly entry: ManifestEntry, private readonly onError: (e: unknown) => void) {}

  get path(): string {
    return this.segment.path;
  }

  pin(): void {
    this.pins++;
  }

  unpin(): void {
    if (--this.pins === 0 && this.retired) this.remove();
  }

  /** No longer listed: the file goes now, or when the last read holding it ends. */
  retire(): void {
    this.retired = true;
    if (this.pins === 0) this.remove();
  }

  private remove(): void {
    unlink(this.path).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(e);
    });
  }
}
