/** A small deterministic PRNG (numbers in [0, 1)), so randomized tests reproduce their failures. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
