/**
 * The one seeded PRNG of the repository (mulberry32), shared with the benchmarks' data generator:
 * randomized tests reproduce their failures.
 */
import { seededRandom as mulberry32 } from '../../bench/lib/analytic-dataset.mjs';

export const seededRandom: (seed: number) => () => number = mulberry32;
