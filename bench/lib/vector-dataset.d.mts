// Types of vector-dataset.mjs for test/bench/vector-search.test.ts.
import type { TopK } from './vectors.mjs';
export const K: number;
export interface VectorDataset {
  n: number; dim: number; data: Float32Array; queries: Float32Array; queryCount: number;
  row(i: number): Float32Array; query(i: number): Float32Array; distance(query: number, id: number): number;
}
export function vectorDataset(o: { n: number; dim: number; queries: number; seed: number }): VectorDataset;
export function vectorText(v: ArrayLike<number>): string;
export function vectorCopyChunks(ds: VectorDataset, o?: { chunkChars?: number; from?: number; to?: number }): Generator<string>;
export function groundTruth(ds: VectorDataset, o: { seed: number; cacheDir?: string }): { truth: TopK[]; seconds: number | null; cached: string | null };
