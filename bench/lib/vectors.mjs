// Seeded random-normal vectors and the exact answer they are checked against: shared by the
// index choice (bench/vector-index-choice.mjs) and the server benchmark (bench/vector-search.mjs),
// so both measure recall on the same data against the same ground truth.

/**
 * `count` standard-normal float32 values from seed `seed`: mulberry32 + Box-Muller, deterministic
 * and fast enough (38M values in about a second). mulberry32 is the repository's one PRNG
 * (lib/analytic-dataset.mjs); here it never returns 0, which Box-Muller's log cannot take.
 */
export function normals(count, seed) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rand()));
    const th = 2 * Math.PI * rand();
    out[i] = r * Math.cos(th);
    if (i + 1 < count) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** Squared L2 distance: the order of `<->` (the square root changes no ranking). */
export function l2sq(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) { const d = a[i] - b[i]; s += d * d; }
  return s;
}

/**
 * Exact top-k of `q` over `data` (rows of `dim` values) by a full scan: the row indexes, nearest
 * first, with the squared distances. `accept(i)` limits the scan (a USER table's own rows).
 */
export function exactTopK(data, dim, q, k, accept = () => true) {
  const best = []; // [dist, index], ascending; k is small so insertion is cheapest
  const n = data.length / dim;
  for (let i = 0; i < n; i++) {
    if (!accept(i)) continue;
    const d = l2sq(data.subarray(i * dim, (i + 1) * dim), q);
    if (best.length === k && d >= best[k - 1][0]) continue;
    let j = best.length < k ? best.length : k - 1;
    while (j > 0 && best[j - 1][0] > d) { best[j] = best[j - 1]; j--; }
    best[j] = [d, i];
  }
  return { ids: best.map((b) => b[1]), distances: best.map((b) => b[0]) };
}

/**
 * recall@k: the share of the true k nearest that `found` holds, over every query. An id counted
 * twice counts once, so a result padded with repeats cannot score. With `distanceOf(query, id)`
 * and `truth[q].distances`, an id outside the true list still counts when it is as near as the
 * k-th true neighbour (within float rounding): a tie at the boundary is not a miss, as in
 * ann-benchmarks.
 */
export function recallAtK(found, truth, k, distanceOf) {
  if (found.length !== truth.length) throw new Error(`recall: ${found.length} answers for ${truth.length} queries`);
  let hits = 0;
  for (let q = 0; q < truth.length; q++) {
    const t = Array.isArray(truth[q]) ? { ids: truth[q] } : truth[q];
    const want = new Set(t.ids.slice(0, k));
    const kth = t.distances?.[Math.min(k, t.distances.length) - 1];
    const seen = new Set();
    let h = 0;
    for (const id of found[q].slice(0, k)) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (want.has(id) || (distanceOf && kth !== undefined && distanceOf(q, id) <= kth * (1 + 1e-5) + 1e-9)) h++;
    }
    hits += Math.min(h, want.size);
  }
  return hits / (truth.length * k);
}
