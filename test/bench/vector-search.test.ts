// The vector-search bench (bench/vector-search.mjs): its recall check counts what it must (a
// wrong, repeated or missing id is a miss, a tie at the k-th distance is not), its data reaches
// the server as exactly the float32 values the exact answer is computed from, and the whole run
// works against a real kalamdb-pg at a tiny size, where the server's exact path must agree with
// the JS scan. No timing is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groundTruth, K, vectorCopyChunks, vectorDataset, vectorText } from '../../bench/lib/vector-dataset.mjs';
import { measureVectorSearch } from '../../bench/lib/vector-run.mjs';
import type { VectorResult } from '../../bench/lib/vector-run.mjs';
import { recallAtK } from '../../bench/lib/vectors.mjs';
import { PASSWORD, startTestServer, SUPERUSER, type TestServer } from '../e2e/harness.js';

const ds = vectorDataset({ n: 2000, dim: 16, queries: 20, seed: 3 });
const { truth } = groundTruth(ds, { seed: 3, cacheDir: '' });
const perfect = () => truth.map((t) => [...t.ids]);

describe('vector bench recall check', () => {
  it('gives 1 for the exact answers and less for a planted wrong id', () => {
    expect(recallAtK(perfect(), truth, K, ds.distance)).toBe(1);
    const found = perfect();
    found[4]![9] = 1_000_000; // an id the table does not hold
    expect(recallAtK(found, truth, K, ds.distance)).toBeCloseTo(1 - 1 / (20 * K), 10);
    const farthest = perfect();
    // A real row that is not among query 0's nearest: the farthest one from it.
    let far = 0;
    for (let id = 0; id < ds.n; id++) if (ds.distance(0, id) > ds.distance(0, far)) far = id;
    farthest[0]![0] = far;
    expect(recallAtK(farthest, truth, K, ds.distance)).toBeLessThan(1);
  });

  it('counts a repeated id once and a short answer as misses', () => {
    const repeated = perfect();
    repeated[0] = Array.from({ length: K }, () => truth[0]!.ids[0]!);
    expect(recallAtK(repeated, truth, K, ds.distance)).toBeCloseTo(1 - 9 / (20 * K), 10);
    const short = perfect();
    short[1] = short[1]!.slice(0, 5);
    expect(recallAtK(short, truth, K, ds.distance)).toBeCloseTo(1 - 5 / (20 * K), 10);
    expect(recallAtK(perfect().map(() => []), truth, K, ds.distance)).toBe(0);
  });

  it('counts an id as near as the k-th true neighbour as a hit (a tie is not a miss)', () => {
    const tie = { ids: [0, 1], distances: [1, 2] };
    expect(recallAtK([[0, 7]], [tie], 2, (_q, id) => (id === 7 ? 2 : 9))).toBe(1);
    expect(recallAtK([[0, 7]], [tie], 2, (_q, id) => (id === 7 ? 2.1 : 9))).toBe(0.5);
    expect(recallAtK([[0, 7]], [tie], 2)).toBe(0.5);
  });
});

describe('vector bench data', () => {
  it('is the same on every call and sends the server exactly the float32 values it checks against', () => {
    const again = vectorDataset({ n: 2000, dim: 16, queries: 20, seed: 3 });
    expect(again.data).toEqual(ds.data);
    expect(again.queries).toEqual(ds.queries);
    const text = [...vectorCopyChunks(ds, { chunkChars: 4096 })].join('');
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(ds.n);
    for (const i of [0, 1, 999, 1999]) {
      const [id, v] = lines[i]!.split('\t');
      expect(Number(id)).toBe(i);
      expect(v).toBe(vectorText(ds.row(i)));
      expect(Float32Array.from(JSON.parse(v!) as number[])).toEqual(ds.row(i));
    }
    expect(vectorText(new Float32Array([1.2346, -0.5, 0]))).toBe('[1.2346,-0.5,0]');
  });
});

describe('vector bench against kalamdb-pg (2,000 × 16, 20 queries)', () => {
  let ts: TestServer;
  let result: VectorResult;

  beforeAll(async () => {
    ts = await startTestServer();
    const server = {
      host: '127.0.0.1', port: ts.port, user: SUPERUSER, database: 'postgres', kind: 'kalamdb-pg', label: 'kalamdb-pg',
      clientEnv: { PGPASSWORD: PASSWORD }, dataDir: ts.dataDir, pid: () => process.pid,
    };
    result = await measureVectorSearch(server, {
      n: 2000, dim: 16, m: 8, efConstruction: 32, efs: [10, 64], queries: 20, exactQueries: 20, connections: 4, copyBatch: 700, seed: 3, gtCache: '',
    });
  }, 120_000);
  afterAll(async () => { await ts?.stop(); });

  it('loads every row and the exact path answers what the JS scan answers', () => {
    expect(result.problems).toEqual([]);
    expect(result.load.rows).toBe(2000);
    expect(result.exact.queries).toBe(20);
    expect(result.exact.recall).toBe(1);
  });

  it('catches a planted fault in what the server answered', () => {
    const planted = result.exact.ids.map((ids) => [...ids]);
    planted[7] = planted[7]!.map((id) => (id + 1) % 2000);
    expect(recallAtK(planted, truth, K, ds.distance)).toBeLessThan(1);
  });

  it('builds the hnsw index, measures every ef_search, and gets the exact answers back with enable_indexscan = off', () => {
    expect(result.index.built).toBe(true);
    expect(result.index.buildSeconds).toBeGreaterThan(0);
    expect(result.ann.map((a) => a.ef)).toEqual([10, 64]);
    for (const a of result.ann) {
      expect(a.ids).toHaveLength(20);
      expect(a.recall).toBeGreaterThan(0);
      expect(a.recall).toBeLessThanOrEqual(1);
    }
    expect(result.exactWithIndex?.refused).toBeUndefined();
    expect(result.exactWithIndex?.recall).toBe(1);
  });
});
