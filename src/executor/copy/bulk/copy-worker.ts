/**
 * The worker thread of a bulk COPY: parses and encodes the data the main thread forwards
 * (bulk-encoder.ts) and sends back slices of encoded rows. One COPY at a time; after an error
 * it ignores data until the next 'start'.
 */
import { parentPort } from 'node:worker_threads';
import { BulkEncoder } from './bulk-encoder.js';
import { toWire, transferList, type FromWorker, type ToWorker } from './worker-messages.js';

const port = parentPort;
if (!port) throw new Error('copy-worker.js runs as a worker thread');

let encoder: BulkEncoder | null = null;
let job = 0;
let consumed = 0;

function send(m: FromWorker): void {
  port!.postMessage(m, m.type === 'slices' ? transferList(m.slices) : []);
}

port.on('message', (m: ToWorker) => {
  try {
    if (m.type === 'start') {
      job = m.job;
      encoder = new BulkEncoder(m.spec);
      consumed = 0;
      return;
    }
    if (!encoder) return; // failed already: the rest of this COPY's data is ignored
    if (m.type === 'data') {
      consumed += m.bytes.length;
      const slices = encoder.push(m.bytes);
      send({ type: 'slices', job, slices, consumed });
      return;
    }
    const slices = encoder.finish();
    encoder = null;
    send({ type: 'slices', job, slices, consumed });
    send({ type: 'done', job });
  } catch (e) {
    encoder = null;
    send({ type: 'error', job, error: toWire(e) });
  }
});
