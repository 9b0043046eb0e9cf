// One vector-search measurement on a running kalamdb-pg: load, exact path, index build, one pass
// of top-10 queries per hnsw.ef_search, each answer checked against the exact one. Used by
// bench/vector-search.mjs and, at a tiny size, by test/bench/vector-search.test.ts.
import path from 'node:path';
import { filesUnder } from './cold-flush.mjs';
import { serverMemoryMiB } from './live-memory.mjs';
import { psqlCopyIn } from './psql.mjs';
import { groundTruth, K, VECTOR_INDEX, VECTOR_TABLE, vectorCopyChunks, vectorDataset, vectorText } from './vector-dataset.mjs';
import { closeConnections, KNN_SQL, openConnections, runKnn } from './vector-queries.mjs';
import { recallAtK } from './vectors.mjs';

const MiB = 2 ** 20;

/** Runs `fn` on `count` fresh connections set up with `setupSql`, and closes them. */
async function withConnections(server, count, setupSql, fn) {
  const clients = await openConnections(server, count, setupSql);
  try {
    return await fn(clients);
  } finally {
    await closeConnections(clients);
  }
}

/** EXPLAIN of the top-10 query for one vector: which path the server takes. */
async function explain(client, text) {
  const r = await client.query(`EXPLAIN ${KNN_SQL.replace('$1', `'${text}'`)}`);
  // The literal is DIM numbers long: the report shows its place, not its values.
  return r.rows.map((row) => row['QUERY PLAN'].replace(/'\[[^\]]*\]'/g, "'[…]'")).join('\n');
}

/**
 * The index's size two ways: what pg_relation_size says (null when the server refuses it or says
 * 0), and the bytes of the files under `<data-dir>/vector-indexes/` (null when there are none).
 */
async function indexSize(client, server) {
  let relationBytes = null;
  try {
    const r = await client.query(`SELECT pg_relation_size('${VECTOR_INDEX}') AS bytes`);
    const bytes = Number(r.rows[0].bytes);
    if (bytes > 0) relationBytes = bytes;
  } catch { /* not offered: the files below are the answer */ }
  const files = filesUnder(path.join(server.dataDir, 'vector-indexes'));
  return { relationBytes, fileBytes: files.files > 0 ? files.bytes : null, files: files.files };
}

/** SQLSTATE and message of a failed statement, or rethrows anything that is not a server error. */
function serverError(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string' && err.code.length === 5) return { code: err.code, message: err.message };
  throw err;
}

/**
 * Measures `server` (a handle from lib/kalamdb-server.mjs) with `o` (vectorOptions plus gtCache);
 * `progress(text)` hears each step. Resolves with every figure; `problems` lists wrong answers and
 * failed steps (a 0A000 index is not one: it is reported as skipped).
 */
