#!/usr/bin/env node
// pgvector itself, beside `npm run bench -- --vector`: this machine's PostgreSQL 15 has no pgvector,
// but PGlite (PostgreSQL 17 compiled to WebAssembly, 32-bit, one connection in-process) bundles it.
// Same vectors, queries and exact answers as bench/vector-search.mjs (lib/vector-dataset.mjs), the
// same hnsw index and SQL; queries run one at a time (PGlite has one connection), so the figures are
// WASM pgvector's single-connection latency, not a server under 8 connections. PGlite is NOT a
// dependency of the repository: install it in a scratch directory.
//
//   mkdir -p /tmp/vecpglite && cd /tmp/vecpglite && echo '{"private":true}' > package.json
//   npm install @electric-sql/pglite@0.3.16
//   cd - && VECBENCH_N=100000 node bench/vector-pglite.mjs
//
// Environment: PGLITE_MODULES (/tmp/vecpglite), PGLITE_MAINTENANCE_WORK_MEM (1GB: pgvector builds
// the graph in memory up to it), and VECBENCH_N, VECBENCH_DIM, VECBENCH_M, VECBENCH_EFC, VECBENCH_EF,
// VECBENCH_QUERIES, VECBENCH_EXACT_QUERIES, VECBENCH_SEED, VECBENCH_GT_CACHE, BENCH_RESULTS_DIR as for
// --vector (VECBENCH_N defaults to 100000 here: 1M does not fit a 32-bit WASM heap).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { latencySummary } from './lib/live-check.mjs';
import { describeMachine, gitCommit } from './lib/machine.mjs';
import { helpIfAsked } from './lib/options.mjs';
import { writeSuiteReport } from './lib/result-files.mjs';
import { groundTruth, K, VECTOR_INDEX, VECTOR_TABLE, vectorCopyChunks, vectorDataset, vectorText } from './lib/vector-dataset.mjs';
import { KNN_SQL } from './lib/vector-queries.mjs';
import { PUBLISHED } from './lib/vector-report.mjs';
import { recallAtK } from './lib/vectors.mjs';
import { vectorOptions } from './vector-search.mjs';

const here = fileURLToPath(import.meta.url);
const benchDir = path.dirname(here);
helpIfAsked(process.argv.slice(2), import.meta.url);
process.env.VECBENCH_N ??= '100000';
const o = vectorOptions();
const modules = path.resolve(process.env.PGLITE_MODULES ?? '/tmp/vecpglite', 'node_modules', '@electric-sql', 'pglite', 'dist');
const { PGlite } = await import(pathToFileURL(path.join(modules, 'index.js')).href);
const { vector } = await import(pathToFileURL(path.join(modules, 'vector', 'index.js')).href);
const progress = (m) => console.error(`[pglite] ${m}`);
const machine = { ...describeMachine(), loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' ') };
const date = new Date().toISOString();

const ds = vectorDataset({ n: o.n, dim: o.dim, queries: o.queries, seed: o.seed });
const gt = groundTruth(ds, { seed: o.seed, cacheDir: o.gtCache });
const texts = Array.from({ length: o.queries }, (_, q) => vectorText(ds.query(q)));
const check = (ids) => recallAtK(ids, gt.truth.slice(0, ids.length), K, ds.distance);
const seconds = async (fn) => { const t = performance.now(); await fn(); return (performance.now() - t) / 1000; };

/** One query at a time (the one connection): ids and latency of each. */
async function queries(db, vectors) {
  const ids = [];
  const ms = [];
  for (const v of vectors) {
    const t = performance.now();
    const r = await db.query(KNN_SQL, [v]);
    ms.push(performance.now() - t);
    ids.push(r.rows.map((row) => Number(row.id)));
  }
  return { ids, latency: latencySummary(ms), recall: check(ids) };
}

