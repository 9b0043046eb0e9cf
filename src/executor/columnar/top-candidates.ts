/**
 * ORDER BY col … LIMIT k over a mirror snapshot: before any row is built, find the k-th best value
 * of the first sort column and keep only the rows that can still be among the first k — those at
 * least that good, the NULLs when they sort first, and the few delta rows. The ordinary sort and
 * LIMIT then run over those; ties with the k-th value are all kept, so the answer is the same.
 */
import type { MirrorSnapshot } from './table-mirror.js';
import { scratchFloats, scratchInts } from './scratch.js';
import { doubleAt, wordsOf } from './int64-words.js';

/** The k-th largest of `v[0..n)` (k ≥ 1, k ≤ n), reordering `v`. */
function kthLargest(v: Float64Array, k: number): number {
  let lo = 0;
  let hi = v.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = v[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i]! > pivot) i++;
      while (v[j]! < pivot) j--;
      if (i <= j) {
        const t = v[i]!;
        v[i] = v[j]!;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return v[target]!;
  }
  return v[target]!;
}

/**
 * The positions that can be among the first `k` in the order of column `slot` (descending or
 * ascending, NULLs first or last), in their original order; null when nothing can be left out.
 */
export function topCandidates(
  snap: MirrorSnapshot,
  positions: Int32Array,
  slot: number,
  desc: boolean,
  nullsFirst: boolean,
  k: number,
): Int32Array | null {
  const col = snap.base.columns[slot]!;
  if ((col.kind !== 'int' && col.kind !== 'float' && col.kind !== 'int64') || k < 1) return null;
  const { nulls } = col;
  // 64-bit values are ranked by their nearest double: rounding never reorders two values, it can
  // only make them tie, and every row tied with the k-th is kept.
  const wide = col.kind === 'int64' ? col.values : null;
  const words = wide === null ? null : wordsOf(wide);
  const narrow = col.kind === 'int64' ? null : col.values;
  const valueOf = (p: number): number => (words !== null ? doubleAt(words, p) : wide !== null ? Number(wide[p]!) : narrow![p]!);
  // Values negated for an ascending order, so "best" is always "largest".
  const sign = desc ? 1 : -1;
  const vals = scratchFloats(positions.length);
  let n = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p < 0 || nulls[p] === 1) continue;
    const v = valueOf(p);
    if (v !== v) return null; // NaN sorts above every number: not worth the care here
    vals[n++] = sign * v;
  }
  if (n <= k) return null;
  const threshold = kthLargest(vals.subarray(0, n), k);
  const out = scratchInts(positions.length);
  let m = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!;
    if (p < 0 || (nulls[p] === 1 ? nullsFirst : sign * valueOf(p) >= threshold)) out[m++] = p;
  }
  return out.slice(0, m);
}
