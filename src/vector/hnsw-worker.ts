/**
 * The worker thread that holds every hnsw graph (hnswlib-node). hnswlib's calls are synchronous —
 * a search takes a millisecond or more, a build minutes — so they run here, never on the event
 * loop that serves clients. Messages are handled in order, which is what keeps a graph consistent
 * with the main thread's label maps (partition-index.ts): a search sent after an upsert sees it.
 */
import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { renameSync } from 'node:fs';
import type { FromHnsw, ToHnsw } from './hnsw-messages.js';

interface Hnsw {
  initIndex(opts: { maxElements: number; m?: number; efConstruction?: number; randomSeed?: number; allowReplaceDeleted?: boolean }): void;
  readIndexSync(file: string, allowReplaceDeleted?: boolean): void;
  writeIndexSync(file: string): void;
  resizeIndex(n: number): void;
  addPoint(v: number[], label: number, replaceDeleted?: boolean): void;
  markDelete(label: number): void;
  searchKnn(q: number[], k: number): { neighbors: number[]; distances: number[] };
  getMaxElements(): number;
  getCurrentCount(): number;
  setEf(ef: number): void;
}
type HnswCtor = new (space: string, dims: number) => Hnsw;

const { HierarchicalNSW } = createRequire(import.meta.url)('hnswlib-node') as { HierarchicalNSW: HnswCtor };

interface Graph {
  readonly index: Hnsw;
  readonly dims: number;
  /** Labels marked deleted whose slots no add has reused yet. */
  deleted: number;
}

/** Small: a USER table has a graph per user, most of them small; capacity doubles as it fills. */
const INITIAL_CAPACITY = 64;
const graphs = new Map<string, Graph>();

function graphOf(name: string): Graph {
  const g = graphs.get(name);
  if (!g) throw new Error(`hnsw graph ${name} is not open`);
  return g;
}

function live(g: Graph): number {
  return g.index.getCurrentCount() - g.deleted;
}

function handle(m: ToHnsw): FromHnsw {
  switch (m.op) {
    case 'create': {
      const index = new HierarchicalNSW(m.space, m.dims);
      index.initIndex({ maxElements: INITIAL_CAPACITY, m: m.m, efConstruction: m.efConstruction, randomSeed: 100, allowReplaceDeleted: true });
      graphs.set(m.graph, { index, dims: m.dims, deleted: 0 });
      return { id: m.id, ok: true };
    }
    case 'load': {
      const index = new HierarchicalNSW(m.space, m.dims);
      index.readIndexSync(m.file, true);
      // Marked deletions survive in the file (and in its count); the label file knows how many are live.
      const g = { index, dims: m.dims, deleted: Math.max(0, index.getCurrentCount() - m.live) };
      graphs.set(m.graph, g);
      return { id: m.id, ok: true, count: live(g) };
    }
    case 'upsert': {
      const g = graphOf(m.graph);
      for (let i = 0; i < m.labels.length; i++) {
        const fresh = m.fresh[i] === 1;
        if (fresh && g.deleted === 0 && g.index.getCurrentCount() >= g.index.getMaxElements()) {
          g.index.resizeIndex(Math.max(INITIAL_CAPACITY, g.index.getMaxElements() * 2));
        }
        const v = Array.from(m.vectors.subarray(i * g.dims, (i + 1) * g.dims));
        g.index.addPoint(v, m.labels[i]!, fresh && g.deleted > 0);
        if (fresh && g.deleted > 0) g.deleted--;
      }
      return { id: m.id, ok: true, count: live(g) };
    }
    case 'delete': {
      const g = graphOf(m.graph);
      for (const label of m.labels) {
        g.index.markDelete(label);
        g.deleted++;
      }
      return { id: m.id, ok: true, count: live(g) };
    }
    case 'search': {
      const g = graphOf(m.graph);
      const k = Math.min(m.k, live(g));
      if (k <= 0) return { id: m.id, ok: true, labels: new Float64Array(0) };
      g.index.setEf(Math.max(m.ef, k));
      const r = g.index.searchKnn(Array.from(m.query), k);
      return { id: m.id, ok: true, labels: Float64Array.from(r.neighbors) };
    }
    case 'save': {
      const g = graphOf(m.graph);
      const tmp = `${m.file}.tmp`;
      g.index.writeIndexSync(tmp);
      renameSync(tmp, m.file);
      return { id: m.id, ok: true };
    }
    case 'drop':
      graphs.delete(m.graph);
      return { id: m.id, ok: true };
  }
}

parentPort!.on('message', (m: ToHnsw) => {
  let reply: FromHnsw;
  try {
    reply = handle(m);
  } catch (e) {
    reply = { id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
});
