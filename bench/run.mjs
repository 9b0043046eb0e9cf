#!/usr/bin/env node
// `npm run bench`: the same pgbench workload against kalamdb-pg and a throwaway PostgreSQL 15,
// run by turns in one go and reported side by side as tps ratios. See bench/README.md.
//
//   node bench/run.mjs               kalamdb-pg (dist/server/main.js) vs PostgreSQL
//   node bench/run.mjs --self-test   PostgreSQL vs PostgreSQL: checks the harness itself
//   node bench/run.mjs --copy        only the psql workloads: 1M-row COPY and \d latency
//   node bench/run.mjs --cold        10M rows flushed to Parquet segments: scans and aggregates
//   node bench/run.mjs --live        1,000 live queries, 200 changes/s: exactly once, notification latency
//   node bench/run.mjs --schema-cache  kalamdb-pg only: schema-cache hit rate and lookup time
//   node bench/run.mjs --vector      kalamdb-pg only: 1M × 384-d vectors, hnsw build, top-10 latency and recall
//
// Environment: BENCH_SECONDS (10; 2 for a quick look), BENCH_REPEAT (1; median of N runs per
// cell), BENCH_ROWS (100000), BENCH_CLIENTS ("1,8"), BENCH_PROTOCOLS ("simple,prepared"),
// BENCH_WORKLOADS ("select,insert,copy,describe"), BENCH_COPY_ROWS (1000000),
// BENCH_DESCRIBE_SESSIONS (5), BENCH_WARMUP_SECONDS (min(3, BENCH_SECONDS)), BENCH_PG_PORT /
// BENCH_KALAM_PORT (default: a free port), BENCH_RESULTS_DIR, BENCH_KALAM_MAIN (dist/server/main.js).
//
// With --cold: BENCH_COLD_ROWS (10000000), BENCH_COLD_FLUSH (1; 0 skips the flush and says so),
// BENCH_REPEAT (3 timed runs per query after 1 warm-up), BENCH_COLD_QUERIES (all:
// count,sum-avg,group-by,ts-filter,ts-rows), BENCH_QUERY_TIMEOUT (300 s per query run),
// BENCH_CANCEL_GRACE (10 s), BENCH_LOAD_TIMEOUT (3600 s per load), BENCH_FLUSH_TIMEOUT (3600 s),
// and the ports, BENCH_RESULTS_DIR and BENCH_KALAM_MAIN as above.
//
// With --live: BENCH_LIVE_QUERIES (1000), BENCH_LIVE_CONNECTIONS (50 subscriber connections),
// BENCH_LIVE_RATE (200 changes/s), BENCH_LIVE_SECONDS (30), BENCH_LIVE_TOPICS (10),
// BENCH_LIVE_DRAIN (10 s without a notification ends the wait for missing ones).
// With --schema-cache: BENCH_SCHEMA_TABLES (100), BENCH_SCHEMA_QUERIES (10000), BENCH_KALAM_PORT,
// BENCH_RESULTS_DIR and BENCH_KALAM_MAIN as above.
// With --vector: the VECBENCH_* settings of bench/vector-search.mjs (node bench/vector-search.mjs --help).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BULK_WORKLOADS, measureBulk } from './lib/bulk-workloads.mjs';
import { cleanupAll, cleanupOnSignals, wasInterrupted } from './lib/cleanup.mjs';
import { runCold } from './lib/cold-run.mjs';
import { runLive } from './lib/live-run.mjs';
import { runSchemaCache } from './lib/schema-cache-run.mjs';
import { runVectorSearch } from './vector-search.mjs';
import { createAndLoad } from './lib/dataset.mjs';
import { startKalamdb } from './lib/kalamdb-server.mjs';
import { describeMachine, gitCommit, hostSlug } from './lib/machine.mjs';
import { runPgbench } from './lib/pgbench.mjs';
import { freePort } from './lib/ports.mjs';
import { helpIfAsked, listEnv, positiveNumber } from './lib/options.mjs';
import { POSTGRES_SETTINGS, postgresBinaryVersion, startPostgres } from './lib/postgres-server.mjs';
import { psqlScript, psqlValue } from './lib/psql.mjs';
import { uniqueBaseName } from './lib/result-files.mjs';
import { formatJson, formatMarkdown, formatText, compareRuns } from './lib/report.mjs';
import { renderRatioChart } from './lib/ratio-chart.mjs';
import { medianRun } from './lib/samples.mjs';
import { runGrid, workloads } from './lib/workloads.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(benchDir);

