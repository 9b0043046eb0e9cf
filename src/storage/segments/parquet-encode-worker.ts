/** The worker thread that turns a segment's Arrow IPC into Parquet bytes (parquet-encoder.ts). */
import { parentPort } from 'node:worker_threads';
import { writeParquetFromIpc } from './parquet-io.js';
import type { EncodeReply, EncodeRequest } from './parquet-encoder.js';

parentPort!.on('message', (m: EncodeRequest) => {
  let reply: EncodeReply;
  try {
    const bytes = writeParquetFromIpc(m.ipc, m.opts);
    reply = { id: m.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(reply);
  }
});
