#!/usr/bin/env node
// `npm run bench:analytic`: analytic queries (scans, aggregates, a join, kNN) on kalamdb-pg and a
// throwaway PostgreSQL 15 loaded with the same rows, in one run, reported as time ratios.
// See bench/README.md, "Analytic suite".
//
// Environment: BENCH_ANALYTIC_ROWS (1000000), BENCH_ANALYTIC_VECTORS (100000),
// BENCH_ANALYTIC_RUNS (3; timed runs per query after 1 warm-up), BENCH_QUERY_TIMEOUT (60 seconds
// per query run), BENCH_CANCEL_GRACE (10 seconds a cancelled query gets to stop before the server
// is killed and restarted), BENCH_LOAD_TIMEOUT (900 seconds per table), BENCH_ANALYTIC_QUERIES
// (all: count,sum-avg,group-by,filter,top-10,join,knn), BENCH_PG_PORT / BENCH_KALAM_PORT,
// BENCH_RESULTS_DIR (bench/results), BENCH_KALAM_MAIN (dist/server/main.js).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIM_ROWS, loadAnalytic } from './lib/analytic-dataset.mjs';
import { measureQueries, notePeakRss, openSide, queryProblems, withoutAnswers } from './lib/analytic-measure.mjs';
import { analyticQueries } from './lib/analytic-queries.mjs';
import { formatAnalyticMarkdown } from './lib/analytic-report.mjs';
import { cleanupAll, cleanupOnSignals, wasInterrupted } from './lib/cleanup.mjs';
import { startKalamdb } from './lib/kalamdb-server.mjs';
import { describeMachine, gitCommit } from './lib/machine.mjs';
import { freePort } from './lib/ports.mjs';
import { chosenQueries, helpIfAsked, positiveNumber, serverOptions } from './lib/options.mjs';
import { POSTGRES_SETTINGS, postgresBinaryVersion, startPostgres } from './lib/postgres-server.mjs';
import { psqlScript, psqlValue } from './lib/psql.mjs';
import { writeSuiteReport } from './lib/result-files.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoDir = path.dirname(benchDir);

function readOptions(argv) {
  helpIfAsked(argv, import.meta.url);
  if (argv.length > 0) throw new Error(`unknown argument(s): ${argv.join(' ')} (try --help)`);
  return {
    factRows: positiveNumber('BENCH_ANALYTIC_ROWS', 1_000_000),
    vectorRows: positiveNumber('BENCH_ANALYTIC_VECTORS', 100_000),
    runs: positiveNumber('BENCH_ANALYTIC_RUNS', 3),
    timeoutSeconds: positiveNumber('BENCH_QUERY_TIMEOUT', 60, { integer: false }),
    cancelGraceSeconds: positiveNumber('BENCH_CANCEL_GRACE', 10, { integer: false }),
    loadTimeoutSeconds: positiveNumber('BENCH_LOAD_TIMEOUT', 900, { integer: false }),
    queries: chosenQueries('BENCH_ANALYTIC_QUERIES', analyticQueries()),
    ...serverOptions({ benchDir, repoDir }),
  };
}

const progress = (label) => (message) => console.error(`[${label}] ${message}`);

function stopIfInterrupted() {
  if (wasInterrupted()) throw new Error('interrupted');
}

async function startAndLoad(start, options) {
  const server = await start();
  const say = progress(server.label);
  const version = (await psqlValue(server, 'SHOW server_version')) ?? 'unknown';
  say(`server_version ${version}`);
  try {
    const loads = await loadAnalytic(server, {
      factCount: options.factRows, vectorCount: options.vectorRows,
      loadTimeoutMs: options.loadTimeoutSeconds * 1000, progress: say,
    });
    // PostgreSQL's autovacuum would otherwise start in the middle of the measurements.
    if (server.kind === 'postgres') await psqlScript(server, 'VACUUM ANALYZE; CHECKPOINT;');
    return { server, version, loads };
  } catch (err) {
    console.error(`--- last lines of the ${server.label} log ---\n${server.logTail()}`);
    throw err;
  }
}

async function main() {
  cleanupOnSignals();
  const options = readOptions(process.argv.slice(2));
  const machine = describeMachine();
  const pgPort = options.pgPort ?? await freePort();
  let kalamPort = options.kalamPort ?? await freePort();
  while (kalamPort === pgPort) kalamPort = await freePort();
  const date = new Date().toISOString();
  const prepared = [];
  const sides = [];
  let rows;
  let loadAverage;
  try {
    prepared.push(await startAndLoad(() => startKalamdb({ port: kalamPort, mainJs: options.mainJs }), options));
    prepared.push(await startAndLoad(() => startPostgres({ port: pgPort, label: 'PostgreSQL' }), options));
    for (const p of prepared) sides.push(await openSide(p.server));
    loadAverage = os.loadavg().map((l) => l.toFixed(2)).join(', ');
    rows = await measureQueries(sides, options.queries, {
      runs: options.runs, timeoutSeconds: options.timeoutSeconds, cancelGraceSeconds: options.cancelGraceSeconds,
      progress, stopIfInterrupted,
    });
  } finally {
    for (const side of sides) await side.session.close();
    if (sides[0]) notePeakRss(sides[0]);
    for (const p of [...prepared].reverse()) await p.server.stop();
  }
  const [ours, theirs] = prepared;
  const report = {
    title: 'kalamdb-pg vs PostgreSQL 15: analytic queries',
    date,
    commit: gitCommit(repoDir),
    machine,
    loadAverage,
    postgresVersion: `${postgresBinaryVersion()} (server_version ${theirs.version})`,
    postgresSettings: `${Object.entries(POSTGRES_SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ')}, everything else default (so up to 2 parallel workers per query); kalamdb-pg runs every query on its one JavaScript thread`,
    subjectPeakRssMiB: sides[0]?.peakRssMiB ?? null,
    settings: {
      factRows: options.factRows, dimRows: DIM_ROWS, vectorRows: options.vectorRows, runs: options.runs,
      timeoutSeconds: options.timeoutSeconds, cancelGraceSeconds: options.cancelGraceSeconds,
    },
    loads: ours.loads.map((l, i) => ({ table: l.table, rows: l.rows, ours: l, theirs: theirs.loads[i] })),
    rows: withoutAnswers(rows),
    problems: queryProblems(rows, sides),
    queries: options.queries.map((q) => ({ id: q.id, name: q.name, kalamdb: q.kalamdb, postgres: q.postgres })),
  };
  writeSuiteReport(options.resultsDir, 'analytic', report, formatAnalyticMarkdown(report));
  // Timeouts are results; an error, a crash or a wrong answer is a failure of the run.
  const failed = rows.some((r) => r.ours.status === 'error' || r.theirs.status === 'error' || r.mismatch);
  return failed ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(`bench failed: ${err instanceof Error ? err.stack ?? err.message : err}`);
} finally {
  await cleanupAll();
}
process.exitCode = exitCode;