function readOptions(argv) {
  helpIfAsked(argv, import.meta.url);
  const unknown = argv.filter((a) => a !== '--self-test' && a !== '--copy');
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (try --help)`);
  const seconds = positiveNumber('BENCH_SECONDS', 10);
  const protocols = listEnv('BENCH_PROTOCOLS', 'simple,prepared');
  for (const p of protocols) {
    if (!['simple', 'extended', 'prepared'].includes(p)) throw new Error(`unknown protocol ${p}`);
  }
  return {
    selfTest: argv.includes('--self-test'),
    seconds,
    warmupSeconds: process.env.BENCH_WARMUP_SECONDS === '0' ? 0 : positiveNumber('BENCH_WARMUP_SECONDS', Math.min(3, seconds)),
    repeat: positiveNumber('BENCH_REPEAT', 1),
    rows: positiveNumber('BENCH_ROWS', 100_000),
    clients: listEnv('BENCH_CLIENTS', '1,8').map((c) => {
      const n = Number(c);
      if (!Number.isInteger(n) || n <= 0 || n > 40) throw new Error(`BENCH_CLIENTS: ${c} is not a client count in 1..40`);
      return n;
    }),
    protocols,
    only: argv.includes('--copy') ? BULK_WORKLOADS : listEnv('BENCH_WORKLOADS', 'select,insert,copy,describe'),
    copyRows: positiveNumber('BENCH_COPY_ROWS', 1_000_000),
    describeSessions: positiveNumber('BENCH_DESCRIBE_SESSIONS', 5),
    pgPort: process.env.BENCH_PG_PORT ? Number(process.env.BENCH_PG_PORT) : undefined,
    kalamPort: process.env.BENCH_KALAM_PORT ? Number(process.env.BENCH_KALAM_PORT) : undefined,
    resultsDir: path.resolve(process.env.BENCH_RESULTS_DIR ?? path.join(benchDir, 'results')),
  };
}

function stopIfInterrupted() {
  if (wasInterrupted()) throw new Error('interrupted');
}

const usesPgbench = (options) => options.only.some((w) => !BULK_WORKLOADS.includes(w));
const clientsText = (n) => `${n} client${n === 1 ? '' : 's'}`;
const progress = (label, message) => console.error(`[${label}] ${message}`);

/** Starts one server and loads it; the handle carries what the report needs about it. */
async function prepare(side, options) {
  progress(side.label, `starting on port ${side.port}…`);
  const server = await side.start();
  try {
    const version = (await psqlValue(server, 'SHOW server_version')) ?? 'unknown';
    if (!usesPgbench(options)) return { server, version, load: null };
    progress(side.label, `server_version ${version}; loading ${options.rows} rows…`);
    const load = await createAndLoad(server, options.rows);
    progress(side.label, `loaded in ${load.seconds.toFixed(2)} s (${Math.round(load.rowsPerSecond)} rows/s)`);
    if (server.settleSql) await psqlScript(server, server.settleSql);
    return { server, version, load };
  } catch (err) {
    reportLog(server);
    throw err;
  }
}

function reportLog(server) {
  const log = server.logTail();
  if (log) console.error(`--- last lines of the ${server.label} log ---\n${log}`);
}

// Warm caches (and, for a Node server, V8's optimizing compiler) before anything is measured.
async function warmUp(server, options) {
  const select = workloads(options.rows)[0];
  const clients = Math.max(...options.clients);
  for (const protocol of options.protocols) {
    stopIfInterrupted();
    const warm = await runPgbench(server, { workload: select, clients, protocol, seconds: options.warmupSeconds });
    progress(server.label, `warm-up ${protocol}: ${warm.tps === null ? 'no tps' : Math.round(warm.tps)} tps${warm.ok ? '' : ` (${warm.problems})`}`);
  }
}

/**
 * Runs every cell on both servers back to back, alternating which goes first, so a change in
 * what else the machine is doing lands on both sides instead of on whichever ran later. Only
 * the server being measured is busy; the other one sits idle.
 */
async function measureInterleaved(prepared, options) {
  const runs = prepared.map(() => []);
  const grid = runGrid(options);
  let turn = 0;
  for (const cell of grid) {
    const samples = prepared.map(() => []);
    for (let r = 0; r < options.repeat; r++, turn++) {
      const order = turn % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) {
        stopIfInterrupted();
        const { server } = prepared[i];
        const run = await runPgbench(server, { ...cell, seconds: options.seconds });
        samples[i].push(run);
        const tps = run.tps === null ? 'no tps' : `${Math.round(run.tps)} tps`;
        progress(server.label, `${cell.workload.name}, ${clientsText(cell.clients)}, ${cell.protocol}: ${tps}${run.ok ? '' : `  PROBLEM: ${run.problems}`}`);
      }
    }
    prepared.forEach((_, i) => runs[i].push({ ...medianRun(samples[i]), workloadName: cell.workload.name }));
  }
  for (const { server } of prepared) if (!server.isAlive()) reportLog(server);
  return runs;
}

function writeResults(report, options) {
  fs.mkdirSync(options.resultsDir, { recursive: true });
  const base = uniqueBaseName(options.resultsDir,
    `${report.date.slice(0, 10)}-${hostSlug(report.machine.hostname)}${options.selfTest ? '-self-test' : ''}${report.rows.length === 0 ? '-copy' : ''}`);
  const files = { md: `${base}.md`, json: `${base}.json`, ...(report.rows.length > 0 ? { svg: `${base}.svg` } : {}) };
  if (files.svg) fs.writeFileSync(path.join(options.resultsDir, files.svg), renderRatioChart(report));
  fs.writeFileSync(path.join(options.resultsDir, files.md), formatMarkdown(report, files.svg));
  fs.writeFileSync(path.join(options.resultsDir, files.json), formatJson(report));
  return Object.values(files).map((f) => path.join(options.resultsDir, f));
}

async function main() {
  cleanupOnSignals();
  const options = readOptions(process.argv.slice(2));
  const machine = { ...describeMachine(), loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' ') };
  const pgPort = options.pgPort ?? await freePort();
  // Neither server listens yet, so the kernel could hand out the same free port twice.
  let otherPort = options.kalamPort ?? await freePort();
  while (otherPort === pgPort) otherPort = await freePort();
  const baseline = { label: 'PostgreSQL', port: pgPort, start: () => startPostgres({ port: pgPort, label: 'PostgreSQL' }) };
  let subject;
  if (options.selfTest) {
    const port = otherPort;
    subject = { label: 'PostgreSQL #2', port, start: () => startPostgres({ port, label: 'PostgreSQL #2' }) };
  } else {
    const port = otherPort;
    const mainJs = path.resolve(process.env.BENCH_KALAM_MAIN ?? path.join(repoDir, 'dist', 'server', 'main.js'));
    subject = { label: 'kalamdb-pg', port, start: () => startKalamdb({ port, mainJs }) };
  }

  const date = new Date().toISOString();
  const prepared = [];
  let bulk = {};
  try {
    prepared.push(await prepare(subject, options));
    prepared.push(await prepare(baseline, options));
    if (usesPgbench(options)) {
      if (options.warmupSeconds > 0) for (const p of prepared) await warmUp(p.server, options);
      const [subjectRuns, baselineRuns] = await measureInterleaved(prepared, options);
      prepared[0].runs = subjectRuns;
      prepared[1].runs = baselineRuns;
    } else prepared.forEach((p) => (p.runs = []));
    bulk = await measureBulk(prepared.map((p) => p.server), options, progress);
  } finally {
    for (const p of [...prepared].reverse()) await p.server.stop();
  }
  const side = ({ server, version, load }) => ({ label: server.label, kind: server.kind, version, load });
  const [subjectResult, baselineResult] = prepared;
  const settings = Object.entries(POSTGRES_SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ');
  const report = {
    title: options.selfTest
      ? 'Harness self-test: PostgreSQL vs PostgreSQL (ratios should be near 1)'
      : 'kalamdb-pg vs PostgreSQL 15',
    selfTest: options.selfTest,
    date,
    commit: gitCommit(repoDir),
    machine,
    postgresVersion: `${postgresBinaryVersion()} (server_version ${baselineResult.version})`,
    durability: `PostgreSQL ${settings}: a commit returns before its WAL is flushed, the WAL writer `
      + 'flushes within about 0.6 s, a crash can lose those last commits but never corrupts data; '
      + (options.selfTest ? 'both servers run the same settings.'
        : 'kalamdb-pg acknowledges a commit once its commit-log record is written (write(2), no fsync per commit): the same class.'),
    settings: {
      seconds: options.seconds, repeat: options.repeat, warmupSeconds: options.warmupSeconds, rows: options.rows,
      clients: options.clients, protocols: options.protocols, workloads: options.only,
      copyRows: options.copyRows, describeSessions: options.describeSessions,
      postgres: POSTGRES_SETTINGS,
    },
    subject: side(subjectResult),
    baseline: side(baselineResult),
    rows: compareRuns(subjectResult.runs, baselineResult.runs),
    bulk,
  };

  console.log(`\n${formatText(report)}\n`);
  for (const file of writeResults(report, options)) console.log(`wrote ${path.relative(process.cwd(), file)}`);
  return report.rows.every((row) => row.clean) ? 0 : 1;
}

let exitCode = 1;
try {
  const argv = process.argv.slice(2);
  helpIfAsked(argv, import.meta.url);
  exitCode = argv.includes('--cold')
    ? await runCold(argv.filter((a) => a !== '--cold'), { benchDir, repoDir })
    : argv.includes('--live')
      ? await runLive(argv.filter((a) => a !== '--live'), { benchDir, repoDir })
    : argv.includes('--schema-cache')
      ? await runSchemaCache(argv.filter((a) => a !== '--schema-cache'), { benchDir, repoDir })
    : argv.includes('--vector')
      ? await runVectorSearch(argv.filter((a) => a !== '--vector'), { benchDir, repoDir })
      : await main();
} catch (err) {
  console.error(`bench failed: ${err instanceof Error ? err.message : err}`);
} finally {
  await cleanupAll();
}
process.exitCode = exitCode;
