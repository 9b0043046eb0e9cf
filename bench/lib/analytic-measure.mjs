// Times one query on one server: a warm-up run, then N runs; a timeout or an error ends the
// query's runs on that server (it is recorded, not retried), and a server that a cancel did not
// stop, or that died, is restarted on its data so the next query still runs.
import fs from 'node:fs';
import { connect } from './timed-query.mjs';
import { sqlFor } from './analytic-queries.mjs';

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
 * answer, message }; status is 'ok', 'timeout' or 'error'.
 */
export async function measureQuery(side, query, { runs, timeoutMs, cancelGraceMs, progress }) {
  const { sql, params } = sqlFor(query, side.server.kind);
  const times = [];
  let answer = null;
  for (let i = 0; i <= runs; i++) {
    const label = i === 0 ? 'warm-up' : `run ${i}/${runs}`;
    const result = await side.session.run(sql, params, { timeoutMs, cancelGraceMs });
    if (result.status === 'ok') {
      if (i > 0) times.push(result.ms);
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
      return { status: 'timeout', ms: times, message };
    }
    const died = !side.server.isAlive();
    const message = `${result.code ? `${result.code}: ` : ''}${result.message}${died ? ' (the server process exited)' : ''}`;
    progress(`${query.id}: ERROR: ${message}`);
    if (died || side.session.broken) await recover(side, `after the ${query.id} error`);
    return { status: 'error', ms: times, message };
  }
  return { status: 'ok', ms: times, medianMs: median(times), answer };
}
