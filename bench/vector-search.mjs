#!/usr/bin/env node
// `npm run bench -- --vector` (or `node bench/vector-search.mjs`): issue 8's vector-search
// benchmark on a throwaway kalamdb-pg. N seeded random-normal vectors of DIM dimensions are loaded
// with COPY into `items (id bigint PRIMARY KEY, embedding vector(DIM))`; the exact path is timed
// (no index yet: a full scan), then `CREATE INDEX … USING hnsw (embedding vector_l2_ops) WITH (m,
// ef_construction)` is timed and, for each hnsw.ef_search, top-10 queries
// (`ORDER BY embedding <-> $1 LIMIT 10`, prepared) run over CONNS concurrent node-postgres
// connections: p50/p99 latency, QPS, and recall@10 against the exact answer computed in JS
// (Float32Array scan, cached in the temp dir). A server that answers CREATE INDEX … USING hnsw
// with 0A000 gets the exact path only, and the report says so. See bench/README.md.
//
// Environment: VECBENCH_N (1000000), VECBENCH_DIM (384), VECBENCH_M (16), VECBENCH_EFC (64),
// VECBENCH_EF (40,100,200,400: the hnsw.ef_search values), VECBENCH_QUERIES (200 per ef_search),
// VECBENCH_EXACT_QUERIES (16: the exact path is slow), VECBENCH_CONNS (8), VECBENCH_COPY_BATCH
// (rows per COPY statement, 38.4M values' worth: 100000 at 384-d, 25000 at 1536-d; the server holds
// a statement's rows until it commits, within its --max-query-memory), VECBENCH_SEED (1),
// VECBENCH_GT_CACHE (the temp dir; '' computes the exact answers every run), VECBENCH_INDEX (1; 0
// measures the exact path only), VECBENCH_SERVER_ARGS (more server flags, e.g. "--max-query-memory
// 4GiB": the exact path at 1M × 384 holds 1.5 GB of vectors; the server's heap comes from
// NODE_OPTIONS=--max-old-space-size=…, which the harness passes on), and BENCH_KALAM_PORT,
// BENCH_RESULTS_DIR, BENCH_KALAM_MAIN as in the other suites.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupAll, cleanupOnSignals } from './lib/cleanup.mjs';
import { startKalamdb } from './lib/kalamdb-server.mjs';
import { describeMachine, gitCommit } from './lib/machine.mjs';
import { helpIfAsked, listEnv, positiveNumber, serverOptions } from './lib/options.mjs';
import { freePort } from './lib/ports.mjs';
import { writeSuiteReport } from './lib/result-files.mjs';
import { measureVectorSearch } from './lib/vector-run.mjs';
import { formatVectorMarkdown } from './lib/vector-report.mjs';

const here = fileURLToPath(import.meta.url);
const benchDir = path.dirname(here);

/** The run's settings from the environment (see the header). */
export function vectorOptions() {
  const efs = listEnv('VECBENCH_EF', '40,100,200,400').map((e) => {
    const n = Number(e);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`VECBENCH_EF: ${e} is not a positive integer`);
    return n;
  });
  return {
    n: positiveNumber('VECBENCH_N', 1_000_000),
    dim: positiveNumber('VECBENCH_DIM', 384),
    m: positiveNumber('VECBENCH_M', 16),
    efConstruction: positiveNumber('VECBENCH_EFC', 64),
    efs,
    queries: positiveNumber('VECBENCH_QUERIES', 200),
    exactQueries: positiveNumber('VECBENCH_EXACT_QUERIES', 16),
    connections: positiveNumber('VECBENCH_CONNS', 8),
    // About 38M values per COPY (100,000 rows at 384-d), which fits the default max_query_memory.
    copyBatch: positiveNumber('VECBENCH_COPY_BATCH', Math.max(1, Math.floor(38_400_000 / positiveNumber('VECBENCH_DIM', 384)))),
    seed: positiveNumber('VECBENCH_SEED', 1),
    buildIndex: process.env.VECBENCH_INDEX !== '0',
    nodeOptions: process.env.NODE_OPTIONS ?? null,
    serverArgs: listEnv('VECBENCH_SERVER_ARGS', '').flatMap((a) => a.split(/\s+/)).filter(Boolean),
    gtCache: process.env.VECBENCH_GT_CACHE ?? os.tmpdir(),
  };
}

/** The whole suite: start a server, measure, stop it, write the report. Exit status 1 on a wrong answer. */
export async function runVectorSearch(argv, dirs) {
  if (argv.length > 0) throw new Error(`unknown argument(s) with --vector: ${argv.join(' ')} (try --help)`);
  cleanupOnSignals();
  const options = { ...vectorOptions(), ...serverOptions(dirs) };
  const machine = { ...describeMachine(), loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' ') };
  const progress = (message) => console.error(`[vector] ${message}`);
  const date = new Date().toISOString();
  const commit = gitCommit(dirs.repoDir); // what is measured: read before a run of an hour, not after
  const port = options.kalamPort ?? await freePort();
  progress(`starting kalamdb-pg on port ${port}…`);
  const server = await startKalamdb({ port, mainJs: options.mainJs, args: options.serverArgs });
  let result;
  try {
    result = await measureVectorSearch(server, options, progress);
  } catch (err) {
    console.error(`--- last lines of the kalamdb-pg log ---\n${server.logTail()}`);
    throw err;
  } finally {
    await server.stop();
  }
  // Every query's ids served the recall; the JSON keeps the figures.
  const figures = JSON.parse(JSON.stringify(result, (key, value) => (key === 'ids' ? undefined : value)));
  const report = { date, commit, machine, loadAverageAfter: os.loadavg().map((l) => l.toFixed(2)).join(' '), options, result: figures };
  const shape = `${options.n >= 1e6 && options.n % 1e6 === 0 ? `${options.n / 1e6}m` : `${Math.round(options.n / 1e3)}k`}x${options.dim}`;
  writeSuiteReport(options.resultsDir, `vector-search-${shape}`, report, formatVectorMarkdown(report));
  return result.problems.length === 0 ? 0 : 1;
}

if (process.argv[1] === here) {
  const argv = process.argv.slice(2);
  helpIfAsked(argv, import.meta.url);
  let exitCode = 1;
  try {
    exitCode = await runVectorSearch(argv, { benchDir, repoDir: path.dirname(benchDir) });
  } catch (err) {
    console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
  } finally {
    await cleanupAll();
  }
  process.exitCode = exitCode;
}
