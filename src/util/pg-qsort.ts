/**
 * PostgreSQL's in-memory sort (src/include/lib/sort_template.h, the qsort behind tuplesort), step
 * for step. It is not stable: rows that compare equal come out in an order fixed by the algorithm
 * and the input order. Sorting with the same algorithm puts ties where PostgreSQL puts them, so
 * `row_number() OVER (ORDER BY x)` numbers equal x in the same order PostgreSQL does.
 *
 *   n < 7: insertion sort (stable).   Otherwise: return at once if already sorted; else
 *   Bentley–McIlroy 3-way quicksort with median-of-three (ninther above 40 elements) pivots.
 */
export function pgQsort<T>(data: T[], compare: (a: T, b: T) => number): T[] {
  sortRange(data, 0, data.length, compare);
  return data;
}

function swap<T>(d: T[], i: number, j: number): void {
  const t = d[i]!;
  d[i] = d[j]!;
  d[j] = t;
}

function swapN<T>(d: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(d, i + k, j + k);
}

function med3<T>(d: T[], a: number, b: number, c: number, cmp: (a: T, b: T) => number): number {
  return cmp(d[a]!, d[b]!) < 0
    ? (cmp(d[b]!, d[c]!) < 0 ? b : cmp(d[a]!, d[c]!) < 0 ? c : a)
    : (cmp(d[b]!, d[c]!) > 0 ? b : cmp(d[a]!, d[c]!) < 0 ? a : c);
}

function sortRange<T>(d: T[], a0: number, n0: number, cmp: (a: T, b: T) => number): void {
  let a = a0;
  let n = n0;
  for (;;) {
    if (n < 7) {
      for (let pm = a + 1; pm < a + n; pm++) {
        for (let pl = pm; pl > a && cmp(d[pl - 1]!, d[pl]!) > 0; pl--) swap(d, pl, pl - 1);
      }
      return;
    }
    const parts = partition(d, a, n, cmp);
    if (parts === null) return;
    const [lo, hi] = parts;
    // Recurse into the smaller side, loop on the larger (as sort_template.h does).
    if (lo.n <= hi.n) {
      if (lo.n > 1) sortRange(d, lo.a, lo.n, cmp);
      if (hi.n <= 1) return;
      a = hi.a;
      n = hi.n;
    } else {
      if (hi.n > 1) sortRange(d, hi.a, hi.n, cmp);
      if (lo.n <= 1) return;
      a = lo.a;
      n = lo.n;
    }
  }
}

interface Range {
  readonly a: number;
  readonly n: number;
}

/**
 * One quicksort step over d[a, a+n), n ≥ 7: null when the range is already sorted, else the two
 * ranges still to sort (below and above the pivot's equals, which are in place).
 */
function partition<T>(d: T[], a: number, n: number, cmp: (a: T, b: T) => number): [Range, Range] | null {
  for (let pm = a + 1; pm < a + n; pm++) {
    if (cmp(d[pm - 1]!, d[pm]!) > 0) break;
    if (pm === a + n - 1) return null;
  }
  let pm = a + Math.floor(n / 2);
  if (n > 7) {
    let pl = a;
    let pn = a + n - 1;
    if (n > 40) {
      const s = Math.floor(n / 8);
      pl = med3(d, pl, pl + s, pl + 2 * s, cmp);
      pm = med3(d, pm - s, pm, pm + s, cmp);
      pn = med3(d, pn - 2 * s, pn - s, pn, cmp);
    }
    pm = med3(d, pl, pm, pn, cmp);
  }
  swap(d, a, pm);
  let pa = a + 1;
  let pb = pa;
  let pc = a + n - 1;
  let pd = pc;
  for (;;) {
    let r: number;
    while (pb <= pc && (r = cmp(d[pb]!, d[a]!)) <= 0) {
      if (r === 0) swap(d, pa++, pb);
      pb++;
    }
    while (pb <= pc && (r = cmp(d[pc]!, d[a]!)) >= 0) {
      if (r === 0) swap(d, pc, pd--);
      pc--;
    }
    if (pb > pc) break;
    swap(d, pb++, pc--);
  }
  const pn = a + n;
  let d1 = Math.min(pa - a, pb - pa);
  swapN(d, a, pb - d1, d1);
  d1 = Math.min(pd - pc, pn - pd - 1);
  swapN(d, pb, pn - d1, d1);
  const d2 = pd - pc;
  return [{ a, n: pb - pa }, { a: pn - d2, n: d2 }];
}

/**
 * The same sort, yielding between steps so a caller driving it (executor/subquery/drive.ts) can
 * let the event loop in: ranges up to `slice` elements are sorted in one go. Disjoint ranges sort
 * independently, so the order they are taken in does not change the result.
 */
export function* pgQsortSliced<T>(data: T[], compare: (a: T, b: T) => number, slice = 16384): Generator<void, T[], void> {
  const todo: Range[] = [{ a: 0, n: data.length }];
  for (let r = todo.pop(); r !== undefined; r = todo.pop()) {
    if (r.n <= Math.max(slice, 6)) {
      sortRange(data, r.a, r.n, compare);
    } else {
      const parts = partition(data, r.a, r.n, compare);
      if (parts) for (const p of parts) if (p.n > 1) todo.push(p);
    }
    yield;
  }
  return data;
}
