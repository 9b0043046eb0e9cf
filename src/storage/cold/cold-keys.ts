/**
 * The `_key` columns of a cold scope's row groups as a layout (cold-layout.ts) holds them: read
 * once, copied out of the read's buffers, searched by binary search, and handed on to the next
 * layout of the scope for the segments it still has.
 */
import type { KeyColumn } from '../segments/segment-reader.js';
import type { ColdSegment } from './cold-segment.js';

/** A group's keys, as read: `bytes[offsets[i] .. offsets[i + 1])`. */
export type Keys = KeyColumn;

/**
 * Keys read so far, by segment and row group. A layout of the same scope's later segments takes
 * over those of the segments it still has: a flush then costs the keys of its own segment.
 */
export class KeyCache {
  private readonly bySeg = new Map<ColdSegment, Map<number, Keys>>();
  bytes = 0;

  constructor(earlier: KeyCache | null, segs: readonly ColdSegment[]) {
    if (earlier === null) return;
    for (const seg of segs) {
      const m = earlier.bySeg.get(seg);
      if (!m) continue;
      this.bySeg.set(seg, m);
      for (const k of m.values()) this.bytes += keyBytes(k);
    }
  }

  get(seg: ColdSegment, group: number): Keys | undefined {
    return this.bySeg.get(seg)?.get(group);
  }

  set(seg: ColdSegment, group: number, keys: Keys): void {
    let m = this.bySeg.get(seg);
    if (!m) this.bySeg.set(seg, (m = new Map()));
    if (m.has(group)) return;
    const own = ownKeys(keys);
    m.set(group, own);
    this.bytes += keyBytes(own);
  }
}

function keyBytes(k: Keys): number {
  return k.bytes.length + k.offsets.byteLength;
}

/** A copy of a batch's keys that does not pin the batch's buffers. */
function ownKeys(k: Keys): Keys {
  const base = k.offsets[0]!;
  const end = k.offsets[k.offsets.length - 1]!;
  const offsets = new Int32Array(k.offsets.length);
  for (let i = 0; i < offsets.length; i++) offsets[i] = k.offsets[i]! - base;
  return { bytes: Buffer.from(k.bytes.subarray(base, end)), offsets };
}

/** Binary search of sorted keys (from `from`): the first index whose key is ≥ `pk`, and whether it is equal. */
export function search(keys: Keys, pk: Buffer, from = 0): { index: number; found: boolean } {
  const { bytes, offsets } = keys;
  let lo = from;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pk.compare(bytes, offsets[mid]!, offsets[mid + 1]!) > 0) lo = mid + 1;
    else hi = mid;
  }
  const found = lo < offsets.length - 1 && pk.compare(bytes, offsets[lo]!, offsets[lo + 1]!) === 0;
  return { index: lo, found };
}
