// Times one query on one server: a warm-up run, then N runs; a timeout or an error ends the
// query's runs on that server (it is recorded, not retried), and a server that a cancel did not
// stop, or that died, is restarted on its data so the next query still runs.
import fs from 'node:fs';
import { connect } from './timed-query.mjs';
import { compareAnswers, sqlFor } from './analytic-queries.mjs';

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Peak resident memory of a process (VmHWM), in MiB, or null off Linux or once it exited. */
export function peakRssMiB(pid) {
  if (!pid) return null;
  try {
    const kb = Number((fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+) kB/m) ?? [])[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * Starts the peak (VmHWM) again from the current RSS (writing 5 to clear_refs, Linux ≥ 4.0), so
 * the next reading is the peak of one phase; false when the kernel did not allow it.
 */
export function resetPeakRss(pid) {
  if (!pid) return false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * A server as the suite uses it: the handle from start…(), one open connection, and a log of
 * what went wrong on it (restarts, crashes), which the report quotes.
 */
export async function openSide(server) {
  const side = { server, session: await connect(server), events: [], peakRssMiB: null };
  return side;
}

/** Keeps the highest VmHWM seen: a restart starts the counter again. */
export function notePeakRss(side) {
  const now = peakRssMiB(side.server.pid());
  if (now !== null) side.peakRssMiB = Math.max(side.peakRssMiB ?? 0, now);
}

async function recover(side, why) {
  const { server } = side;
  notePeakRss(side);
  await side.session.close();
  const alive = server.isAlive();
  if (!server.restart) {
    side.events.push(`${why}: reconnected (${server.label} cannot be restarted by the harness)`);
    side.session = await connect(server);
    return;
  }
  const log = alive ? '' : `\n${server.logTail()}`;
  const seconds = await server.restart();
  side.events.push(`${why}: ${alive ? 'killed (SIGKILL) and ' : 'the process had exited; '}restarted on the same data in ${seconds.toFixed(1)} s${log}`);
  side.session = await connect(server);
}

/**
 * Runs `query` on `side`: 1 warm-up + `runs` timed runs. Returns { status, ms[], medianMs,
 * warmUpMs, answer, message }; status is 'ok', 'timeout' or 'error'. The warm-up's time is kept
 * apart: for the first query over a table it is the first scan, which fills caches.
 */
export async function measureQuery(side, query, { runs, timeoutMs, cancelGraceMs, progress }) {
  const { sql, params } = sqlFor(query, side.server.kind);
  const times = [];
  let answer = null;
  let warmUpMs;
  for (let i = 0; i <= runs; i++) {
    const label = i === 0 ? 'warm-up' : `run ${i}/${runs}`;
    const result = await side.session.run(sql, params, { timeoutMs, cancelGraceMs });
    if (result.status === 'ok') {
      if (i > 0) times.push(result.ms);
      else warmUpMs = result.ms;
      answer ??= result.rows;
      progress(`${query.id} ${label}: ${result.ms.toFixed(1)} ms`);
      continue;
    }
    if (result.status === 'timeout') {
      const how = result.cancelled
        ? `cancelled (the server answered the CancelRequest${result.afterCancel?.code ? ` with ${result.afterCancel.code}` : ''})`
        : `the CancelRequest did not stop it within ${cancelGraceMs / 1000} s`;
      const message = `no answer within ${timeoutMs / 1000} s (${label}); ${how}`;
      progress(`${query.id}: TIMEOUT: ${message}`);
      if (!result.cancelled || !side.server.isAlive()) await recover(side, `after the ${query.id} timeout`);
      return { status: 'timeout', ms: times, warmUpMs, message };
    }
    const died = !side.server.isAlive();
    const message = `${result.code ? `${result.code}: ` : ''}${result.message}${died ? ' (the server process exited)' : ''}`;
    progress(`${query.id}: ERROR: ${message}`);
    if (died || side.session.broken) await recover(side, `after the ${query.id} error`);
    return { status: 'error', ms: times, warmUpMs, message };
  }
  return { status: 'ok', ms: times, medianMs: median(times), warmUpMs, answer };
}

/**
 * Every query on both sides ([kalamdb-pg, PostgreSQL]), alternating which goes first from query
 * to query, each query's runs back to back; the answers of the two compared. `progress(label)`
 * gives a side's progress printer.
 */
export async function measureQueries(sides, queries, { runs, timeoutSeconds, cancelGraceSeconds, progress, stopIfInterrupted }) {
  const rows = [];
  const measureOptions = (label) => ({
    runs, timeoutMs: timeoutSeconds * 1000, cancelGraceMs: cancelGraceSeconds * 1000, progress: progress(label),
  });
  for (const [index, query] of queries.entries()) {
    const results = [null, null];
    for (const i of index % 2 === 0 ? [0, 1] : [1, 0]) {
      stopIfInterrupted();
      const result = await measureQuery(sides[i], query, measureOptions(sides[i].server.label));
      results[i] = { ...result, timeoutSeconds };
      if (sides[i].server.kind === 'kalamdb-pg') notePeakRss(sides[i]);
    }
    const [ours, theirs] = results;
    const mismatch = ours.status === 'ok' && theirs.status === 'ok' ? compareAnswers(query, ours.answer, theirs.answer) : null;
    rows.push({ id: query.id, name: query.name, ours, theirs, mismatch });
  }
  return rows;
}

/** The report's Problems: every timeout, error and differing answer, and what happened to a server. */
export function queryProblems(rows, sides) {
  const problems = [];
  for (const row of rows) {
    for (const [label, r] of [['kalamdb-pg', row.ours], ['PostgreSQL', row.theirs]]) {
      if (r.status === 'timeout') problems.push(`${row.name}: ${label}: timeout: ${r.message}`);
      if (r.status === 'error') problems.push(`${row.name}: ${label}: error: ${r.message}`);
    }
    if (row.mismatch) problems.push(`${row.name}: the answers differ: ${row.mismatch}`);
  }
  for (const side of sides) for (const e of side.events) problems.push(`${side.server.label}: ${e}`);
  return problems;
}

/** The rows as the report keeps them: without the answers, which can be 100,000 rows. */
export function withoutAnswers(rows) {
  return rows.map(({ ours, theirs, ...rest }) => ({
    ...rest, ours: { ...ours, answer: undefined }, theirs: { ...theirs, answer: undefined },
  }));
}
