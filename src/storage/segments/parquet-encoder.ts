/**
 * Parquet encoding off the event loop: a flush or compaction hands a segment's Arrow IPC to one
 * worker thread (started on first use, never keeping the process alive) and awaits the file's
 * bytes. Encoding a 1M-row segment takes seconds of CPU (zstd, delta encoding); on the event loop
 * that would stall every client for as long. Without a worker script (nothing built), or with a
 * worker that died, it encodes in place.
 */
import { Worker } from 'node:worker_threads';
import type * as arrow from 'apache-arrow';
import { tableToIPC } from 'apache-arrow';
import { workerScriptUrl } from '../../util/worker-script.js';
import { writeParquet, writeParquetFromIpc, type ParquetWriteOptions } from './parquet-io.js';

export interface EncodeRequest {
  readonly id: number;
  readonly ipc: Uint8Array;
  readonly opts: ParquetWriteOptions;
}

export type EncodeReply = { readonly id: number; readonly bytes: Uint8Array } | { readonly id: number; readonly error: string };

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const waiting = new Map<number, { resolve(b: Uint8Array): void; reject(e: Error): void }>();

function failAll(e: Error): void {
  broken = true;
  worker = null;
  for (const w of waiting.values()) w.reject(e);
  waiting.clear();
}

function encoder(): Worker | null {
  if (worker || broken) return worker;
  const url = workerScriptUrl('./parquet-encode-worker.js', import.meta.url);
  if (!url) return null;
  const w = new Worker(url);
  w.unref();
  w.on('message', (m: EncodeReply) => {
    const p = waiting.get(m.id);
    waiting.delete(m.id);
    if (!p) return;
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.bytes);
  });
  w.on('error', (e) => failAll(e));
  w.on('exit', (code) => failAll(new Error(`Parquet encoding thread exited with code ${code}`)));
  worker = w;
  return w;
}

/** The Parquet file of `table`, encoded on the worker thread when there is one. */
export async function encodeParquet(table: arrow.Table, opts: ParquetWriteOptions): Promise<Uint8Array> {
  const w = encoder();
  if (!w) return writeParquet(table, opts);
  const ipc = tableToIPC(table, 'stream');
  const id = nextId++;
  const done = new Promise<Uint8Array>((resolve, reject) => waiting.set(id, { resolve, reject }));
  w.postMessage({ id, ipc, opts } satisfies EncodeRequest, [ipc.buffer as ArrayBuffer]);
  try {
    return await done;
  } catch (e) {
    if (!broken) throw e; // the encoder refused these rows: a real error
    return writeParquetFromIpc(tableToIPC(table, 'stream'), opts);
  }
}
