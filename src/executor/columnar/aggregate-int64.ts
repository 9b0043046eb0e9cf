/**
 * Aggregates over 'int64' columns (int8, timestamp, timestamptz, time read from segments) for the
 * column path's GROUP BY (aggregate.ts): min/max and int8's sum/avg from the values' 32-bit words
 * (int64-words.ts), no bigint made per row. `of[k]` is the group of positions[k]; `n` groups.
 */
import type { Value } from '../../types/kalam-type.js';
import { numericDiv } from '../../types/numeric.js';
import type { Int64Column } from './column-vector.js';
import { bigintAt, compareWords, wordsOf, WordSum } from './int64-words.js';
import type { MirrorSnapshot } from './table-mirror.js';

/** min/max of an int8 or a 64-bit time column, compared as 32-bit words (int64-words.ts). */
export function minMax64(snap: MirrorSnapshot, positions: Int32Array, of: Int32Array, n: number, col: Int64Column, slot: number, max: boolean): Value[] {
  const extra: (bigint | null)[] = new Array<bigint | null>(n).fill(null);
  const bestAt = new Int32Array(n).fill(-1);
  const words = wordsOf(col.values);
  const sign = max ? 1 : -1;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    const g = of[k]!;
    if (p < 0) {
      const x = snap.extraRows[-1 - p]![slot] as bigint | null;
      if (x !== null && (extra[g] === null || (max ? x > extra[g]! : x < extra[g]!))) extra[g] = x;
      continue;
    }
    if (col.nulls[p] === 1) continue;
    const b = bestAt[g]!;
    if (b < 0) bestAt[g] = p;
    else if (words !== null) {
      const c = compareWords(words, p, words[2 * b + 1]!, words[2 * b]! >>> 0);
      if (sign * c > 0) bestAt[g] = p;
    } else if (max ? col.values[p]! > col.values[b]! : col.values[p]! < col.values[b]!) bestAt[g] = p;
  }
  const out: Value[] = new Array<Value>(n);
  for (let g = 0; g < n; g++) {
    const b = bestAt[g]!;
    const stored = b < 0 ? null : words !== null ? bigintAt(words, b) : col.values[b]!;
    const e = extra[g]!;
    out[g] = stored === null ? e : e === null ? stored : (max ? (e > stored ? e : stored) : (e < stored ? e : stored));
  }
  return out;
}

/**
 * sum/avg of an int8 column: exact, as the row path's (numeric text), from the 32-bit words of each
 * value — no bigint per row. Null when the column cannot be read as words (a big-endian platform).
 */
export function sum64(snap: MirrorSnapshot, positions: Int32Array, of: Int32Array, n: number, col: Int64Column, slot: number, avg: boolean): Value[] | null {
  const words = wordsOf(col.values);
  if (words === null) return null;
  const sums = Array.from({ length: n }, () => new WordSum());
  const extra: bigint[] = new Array<bigint>(n).fill(0n);
  const counts = new Float64Array(n);
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    const g = of[k]!;
    if (p < 0) {
      const x = snap.extraRows[-1 - p]![slot] as bigint | null;
      if (x === null) continue;
      extra[g]! += x;
    } else if (col.nulls[p] === 1) continue;
    else sums[g]!.add(words, p);
    counts[g]!++;
  }
  const out: Value[] = new Array<Value>(n);
  for (let g = 0; g < n; g++) {
    if (counts[g] === 0) out[g] = null;
    else {
      const total = String(sums[g]!.total() + extra[g]!);
      out[g] = avg ? numericDiv(total, String(counts[g])) : total;
    }
  }
  return out;
}
