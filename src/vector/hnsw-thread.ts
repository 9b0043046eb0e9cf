/**
 * The main thread's side of the hnsw worker (hnsw-worker.ts): one thread for every graph, started
 * on first use, never keeping the process alive. Each call is a message answered in order. If the
 * thread fails, every call fails from then on and `broken` is set: vector indexes then stop
 * answering and queries run exact (vector-indexes.ts).
 */
import { Worker } from 'node:worker_threads';
import { workerScriptUrl } from '../util/worker-script.js';
import type { FromHnsw, ToHnsw } from './hnsw-messages.js';

type Request = ToHnsw extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export class HnswThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(r: FromHnsw & { ok: true }): void; reject(e: Error): void }>();
  broken: Error | null = null;

  private start(): Worker {
    if (this.worker) return this.worker;
    const url = workerScriptUrl('./hnsw-worker.js', import.meta.url);
    if (!url) throw new Error('the hnsw worker script is missing (build first)');
    const w = new Worker(url);
    w.unref();
    w.on('message', (m: FromHnsw) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!p) return;
      if (m.ok) p.resolve(m);
      else p.reject(new Error(m.error));
    });
    w.on('error', (e) => this.fail(e));
    w.on('exit', (code) => this.fail(new Error(`hnsw worker thread exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  private fail(e: Error): void {
    this.broken ??= e;
    this.worker = null;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
  }

  call(req: Request): Promise<FromHnsw & { ok: true }> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    const w = this.start();
    const done = new Promise<FromHnsw & { ok: true }>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    w.postMessage({ ...req, id } as ToHnsw);
    return done;
  }

  /** Messages sent and not answered yet (a build waits when too many are). */
  get queued(): number {
    return this.waiting.size;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.broken ??= new Error('the hnsw worker thread was stopped');
    if (w) await w.terminate();
  }
}
