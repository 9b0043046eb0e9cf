/**
 * The worker threads bulk COPYs parse on (copy-worker.ts): started on first use, kept for the
 * next COPY, at most MAX_WORKERS at once (a COPY that finds none free takes the ordinary path).
 * They never keep the process alive. A worker that failed is not reused.
 */
import { Worker } from 'node:worker_threads';
import { workerScriptUrl } from '../../../util/worker-script.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

const MAX_WORKERS = 2;

export class CopyWorker {
  private readonly worker: Worker;
  private onMessage: ((m: FromWorker) => void) | null = null;
  private onFailure: ((e: Error) => void) | null = null;
  broken = false;

  constructor(url: URL) {
    this.worker = new Worker(url);
    this.worker.unref();
    this.worker.on('message', (m: FromWorker) => this.onMessage?.(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`COPY worker thread exited with code ${code}`)));
  }

  /** Hands this COPY's replies (and a failure of the thread) to the given callbacks. */
  attach(onMessage: (m: FromWorker) => void, onFailure: (e: Error) => void): void {
    this.onMessage = onMessage;
    this.onFailure = onFailure;
  }

  detach(): void {
    this.onMessage = null;
    this.onFailure = null;
  }

  post(m: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  terminate(): void {
    this.broken = true;
    void this.worker.terminate();
  }

  private fail(e: Error): void {
    this.broken = true;
    this.onFailure?.(e);
  }
}

const idle: CopyWorker[] = [];
let busy = 0;
let script: URL | null | undefined;

/** The worker's script (util/worker-script.ts), looked up once. */
function workerScript(): URL | null {
  if (script === undefined) script = workerScriptUrl('./copy-worker.js', import.meta.url);
  return script;
}

/** A free worker, or null (none may be started, or none is available). */
export function acquireWorker(): CopyWorker | null {
  if (busy >= MAX_WORKERS) return null;
  let w = idle.pop();
  while (w?.broken) w = idle.pop();
  if (!w) {
    const url = workerScript();
    if (!url) return null;
    w = new CopyWorker(url);
  }
  busy++;
  return w;
}

export function releaseWorker(w: CopyWorker): void {
  busy--;
  w.detach();
  if (!w.broken) idle.push(w);
}

/** Starts one worker ahead of the first COPY (it loads its modules meanwhile); no-op when one waits. */
export function warmCopyWorker(): void {
  if (idle.length > 0 || busy > 0) return;
  const w = acquireWorker();
  if (w) releaseWorker(w);
}
