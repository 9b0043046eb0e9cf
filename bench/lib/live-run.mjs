// `npm run bench -- --live`: BENCH_LIVE_QUERIES live queries on one table over
// BENCH_LIVE_CONNECTIONS subscriber connections, a writer making BENCH_LIVE_RATE single-row
// changes a second for BENCH_LIVE_SECONDS, on kalamdb-pg (SUBSCRIBE) and then on PostgreSQL 15
// (LISTEN + a pg_notify trigger). See bench/README.md, "Live queries".
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { DeliveryCheck } from './live-check.mjs';
import { serverMemoryMiB } from './live-memory.mjs';
import { expectedDeliveries, liveChanges, liveSubscriptions } from './live-plan.mjs';
import { formatLiveMarkdown } from './live-report.mjs';
import { drain, liveSides, openClient, subscribeAll, writeChanges } from './live-session.mjs';
import { cleanupOnSignals, wasInterrupted } from './cleanup.mjs';
import { machineBusySeconds, treeCpuSeconds } from './cpu-time.mjs';
import { startKalamdb } from './kalamdb-server.mjs';
import { describeMachine, gitCommit } from './machine.mjs';
import { positiveNumber, serverOptions } from './options.mjs';
import { freePort } from './ports.mjs';
import { POSTGRES_SETTINGS, postgresBinaryVersion, startPostgres } from './postgres-server.mjs';
import { writeSuiteReport } from './result-files.mjs';

export function readLiveOptions(argv, dirs) {
  if (argv.length > 0) throw new Error(`unknown argument(s) with --live: ${argv.join(' ')} (try --help)`);
  const options = {
    queries: positiveNumber('BENCH_LIVE_QUERIES', 1000),
    connections: positiveNumber('BENCH_LIVE_CONNECTIONS', 50),
    rate: positiveNumber('BENCH_LIVE_RATE', 200, { integer: false }),
    seconds: positiveNumber('BENCH_LIVE_SECONDS', 30, { integer: false }),
    topics: positiveNumber('BENCH_LIVE_TOPICS', 10),
    quietSeconds: positiveNumber('BENCH_LIVE_DRAIN', 10, { integer: false }),
    ...serverOptions(dirs),
  };
  options.connections = Math.min(options.connections, options.queries);
  return options;
}

const progress = (label) => (message) => console.error(`[${label}] ${message}`);

/** Server CPU (its whole process tree) and the machine's, so a reader can tell a busy VM from a slow server. */
function cpuMeter(server) {
  const start = { server: treeCpuSeconds(server.pid()), machine: machineBusySeconds(), bench: process.cpuUsage(), at: process.hrtime.bigint() };
  return () => {
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    const server1 = treeCpuSeconds(server.pid());
    const machine1 = machineBusySeconds();
    const bench = process.cpuUsage(start.bench);
    const serverSeconds = server1 === null || start.server === null ? null : server1 - start.server;
    const benchSeconds = (bench.user + bench.system) / 1e6;
    const machineSeconds = machine1 === null || start.machine === null ? null : machine1 - start.machine;
    return {
      wallSeconds: seconds,
      serverCores: serverSeconds === null ? null : serverSeconds / seconds,
      benchCores: benchSeconds / seconds,
      otherCores: machineSeconds === null || serverSeconds === null ? null : Math.max(0, (machineSeconds - serverSeconds - benchSeconds) / seconds),
    };
  };
}

/**
 * The bench process's own garbage-collection pauses: a pause delays the arrival times it
 * records, so a latency tail as long as the longest pause may be the harness's, not the server's.
 */
function gcMeter() {
  const gc = { pauses: 0, totalMs: 0, maxMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.pauses++;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    return gc;
  };
}

