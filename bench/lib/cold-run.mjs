// `npm run bench -- --cold`: BENCH_COLD_ROWS rows loaded into kalamdb-pg and PostgreSQL 15 by COPY,
// flushed to Parquet segments on kalamdb-pg, then the same scans and aggregates timed on both.
// See bench/README.md, "Cold segments".
import os from 'node:os';
import path from 'node:path';
import { measureQueries, notePeakRss, openSide, peakRssMiB, queryProblems, resetPeakRss, withoutAnswers } from './analytic-measure.mjs';
import { cleanupOnSignals, wasInterrupted } from './cleanup.mjs';
import { COLD_GROUPS, COLD_SCHEMA_SQL, COLD_TABLE, TS_FILTER, loadCold } from './cold-dataset.mjs';
import { filesUnder, flushCold, postgresSizes, segmentFiles } from './cold-flush.mjs';
import { coldQueries } from './cold-queries.mjs';
import { formatColdMarkdown } from './cold-report.mjs';
import { machineBusySeconds, treeCpuSeconds } from './cpu-time.mjs';
import { startKalamdb } from './kalamdb-server.mjs';
import { describeMachine, gitCommit } from './machine.mjs';
import { chosenQueries, positiveNumber, serverOptions } from './options.mjs';
import { freePort } from './ports.mjs';
import { POSTGRES_SETTINGS, postgresBinaryVersion, startPostgres } from './postgres-server.mjs';
import { psqlScript, psqlValue } from './psql.mjs';
import { writeSuiteReport } from './result-files.mjs';

/** Other work keeping more than this many cores busy makes the figures worth a warning. */
const BUSY_WARNING_CORES = 0.3;

export function readColdOptions(argv, dirs) {
  if (argv.length > 0) throw new Error(`unknown argument(s) with --cold: ${argv.join(' ')} (try --help)`);
  const flush = process.env.BENCH_COLD_FLUSH ?? '1';
  if (flush !== '0' && flush !== '1') throw new Error(`BENCH_COLD_FLUSH must be 0 or 1, got ${JSON.stringify(flush)}`);
  return {
    rows: positiveNumber('BENCH_COLD_ROWS', 10_000_000),
    flush: flush === '1',
    runs: positiveNumber('BENCH_REPEAT', 3),
    timeoutSeconds: positiveNumber('BENCH_QUERY_TIMEOUT', 300, { integer: false }),
    cancelGraceSeconds: positiveNumber('BENCH_CANCEL_GRACE', 10, { integer: false }),
    loadTimeoutSeconds: positiveNumber('BENCH_LOAD_TIMEOUT', 3600, { integer: false }),
    flushTimeoutSeconds: positiveNumber('BENCH_FLUSH_TIMEOUT', 3600, { integer: false }),
    queries: chosenQueries('BENCH_COLD_QUERIES', coldQueries()),
    ...serverOptions(dirs),
  };
}

const progress = (label) => (message) => console.error(`[${label}] ${message}`);
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

function stopIfInterrupted() {
  if (wasInterrupted()) throw new Error('interrupted');
}

/**
 * How many cores everything else on the machine keeps busy over a stretch: the machine's busy CPU
 * minus our own, which is this process's tree (the harness, psql, kalamdb-pg) and PostgreSQL's
 * (`postgres`: pg_ctl detaches it). Call it at the start of the stretch and the function it
 * returns at the end.
 */
function otherWork(postgres) {
  const ours = () => (treeCpuSeconds(process.pid) ?? 0) + (postgres ? treeCpuSeconds(postgres.pid()) ?? 0 : 0);
  const busy0 = machineBusySeconds();
  const ours0 = ours();
  const started = process.hrtime.bigint();
  return () => {
    const busy1 = machineBusySeconds();
    if (busy0 === null || busy1 === null) return null;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return Math.max(0, (busy1 - busy0 - (ours() - ours0)) / seconds);
  };
}

async function quietCheck() {
  const measure = otherWork(null);
  await new Promise((r) => setTimeout(r, 2000));
  const cores = measure();
  if (cores !== null && cores > BUSY_WARNING_CORES) {
    console.error(`[bench] warning: other work keeps ${cores.toFixed(2)} cores busy; the figures will be noisy`);
  }
  return cores;
}

