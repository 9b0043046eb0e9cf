/**
 * The messages between a COPY and its worker thread (copy-worker.ts). Everything is plain data:
 * it crosses the thread boundary by structured clone, the slices' buffers by transfer.
 */
import { SqlError, type SqlErrorFields } from '../../../errors/sql-error.js';
import type { BulkSpec, EncodedSlice } from './bulk-encoder.js';

/** 'start' names its COPY (`job`), and every reply carries it: late replies to an abandoned COPY are ignored. */
export type ToWorker =
  | { readonly type: 'start'; readonly job: number; readonly spec: BulkSpec }
  | { readonly type: 'data'; readonly bytes: Uint8Array }
  | { readonly type: 'end' };

export type FromWorker =
  /** Slices finished so far, and how many bytes of data the worker has now read in all. */
  | { readonly type: 'slices'; readonly job: number; readonly slices: readonly EncodedSlice[]; readonly consumed: number }
  | { readonly type: 'error'; readonly job: number; readonly error: WireError }
  /** After 'end': every slice was sent. */
  | { readonly type: 'done'; readonly job: number };

/** A SqlError (or any other failure, as XX000) as plain data. */
export interface WireError extends SqlErrorFields {
  readonly code: string;
  readonly message: string;
}

export function toWire(e: unknown): WireError {
  if (e instanceof SqlError) {
    return {
      code: e.code, message: e.message, detail: e.detail, hint: e.hint, severity: e.severity, schema: e.schema,
      table: e.table, column: e.column, constraint: e.constraint, where: e.where,
    };
  }
  return { code: 'XX000', message: e instanceof Error ? e.message : String(e) };
}

export function fromWire(w: WireError): SqlError {
  const { code, message, ...fields } = w;
  return new SqlError(code, message, fields);
}

/** The buffers a slice message hands over. */
export function transferList(slices: readonly EncodedSlice[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const s of slices) {
    for (const a of [s.keys, s.keyEnds, s.values, s.valueEnds, s.lines]) out.push(a.buffer as ArrayBuffer);
  }
  return out;
}
