// The workloads psql drives instead of pgbench: a 1M-row COPY FROM STDIN and `\d NAME` latency,
// measured by turns like the pgbench grid, and their lines in the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { timeCopy, writeCopyFile } from './copy-workload.mjs';
import { DESCRIBE_PER_SESSION, timeDescribe } from './describe-workload.mjs';

export const BULK_WORKLOADS = ['copy', 'describe'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Runs the chosen bulk workloads on `servers` ([subject, baseline]), `repeat` times each, the
 * order alternating from run to run; `progress(label, message)` tells how it goes.
 */
export async function measureBulk(servers, { only, repeat, copyRows, describeSessions }, progress) {
  const result = {};
  if (only.includes('copy')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalamdb-bench-copy-'));
    const remove = onCleanup(`remove ${dir}`, () => fs.rmSync(dir, { recursive: true, force: true }));
    try {
      fs.chmodSync(dir, 0o755);
      const file = writeCopyFile(dir, copyRows);
      const samples = servers.map(() => []);
      for (let r = 0; r < repeat; r++) {
        for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
          const run = await timeCopy(servers[i], file, copyRows, r);
          samples[i].push(run.rowsPerSecond);
          progress(servers[i].label, `COPY ${copyRows} rows: ${run.seconds.toFixed(2)} s, ${Math.round(run.rowsPerSecond)} rows/s (load ${os.loadavg()[0].toFixed(2)})`);
        }
      }
      result.copy = summarise(samples, { rows: copyRows, unit: 'rows/s', higherIsBetter: true });
    } finally {
      remove();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (only.includes('describe')) {
    const samples = servers.map(() => []);
    for (let r = 0; r < repeat; r++) {
      for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const ms = await timeDescribe(servers[i], describeSessions);
        samples[i].push(median(ms));
        progress(servers[i].label, `\\d bench_rich: median ${median(ms).toFixed(2)} ms over ${describeSessions} sessions`);
      }
    }
    result.describe = summarise(samples, { perSession: DESCRIBE_PER_SESSION, sessions: describeSessions, unit: 'ms', higherIsBetter: false });
  }
  return result;
}

function summarise([subject, baseline], info) {
  const s = median(subject);
  const b = median(baseline);
  return { ...info, subject: { median: s, samples: subject }, baseline: { median: b, samples: baseline }, ratio: s / b };
}

const fmt = (n, unit) => (unit === 'ms' ? n.toFixed(2) : Math.round(n).toLocaleString('en-US'));
const range = (xs, unit) => (xs.length < 2 ? '' : ` (${fmt(Math.min(...xs), unit)}–${fmt(Math.max(...xs), unit)})`);

/** The bulk workloads as table rows: [workload, subject, baseline, ratio, what the ratio means]. */
export function bulkRows(bulk) {
  const rows = [];
  if (bulk?.copy) {
    const c = bulk.copy;
    rows.push([`COPY FROM STDIN, ${c.rows.toLocaleString('en-US')} rows CSV (rows/s)`,
      fmt(c.subject.median, c.unit) + range(c.subject.samples, c.unit), fmt(c.baseline.median, c.unit) + range(c.baseline.samples, c.unit),
      `${c.ratio.toFixed(2)}×`, 'rows/s ÷ rows/s, higher is better']);
  }
  if (bulk?.describe) {
    const d = bulk.describe;
    rows.push([`psql \\d bench_rich (ms each)`,
      fmt(d.subject.median, d.unit) + range(d.subject.samples, d.unit), fmt(d.baseline.median, d.unit) + range(d.baseline.samples, d.unit),
      `${d.ratio.toFixed(2)}×`, 'time ÷ time, lower is better']);
  }
  return rows;
}

export const BULK_NOTE = 'COPY: psql `\\copy t FROM file WITH (FORMAT csv)` into a fresh '
  + '`(id bigint PRIMARY KEY, name text, score double precision, at timestamptz)`, wall time of psql incl. connecting. '
  + `\\d: one psql session runs \`\\d bench_rich\` ${DESCRIBE_PER_SESSION} times (a table with serial PK, unique, check, FK, index, defaults); `
  + '(session time − an empty session\'s) ÷ ' + DESCRIBE_PER_SESSION + ', median over sessions. Figures: median over runs (range).';