export async function measureVectorSearch(server, o, progress = () => {}) {
  const problems = [];
  progress(`generating ${o.n.toLocaleString('en-US')} × ${o.dim} vectors and ${o.queries} queries (seed ${o.seed})…`);
  const ds = vectorDataset({ n: o.n, dim: o.dim, queries: o.queries, seed: o.seed });
  const gt = groundTruth(ds, { seed: o.seed, cacheDir: o.gtCache });
  progress(gt.cached ? `exact answers from ${gt.cached}` : `exact answers computed in ${gt.seconds.toFixed(1)} s (JS, one thread)`);
  const texts = Array.from({ length: o.queries }, (_, q) => vectorText(ds.query(q)));
  // Warm-up vectors are rows of the table: near their own row, never one of the measured queries.
  const warmTexts = Array.from({ length: Math.min(ds.n, 2 * o.connections) }, (_, i) => vectorText(ds.row((i * 7919) % ds.n)));
  const check = (ids, count) => recallAtK(ids, gt.truth.slice(0, count), K, ds.distance);

  const result = { problems, groundTruth: { seconds: gt.seconds, perQueryMs: gt.seconds === null ? null : (gt.seconds * 1000) / o.queries, cached: gt.cached !== null } };
  await withConnections(server, 1, [], async ([admin]) => {
    await admin.query(`CREATE TABLE ${VECTOR_TABLE} (id bigint PRIMARY KEY, embedding vector(${o.dim}))`);
    progress(`loading with COPY, ${o.copyBatch.toLocaleString('en-US')} rows per statement…`);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    // One COPY per batch: the server holds a statement's rows until it commits (max_query_memory).
    let copied = 0;
    for (let from = 0; from < o.n; from += o.copyBatch) {
      copied += await psqlCopyIn(server, `COPY ${VECTOR_TABLE} FROM STDIN`, vectorCopyChunks(ds, { from, to: Math.min(o.n, from + o.copyBatch) }));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (copied !== o.n) problems.push(`COPY of ${o.n} rows reported COPY ${copied}`);
    result.load = { rows: copied, batch: o.copyBatch, seconds, rowsPerSecond: copied / seconds, generatorCpuSeconds: (cpu.user + cpu.system) / 1e6, dataDirMiB: filesUnder(server.dataDir).bytes / MiB, serverRssMiB: serverMemoryMiB(server) };
    progress(`loaded ${copied} rows in ${seconds.toFixed(1)} s (${Math.round(copied / seconds)} rows/s)`);
    result.exactPlan = await explain(admin, texts[0]);
  });

  // The exact path before any index exists: a full scan whatever the planner knows. A server that
  // refuses it (out of memory at 1M rows, say) still gets its index measured.
  const exactCount = Math.min(o.exactQueries, o.queries);
  progress(`exact path: ${exactCount} queries over ${o.connections} connections…`);
  try {
    const exact = await withConnections(server, o.connections, [], (clients) => runKnn(clients, texts.slice(0, exactCount), { warmTexts: warmTexts.slice(0, o.connections) }));
    result.exact = { queries: exactCount, latency: exact.latency, qps: exact.qps, recall: check(exact.ids, exactCount), ids: exact.ids };
    if (result.exact.recall < 1) problems.push(`the exact path's answers differ from the JS scan's (recall@${K} ${result.exact.recall.toFixed(4)})`);
    progress(`exact: p50 ${exact.latency.p50.toFixed(1)} ms, p99 ${exact.latency.p99.toFixed(1)} ms, recall ${result.exact.recall.toFixed(4)}`);
    // The same scan alone on one connection: its latency without queueing behind the other seven.
    const aloneCount = Math.max(2, Math.ceil(exactCount / 4));
    const alone = await withConnections(server, 1, [], (clients) => runKnn(clients, texts.slice(0, aloneCount)));
    result.exactAlone = { queries: aloneCount, latency: alone.latency, qps: alone.qps, recall: check(alone.ids, aloneCount) };
    if (result.exactAlone.recall < 1) problems.push(`the exact path's answers on one connection differ from the JS scan's (recall@${K} ${result.exactAlone.recall.toFixed(4)})`);
  } catch (err) {
    const e = serverError(err);
    result.exact = { queries: exactCount, refused: e };
    problems.push(`the exact path failed: ${e.code} ${e.message}`);
    progress(`exact path failed: ${e.code} ${e.message}`);
  }

  const createSql = `CREATE INDEX ${VECTOR_INDEX} ON ${VECTOR_TABLE} USING hnsw (embedding vector_l2_ops) WITH (m = ${o.m}, ef_construction = ${o.efConstruction})`;
  result.index = { sql: createSql, built: false };
  result.ann = [];
  if (o.buildIndex === false) {
    result.index.refused = { code: 'skipped', message: 'VECBENCH_INDEX=0' };
    return result;
  }
  await withConnections(server, 1, [], async ([admin]) => {
    progress(`${createSql}…`);
    const started = performance.now();
    try {
      await admin.query(createSql);
    } catch (err) {
      const e = serverError(err);
      result.index.refused = e;
      if (e.code !== '0A000') problems.push(`CREATE INDEX failed: ${e.code} ${e.message}`);
      progress(`CREATE INDEX answered ${e.code}: ${e.message}${e.code === '0A000' ? ' (measuring the exact path only)' : ''}`);
      return;
    }
    result.index = { ...result.index, built: true, buildSeconds: (performance.now() - started) / 1000, ...await indexSize(admin, server), serverRssMiB: serverMemoryMiB(server), dataDirMiB: filesUnder(server.dataDir).bytes / MiB };
    result.index.plan = await explain(admin, texts[0]);
    progress(`index built in ${result.index.buildSeconds.toFixed(1)} s`);
  });

  if (result.index.built) {
    for (const ef of o.efs) {
      progress(`hnsw.ef_search = ${ef}: ${o.queries} queries over ${o.connections} connections…`);
      const run = await withConnections(server, o.connections, [`SET hnsw.ef_search = ${ef}`], (clients) => runKnn(clients, texts, { warmTexts }));
      const recall = check(run.ids, o.queries);
      // A quarter of the queries again on one connection: the latency with nothing queued before it.
      const aloneCount = Math.max(2, Math.ceil(o.queries / 4));
      const alone = await withConnections(server, 1, [`SET hnsw.ef_search = ${ef}`], (clients) => runKnn(clients, texts.slice(0, aloneCount)));
      result.ann.push({ ef, queries: o.queries, latency: run.latency, qps: run.qps, recall, ids: run.ids, alone: { queries: aloneCount, latency: alone.latency, qps: alone.qps } });
      progress(`ef_search ${ef}: p50 ${run.latency.p50.toFixed(2)} ms, p99 ${run.latency.p99.toFixed(2)} ms, ${Math.round(run.qps)} QPS, recall@${K} ${recall.toFixed(3)}`);
    }
    result.exactWithIndex = await exactWithIndexOff(server, o, texts.slice(0, Math.min(o.connections, exactCount)), check);
    if (result.exactWithIndex.recall !== undefined && result.exactWithIndex.recall < 1) {
      problems.push(`with enable_indexscan = off the answers differ from the exact ones (recall@${K} ${result.exactWithIndex.recall.toFixed(4)})`);
    }
  }
  return result;
}

/**
 * With the index built, `SET enable_indexscan = off` must take the exact path again (how a user
 * checks recall): a few queries, their recall (1 when it works), or the SET's refusal.
 */
async function exactWithIndexOff(server, o, texts, check) {
  try {
    return await withConnections(server, o.connections, ['SET enable_indexscan = off'], async (clients) => {
      const run = await runKnn(clients, texts);
      return { queries: texts.length, latency: run.latency, recall: check(run.ids, texts.length) };
    });
  } catch (err) {
    return { refused: serverError(err) };
  }
}
