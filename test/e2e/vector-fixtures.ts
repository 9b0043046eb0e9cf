/** Deterministic vectors for the vector-index tests: row `i`'s vector, and pgvector's text for it. */

/** A vector of `dims` values derived from `i` alone (two rows share one only when their i do). */
export function vec(i: number, dims: number): number[] {
  return Array.from({ length: dims }, (_, d) => Math.round(Math.sin(i * 12.9898 + d * 78.233) * 1000) / 100);
}

/** pgvector's text form: `[1.5,-2,3]`. */
export function lit(v: readonly number[]): string {
  return `[${v.join(',')}]`;
}
