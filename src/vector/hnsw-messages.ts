/** What the main thread and the hnsw worker thread (hnsw-worker.ts) say to each other. */
import type { HnswSpace } from './vector-metric.js';

/** One graph: an index's partition, named by `graph` (`<index oid>/<partition file name>`). */
export type ToHnsw = { readonly id: number; readonly graph: string } & (
  | { readonly op: 'create'; readonly space: HnswSpace; readonly dims: number; readonly m: number; readonly efConstruction: number }
  /** `live`: how many labels the saved graph holds that are not marked deleted (the label file's count). */
  | { readonly op: 'load'; readonly space: HnswSpace; readonly dims: number; readonly file: string; readonly live: number }
  /** Adds (new labels) and replaces (labels already there) `labels.length` vectors, `dims` floats each. */
  | { readonly op: 'upsert'; readonly labels: Float64Array; readonly vectors: Float32Array; readonly fresh: Uint8Array }
  | { readonly op: 'delete'; readonly labels: Float64Array }
  | { readonly op: 'search'; readonly query: Float32Array; readonly k: number; readonly ef: number }
  | { readonly op: 'save'; readonly file: string }
  | { readonly op: 'drop' }
);

export type FromHnsw =
  | { readonly id: number; readonly ok: true; readonly labels?: Float64Array; readonly count?: number }
  | { readonly id: number; readonly ok: false; readonly error: string };
