// Types of vectors.mjs for the TypeScript tests that reuse the bench's recall check.
export interface TopK { ids: number[]; distances: number[] }
export function normals(count: number, seed: number): Float32Array;
export function l2sq(a: ArrayLike<number>, b: ArrayLike<number>): number;
export function exactTopK(data: Float32Array, dim: number, q: Float32Array, k: number, accept?: (i: number) => boolean): TopK;
export function recallAtK(found: readonly (readonly number[])[], truth: readonly (TopK | readonly number[])[], k: number, distanceOf?: (query: number, id: number) => number): number;