/** One side: table, live queries, paced writes, drain, check. */
async function measureSide(server, sideName, plan, options) {
  const say = progress(server.label);
  const side = liveSides[sideName];
  const admin = await openClient(server);
  let subscribers = null;
  let writer = null;
  try {
    await admin.query(side.setupSql);
    const memory = { beforeMiB: serverMemoryMiB(server) };
    say(`${options.queries} live queries over ${options.connections} connections…`);
    const deliveries = new DeliveryCheck(plan);
    subscribers = await subscribeAll(server, side, plan.subs, options.connections, (k, payload, at) => deliveries.arrive(k, payload, at));
    await side.registered(admin, plan.subs);
    memory.subscribedMiB = serverMemoryMiB(server);
    say(`subscribed in ${(subscribers.subscribeMs / 1000).toFixed(1)} s; writing ${plan.changes.length} changes at ${options.rate}/s…`);
    writer = await openClient(server);
    const cpu = cpuMeter(server);
    const gc = gcMeter();
    const written = await writeChanges(writer, plan.changes, options.rate);
    const drainMs = await drain(subscribers, plan.expectedTotal, options.quietSeconds * 1000);
    const load = { ...cpu(), benchGc: gc() };
    memory.afterMiB = serverMemoryMiB(server);
    const check = deliveries.result(written.sentAt, written.ackAt);
    const l = check.latencyFromSendMs;
    say(`${check.received}/${check.expected} notifications, exactly once: ${check.exactlyOnce ? 'yes' : 'NO'}; latency p50 ${l.p50?.toFixed(2)} ms, p99 ${l.p99?.toFixed(2)} ms`);
    return {
      label: server.label,
      subscribeSeconds: subscribers.subscribeMs / 1000,
      writer: { changes: plan.changes.length, seconds: written.seconds, rate: written.rate, maxLateMs: written.maxLateMs, ackMs: ackSummary(written) },
      drainSeconds: drainMs / 1000,
      stray: subscribers.stray,
      notices: subscribers.notices,
      check,
      memory,
      load,
    };
  } finally {
    await subscribers?.close();
    await writer?.end().catch(() => {});
    await admin.end().catch(() => {});
  }
}

function ackSummary({ sentAt, ackAt }) {
  const d = Array.from(ackAt, (a, i) => a - sentAt[i]).sort((a, b) => a - b);
  return { p50: d[Math.floor(d.length / 2)], p99: d[Math.min(d.length - 1, Math.ceil(d.length * 0.99) - 1)] };
}

export function livePlan(options) {
  const subs = liveSubscriptions(options.queries, options.topics);
  const changes = liveChanges(Math.round(options.rate * options.seconds), { topics: options.topics });
  // Counts only: the deliveries themselves are ~1M objects the bench process would carry (and collect) all run.
  const expectedCounts = expectedDeliveries(subs, changes).map((e) => e.length);
  return { subs, changes, expectedCounts, expectedTotal: expectedCounts.reduce((n, e) => n + e, 0) };
}

/** Runs the suite; resolves with the exit status (1 unless both servers delivered exactly once). */
export async function runLive(argv, dirs) {
  cleanupOnSignals();
  const options = readLiveOptions(argv, dirs);
  const plan = livePlan(options);
  const machine = describeMachine();
  const date = new Date().toISOString();
  const loadAverage = os.loadavg().map((l) => l.toFixed(2)).join(', ');
  console.error(`[bench] ${plan.changes.length} changes, ${plan.expectedTotal} notifications expected (${(plan.expectedTotal / plan.changes.length).toFixed(1)} live queries per change)`);
  const pgPort = options.pgPort ?? await freePort();
  let kalamPort = options.kalamPort ?? await freePort();
  while (kalamPort === pgPort) kalamPort = await freePort();
  // Room for every subscriber connection, the writer and the admin session, on both servers.
  const needed = options.connections + 10;
  const servers = [];
  const sides = [];
  try {
    servers.push(await startKalamdb({ port: kalamPort, mainJs: options.mainJs, args: needed > 100 ? ['--max-connections', String(needed)] : [] }));
    servers.push(await startPostgres({ port: pgPort, label: 'PostgreSQL', settings: { max_connections: String(Math.max(needed, 50)) } }));
    for (const [server, name] of [[servers[0], 'kalamdb-pg'], [servers[1], 'postgres']]) {
      if (wasInterrupted()) throw new Error('interrupted');
      try {
        sides.push(await measureSide(server, name, plan, options));
      } catch (err) {
        console.error(`--- last lines of the ${server.label} log ---\n${server.logTail()}`);
        throw err;
      }
    }
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
  const report = {
    title: `Live queries: ${options.queries.toLocaleString('en-US')} live queries, ${options.rate} changes/s for ${options.seconds} s — kalamdb-pg vs PostgreSQL 15`,
    date,
    commit: gitCommit(dirs.repoDir),
    machine,
    loadAverage,
    postgresVersion: postgresBinaryVersion(),
    postgresSettings: Object.entries({ ...POSTGRES_SETTINGS, max_connections: Math.max(needed, 50) }).map(([k, v]) => `${k}=${v}`).join(', '),
    settings: { queries: options.queries, connections: options.connections, rate: options.rate, seconds: options.seconds, topics: options.topics, quietSeconds: options.quietSeconds },
    plan: { changes: plan.changes.length, kinds: countKinds(plan.changes), expected: plan.expectedTotal },
    ours: sides[0],
    theirs: sides[1],
  };
  writeSuiteReport(options.resultsDir, 'live', report, formatLiveMarkdown(report));
  return sides.every((s) => s.check.exactlyOnce) ? 0 : 1;
}

function countKinds(changes) {
  const n = { insert: 0, update: 0, delete: 0 };
  for (const c of changes) n[c.kind]++;
  return n;
}
