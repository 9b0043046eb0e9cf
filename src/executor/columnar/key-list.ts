/**
 * The sorted row keys of a table mirror, packed into one buffer: about 20 bytes a row where a
 * string per key would cost 60. Searched only when commits are folded in, never while scanning.
 */
export interface KeyList {
  readonly count: number;
  readonly bytes: Buffer;
  /** End offset of key i in `bytes`; key i starts where key i - 1 ends. */
  readonly ends: Uint32Array;
}

function startOf(list: KeyList, i: number): number {
  return i === 0 ? 0 : list.ends[i - 1]!;
}

/** The first position whose key is ≥ `key` (list.count when none), and whether it is equal. */
export function lowerBound(list: KeyList, key: Buffer): { pos: number; found: boolean } {
  let lo = 0;
  let hi = list.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key.compare(list.bytes, startOf(list, mid), list.ends[mid]!) > 0) lo = mid + 1;
    else hi = mid;
  }
  const found = lo < list.count && key.compare(list.bytes, startOf(list, lo), list.ends[lo]!) === 0;
  return { pos: lo, found };
}

export class KeyListBuilder {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private ends = new Uint32Array(1024);
  private used = 0;
  private count = 0;

  append(key: Uint8Array): void {
    if (this.used + key.length > this.bytes.length) {
      const next = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + key.length));
      this.bytes.copy(next, 0, 0, this.used);
      this.bytes = next;
    }
    if (this.count === this.ends.length) {
      const next = new Uint32Array(this.ends.length * 2);
      next.set(this.ends);
      this.ends = next;
    }
    this.bytes.set(key, this.used);
    this.used += key.length;
    this.ends[this.count++] = this.used;
  }

  /** Appends key `i` of `list`. */
  appendFrom(list: KeyList, i: number): void {
    this.append(list.bytes.subarray(startOf(list, i), list.ends[i]!));
  }

  get byteSize(): number {
    return this.used + 4 * this.count;
  }

  finish(): KeyList {
    return { count: this.count, bytes: this.bytes.subarray(0, this.used), ends: this.ends.subarray(0, this.count) };
  }
}
