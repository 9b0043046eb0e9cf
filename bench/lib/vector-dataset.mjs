// The vector benchmark's data: N seeded random-normal rows and Q query vectors (the generator of
// lib/vectors.mjs, the same as the index choice's), rounded to 4 decimals so that the text COPY
// sends is short and the server holds exactly the float32 values the exact answer is computed
// from; the rows as COPY text, streamed; the exact top-10 of every query, cached on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exactTopK, l2sq, normals } from './vectors.mjs';

export const VECTOR_TABLE = 'items';
export const VECTOR_INDEX = 'items_embedding_idx';
export const K = 10;

// Row i of the table has id i; the queries come from another stream of the same generator.
const QUERY_SEED_OFFSET = 1_000_003;

const round4 = (x) => Math.round(x * 1e4) / 1e4;

/** `count` × `dim` normals from `seed`, each rounded to 4 decimals (then stored as float32). */
function roundedNormals(count, dim, seed) {
  const v = normals(count * dim, seed);
  for (let i = 0; i < v.length; i++) v[i] = round4(v[i]);
  return v;
}

/** The rows and the queries of one run: Float32Arrays of `dim`-wide rows. */
export function vectorDataset({ n, dim, queries, seed }) {
  const data = roundedNormals(n, dim, seed);
  const qs = roundedNormals(queries, dim, seed + QUERY_SEED_OFFSET);
  const row = (arr, i) => arr.subarray(i * dim, (i + 1) * dim);
  return {
    n, dim, data, queries: qs, queryCount: queries,
    row: (i) => row(data, i),
    query: (i) => row(qs, i),
    /** Squared distance from query `q` to row `id`; Infinity for an id the table does not hold. */
    distance: (q, id) => (Number.isInteger(id) && id >= 0 && id < n ? l2sq(row(data, id), row(qs, q)) : Infinity),
  };
}

/** pgvector's text form, `[1.2345,-0.5,…]`: the 4-decimal value prints as itself. */
export function vectorText(v) {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i === 0 ? '' : ',') + round4(v[i]);
  return s + ']';
}

/**
 * Rows `from` to `to` - 1 as COPY text lines (`id<TAB>[…]`) in pieces of about `chunkChars`:
 * memory stays bounded.
 */
export function* vectorCopyChunks(ds, { chunkChars = 256 * 1024, from = 0, to = ds.n } = {}) {
  let chunk = '';
  for (let i = from; i < to; i++) {
    chunk += `${i}\t${vectorText(ds.row(i))}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The exact top-K of every query by a Float32Array scan, with the distances (recall counts a tie
 * at the K-th place). Cached in the temp dir per (n, dim, queries, seed): at 1M × 384 it takes
 * minutes. `seconds` is the scan's own time, null when read from the cache.
 */
export function groundTruth(ds, { seed, cacheDir = os.tmpdir() }) {
  const file = path.join(cacheDir, `vecbench-gt-v1-${ds.n}-${ds.dim}-${ds.queryCount}-${seed}.json`);
  if (cacheDir && fs.existsSync(file)) return { truth: JSON.parse(fs.readFileSync(file, 'utf8')), seconds: null, cached: file };
  const started = performance.now();
  const truth = [];
  for (let q = 0; q < ds.queryCount; q++) truth.push(exactTopK(ds.data, ds.dim, ds.query(q), K));
  const seconds = (performance.now() - started) / 1000;
  if (cacheDir) fs.writeFileSync(file, JSON.stringify(truth));
  return { truth, seconds, cached: null };
}
