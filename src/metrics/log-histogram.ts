/**
 * A latency histogram cheap enough to record every statement: fixed log-scale buckets, four per
 * doubling (each bucket ~19% wide), from 1 to 2^40 units. Recording is one log2, one floor and
 * two additions — no allocation; percentiles are read from the cumulative counts when asked, so
 * they are right to within one bucket (the bucket's upper bound is reported).
 *
 *   value 1.0 → bucket 0, 1.19 → 1, 1.41 → 2, 2 → 4, 1000 → 39, …
 */
const PER_DOUBLING = 4;
const BUCKETS = 40 * PER_DOUBLING + 1;

export class LogHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;

  record(value: number): void {
    const i = value <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log2(value) * PER_DOUBLING));
    this.counts[i]!++;
    this.total++;
    this.sum += value;
  }

  get count(): number {
    return this.total;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** The upper bound of the bucket holding the q-quantile (0 < q ≤ 1); 0 when nothing was recorded. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return 2 ** (i / PER_DOUBLING);
    }
    return 2 ** ((BUCKETS - 1) / PER_DOUBLING);
  }
}
