/**
 * ORDER BY … LIMIT k without sorting every row: a bounded max-heap keeps the k smallest rows
 * (O(n log k)), and only those are sorted.
 *
 * The full path sorts with pgQsort, which is not stable: rows equal on the sort keys come out in
 * an order that depends on every input row. So the heap's answer is used only when it is provably
 * the same as `pgQsort(rows).slice(0, k)`:
 *   - no row left out ties with the k-th kept row (else which of them is kept depends on pgQsort);
 *   - kept rows that tie with each other have the same output (their order cannot be seen).
 * Otherwise it returns null and the caller sorts everything, as before.
 */
import { pgQsort } from '../../util/pg-qsort.js';

export function topN<T>(
  rows: readonly T[],
  k: number,
  compare: (a: T, b: T) => number,
  sameOutput: (a: T, b: T) => boolean,
): T[] | null {
  if (k >= rows.length) return null;
  if (k <= 0) return [];
  const heap: T[] = [];
  let minExcluded: T | undefined;
  const exclude = (x: T): void => {
    if (minExcluded === undefined || compare(x, minExcluded) < 0) minExcluded = x;
  };
  for (const row of rows) {
    if (heap.length < k) {
      heap.push(row);
      siftUp(heap, heap.length - 1, compare);
    } else if (compare(row, heap[0]!) < 0) {
      exclude(heap[0]!);
      heap[0] = row;
      siftDown(heap, 0, compare);
    } else {
      exclude(row);
    }
  }
  if (minExcluded !== undefined && compare(minExcluded, heap[0]!) === 0) return null;
  const kept = pgQsort(heap, compare);
  for (let i = 1; i < kept.length; i++) {
    if (compare(kept[i - 1]!, kept[i]!) === 0 && !sameOutput(kept[i - 1]!, kept[i]!)) return null;
  }
  return kept;
}

/** Max-heap on `compare`: the largest kept row at the top. */
function siftUp<T>(h: T[], i0: number, compare: (a: T, b: T) => number): void {
  let i = i0;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (compare(h[i]!, h[parent]!) <= 0) return;
    [h[i], h[parent]] = [h[parent]!, h[i]!];
    i = parent;
  }
}

function siftDown<T>(h: T[], i0: number, compare: (a: T, b: T) => number): void {
  let i = i0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let largest = i;
    if (l < h.length && compare(h[l]!, h[largest]!) > 0) largest = l;
    if (r < h.length && compare(h[r]!, h[largest]!) > 0) largest = r;
    if (largest === i) return;
    [h[i], h[largest]] = [h[largest]!, h[i]!];
    i = largest;
  }
}