const db = await PGlite.create({ extensions: { vector } });
const version = (await db.query("SELECT version() AS v, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS pgvector")).rows;
const r = { engine: version[0]?.v, pgvector: null };
await db.exec('CREATE EXTENSION vector');
r.pgvector = (await db.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).rows[0].extversion;
await db.exec(`CREATE TABLE ${VECTOR_TABLE} (id bigint PRIMARY KEY, embedding vector(${o.dim}))`);
progress(`loading ${o.n} × ${o.dim} with COPY…`);
r.loadSeconds = await seconds(() => db.query(`COPY ${VECTOR_TABLE} FROM '/dev/blob'`, [], { blob: new Blob([...vectorCopyChunks(ds)]) }));
await db.exec(`VACUUM ANALYZE ${VECTOR_TABLE}`);
const warm = Array.from({ length: 16 }, (_, i) => vectorText(ds.row((i * 7919) % ds.n)));
const exactTexts = texts.slice(0, Math.min(o.exactQueries, o.queries));
await queries(db, warm.slice(0, 2));
progress('exact path…');
r.exact = await queries(db, exactTexts);
await db.exec(`SET maintenance_work_mem = '${process.env.PGLITE_MAINTENANCE_WORK_MEM ?? '1GB'}'`);
const createSql = `CREATE INDEX ${VECTOR_INDEX} ON ${VECTOR_TABLE} USING hnsw (embedding vector_l2_ops) WITH (m = ${o.m}, ef_construction = ${o.efConstruction})`;
progress(`${createSql}…`);
r.buildSeconds = await seconds(() => db.exec(createSql));
r.indexBytes = Number((await db.query(`SELECT pg_relation_size('${VECTOR_INDEX}') AS b`)).rows[0].b);
r.ann = [];
for (const ef of o.efs) {
  await db.exec(`SET hnsw.ef_search = ${ef}`);
  await queries(db, warm);
  const run = await queries(db, texts);
  r.ann.push({ ef, latency: run.latency, recall: run.recall });
  progress(`ef_search ${ef}: p50 ${run.latency.p50.toFixed(2)} ms, p99 ${run.latency.p99.toFixed(2)} ms, recall ${run.recall.toFixed(3)}`);
}
r.plan = (await db.query(`EXPLAIN ${KNN_SQL.replace('$1', `'${texts[0]}'`)}`)).rows.map((x) => x['QUERY PLAN'].replace(/'\[[^\]]*\]'/g, "'[…]'")).join('\n');
await db.close();

const f = (x, d = 2) => x.toFixed(d);
const md = [
  `# pgvector ${r.pgvector} in PGlite (WASM): ${o.n.toLocaleString('en-US')} × ${o.dim}-d random-normal vectors, L2, top-10`, '',
  `${date} · commit ${gitCommit(path.dirname(benchDir))} · ${machine.hostname}: ${machine.nproc} × ${machine.cpuModel}, load ${machine.loadAverage}, Node ${machine.node}`,
  `Engine: ${r.engine}. The vectors, queries and exact answers of \`npm run bench -- --vector\` at the same size and seed; **one connection, queries one at a time, in-process WebAssembly**: not comparable with a native server under 8 connections, only with itself.`, '',
  '| figure | value |', '|---|---|',
  `| COPY ${o.n.toLocaleString('en-US')} rows | ${f(r.loadSeconds, 1)} s |`,
  `| CREATE INDEX hnsw, m ${o.m}, ef_construction ${o.efConstruction} | **${f(r.buildSeconds, 1)} s** |`,
  `| pg_relation_size of the index | ${f(r.indexBytes / 2 ** 20, 1)} MiB |`, '',
  '| path | hnsw.ef_search | queries | p50 ms | p99 ms | recall@10 |', '|---|---|---|---|---|---|',
  `| exact (no index) | — | ${r.exact.latency.count} | ${f(r.exact.latency.p50)} | ${f(r.exact.latency.p99)} | ${f(r.exact.recall, 3)} |`,
  ...r.ann.map((a) => `| hnsw | ${a.ef} | ${a.latency.count} | ${f(a.latency.p50)} | ${f(a.latency.p99)} | ${f(a.recall, 3)} |`), '',
  'Plan with the index:', '', '```', r.plan, '```', '',
  `Published figures for native pgvector: see \`vector-search\` reports (${PUBLISHED.length} sources quoted there).`, '',
].join('\n');
writeSuiteReport(path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(benchDir, 'results')), `vector-search-pglite-${Math.round(o.n / 1e3)}kx${o.dim}`, { date, machine, options: o, result: r }, md);