/** Runs `prepare(server)`; on an error quotes the end of the server's log, which says why. */
async function withLogOnError(server, prepare) {
  try {
    return await prepare(server);
  } catch (err) {
    console.error(`--- last lines of the ${server.label} log ---\n${server.logTail()}`);
    throw err;
  }
}

async function prepareKalamdb(options, port) {
  return withLogOnError(await startKalamdb({ port, mainJs: options.mainJs }), (server) => loadAndFlush(server, options));
}

async function loadAndFlush(server, options) {
  const say = progress(server.label);
  const version = (await psqlValue(server, 'SHOW server_version')) ?? 'unknown';
  say(`server_version ${version}; loading ${options.rows.toLocaleString('en-US')} rows by COPY…`);
  resetPeakRss(server.pid());
  const loadBusy = otherWork(null);
  const load = await loadCold(server, options.rows, { timeoutMs: options.loadTimeoutSeconds * 1000 });
  load.otherCores = loadBusy();
  const peak = { loadMiB: peakRssMiB(server.pid()) };
  say(`loaded in ${load.seconds.toFixed(1)} s (${Math.round(load.rowsPerSecond).toLocaleString('en-US')} rows/s); peak RSS ${peak.loadMiB} MiB`);
  const hotBytes = filesUnder(path.join(server.dataDir, 'rocksdb')).bytes;
  const side = await openSide(server);
  let flush = { status: 'skipped', message: 'BENCH_COLD_FLUSH=0' };
  let segments = null;
  if (options.flush) {
    resetPeakRss(server.pid());
    const busy = otherWork(null);
    say('STORAGE FLUSH TABLE public.bench_cold…');
    flush = await flushCold(side, { timeoutMs: options.flushTimeoutSeconds * 1000, progress: say });
    flush.otherCores = busy();
    if (flush.status === 'flushed') {
      peak.flushMiB = peakRssMiB(server.pid());
      flush.rowsPerSecond = options.rows / flush.wallSeconds;
      segments = await segmentFiles(side.session);
      say(`flushed in ${flush.wallSeconds.toFixed(1)} s (${Math.round(flush.rowsPerSecond).toLocaleString('en-US')} rows/s): ${segments.files} segment(s), ${(segments.bytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${peak.flushMiB} MiB`);
    } else say(`flush ${flush.status}: ${flush.message}`);
  }
  return { server, side, version, load, hotBytes, flush, segments, peak };
}

async function preparePostgres(options, port) {
  return withLogOnError(await startPostgres({ port, label: 'PostgreSQL' }), (server) => loadAndSettle(server, options));
}

async function loadAndSettle(server, options) {
  const say = progress(server.label);
  const version = (await psqlValue(server, 'SHOW server_version')) ?? 'unknown';
  say(`server_version ${version}; loading ${options.rows.toLocaleString('en-US')} rows by COPY…`);
  const loadBusy = otherWork(server);
  const load = await loadCold(server, options.rows, { timeoutMs: options.loadTimeoutSeconds * 1000 });
  load.otherCores = loadBusy();
  say(`loaded in ${load.seconds.toFixed(1)} s (${Math.round(load.rowsPerSecond).toLocaleString('en-US')} rows/s)`);
  // What autovacuum would otherwise start in the middle of the queries; it also sets the
  // visibility map, which lets count(*) skip heap pages as a long-lived table would.
  const started = process.hrtime.bigint();
  await psqlScript(server, `VACUUM ANALYZE ${COLD_TABLE}; CHECKPOINT;`, { timeoutMs: options.loadTimeoutSeconds * 1000 });
  const settleSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const side = await openSide(server);
  const sizes = await postgresSizes(side.session);
  say(`VACUUM ANALYZE; CHECKPOINT in ${settleSeconds.toFixed(1)} s; heap ${(sizes.heapBytes / 2 ** 20).toFixed(1)} MiB, total ${(sizes.totalBytes / 2 ** 20).toFixed(1)} MiB`);
  return { server, side, version, load, settleSeconds, sizes };
}

