/**
 * queries_per_second over the last ten seconds, without touching the hot path: a timer samples
 * the running total once a second into a ring, and the rate is the difference between the newest
 * and the oldest sample over the time between them.
 */
const SAMPLES = 11; // ten one-second intervals

export class RateWindow {
  private readonly totals = new Float64Array(SAMPLES);
  private readonly times = new Float64Array(SAMPLES);
  private next = 0;
  private filled = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly total: () => number, intervalMs = 1000) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    this.totals[this.next] = this.total();
    this.times[this.next] = performance.now();
    this.next = (this.next + 1) % SAMPLES;
    this.filled = Math.min(SAMPLES, this.filled + 1);
  }

  /** Per second, from the oldest sample kept to now; the count since start in the first second. */
  perSecond(): number {
    const oldest = (this.next - this.filled + SAMPLES) % SAMPLES;
    const seconds = (performance.now() - this.times[oldest]!) / 1000;
    if (seconds <= 0) return 0;
    return (this.total() - this.totals[oldest]!) / seconds;
  }

  close(): void {
    clearInterval(this.timer);
  }
}
