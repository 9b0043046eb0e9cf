/** The one seeded PRNG of the repository (mulberry32): `seededRandom(seed)()` gives [0, 1). */
export function seededRandom(seed: number): () => number;