function flushProblems(flush, rows) {
  if (flush.status === 'unsupported') return [`STORAGE FLUSH answered ${flush.code} (${flush.message}): the rows were NOT flushed, every kalamdb-pg figure reads the hot tier (RocksDB)`];
  if (flush.status === 'failed') return [`the flush failed (${flush.message}): the rows were NOT (all) flushed`];
  if (flush.status === 'flushed' && flush.rows !== null && flush.rows !== rows) return [`the flush job reports ${flush.rows} rows, the table holds ${rows}`];
  return [];
}

/** Runs the suite; resolves with the exit status (1 when a query errors, answers differ or a requested flush did not happen). */
export async function runCold(argv, dirs) {
  cleanupOnSignals();
  const options = readColdOptions(argv, dirs);
  const machine = describeMachine();
  const date = new Date().toISOString();
  const before = { loadAverage: loadAverage(), otherCores: await quietCheck() };
  const pgPort = options.pgPort ?? await freePort();
  let kalamPort = options.kalamPort ?? await freePort();
  while (kalamPort === pgPort) kalamPort = await freePort();
  let ours;
  let theirs;
  let rows;
  let queryPhase;
  try {
    ours = await prepareKalamdb(options, kalamPort);
    theirs = await preparePostgres(options, pgPort);
    const sides = [ours.side, theirs.side];
    resetPeakRss(ours.server.pid());
    ours.side.peakRssMiB = null;
    queryPhase = { loadAverage: loadAverage() };
    const busy = otherWork(theirs.server);
    rows = await measureQueries(sides, options.queries, {
      runs: options.runs, timeoutSeconds: options.timeoutSeconds, cancelGraceSeconds: options.cancelGraceSeconds,
      progress, stopIfInterrupted,
    });
    queryPhase.otherCores = busy();
    notePeakRss(ours.side);
  } finally {
    for (const p of [theirs, ours]) if (p) await p.side?.session.close();
    for (const p of [theirs, ours]) if (p) await p.server.stop();
  }
  const report = {
    title: `kalamdb-pg vs PostgreSQL 15: ${options.rows.toLocaleString('en-US')} rows ${ours.flush.status === 'flushed' ? 'flushed to Parquet segments' : 'NOT flushed (hot tier only)'}`,
    date,
    commit: gitCommit(dirs.repoDir),
    machine,
    before,
    queryPhase,
    postgresVersion: `${postgresBinaryVersion()} (server_version ${theirs.version})`,
    postgresSettings: `${Object.entries(POSTGRES_SETTINGS).map(([k, v]) => `${k}=${v}`).join(', ')}, everything else default (so up to 2 parallel workers per query); kalamdb-pg runs every query on its one JavaScript thread, with its default --column-cache-memory and --max-query-memory`,
    settings: { rows: options.rows, groups: COLD_GROUPS, tsFilter: TS_FILTER, schema: COLD_SCHEMA_SQL, runs: options.runs, flushRequested: options.flush, timeoutSeconds: options.timeoutSeconds },
    load: { ours: ours.load, theirs: theirs.load, postgresSettleSeconds: theirs.settleSeconds },
    flush: ours.flush,
    sizes: { segments: ours.segments, kalamdbRocksdbAfterLoadBytes: ours.hotBytes, postgres: theirs.sizes },
    peakRssMiB: { load: ours.peak.loadMiB, flush: ours.peak.flushMiB ?? null, queries: ours.side.peakRssMiB },
    rows: withoutAnswers(rows),
    problems: [...flushProblems(ours.flush, options.rows), ...queryProblems(rows, [ours.side, theirs.side])],
    queries: options.queries.map((q) => ({ id: q.id, name: q.name, kalamdb: q.kalamdb, postgres: q.postgres })),
  };
  writeSuiteReport(options.resultsDir, 'cold', report, formatColdMarkdown(report));
  const flushMissing = options.flush && ours.flush.status !== 'flushed';
  const failed = rows.some((r) => r.ours.status === 'error' || r.theirs.status === 'error' || r.mismatch);
  return failed || flushMissing ? 1 : 0;
}
