// The cold suite's table: BENCH_COLD_ROWS seeded rows of (id, grp, val, ts, name), streamed as CSV
// into COPY … FROM STDIN on each server. At 10M rows the CSV is about 450 MB, so it is generated
// while psql sends it, never written to disk or held whole in memory.
import { seededRandom } from './analytic-dataset.mjs';
import { psqlCopyIn, psqlScript } from './psql.mjs';

export const COLD_TABLE = 'bench_cold';
export const COLD_GROUPS = 100;
export const COLD_SCHEMA_SQL = `CREATE TABLE ${COLD_TABLE} (id BIGINT PRIMARY KEY, grp INT, val DOUBLE PRECISION, ts TIMESTAMP, name TEXT);`;

const DAY_SECONDS = 86_400;
const YEAR_DAYS = 365;
const YEAR_SECONDS = YEAR_DAYS * DAY_SECONDS;
const YEAR_START_MS = Date.UTC(2025, 0, 1);

/** `YYYY-MM-DD HH:MM:SS` of a second within 2025 (a timestamp without time zone, as PostgreSQL prints it). */
export function formatTs(second) {
  return new Date(YEAR_START_MS + second * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The ts filter's range: the 1 % of the year that starts on 2025-06-01 (3 days 15:36). ts is
 * uniform over the year and independent of id, so the rows it keeps are spread through the whole
 * table and no ordering of the load can make min/max statistics skip most of it: the query measures
 * a scan and a predicate, as on PostgreSQL, which has no index on ts here.
 */
export const TS_FILTER = {
  from: formatTs(151 * DAY_SECONDS),
  to: formatTs(151 * DAY_SECONDS + YEAR_SECONDS / 100),
  fraction: 0.01,
};

// ts = a day's prefix + a time of day: two table lookups per row instead of a Date per row.
let dayPrefixes = null;
let timesOfDay = null;
function tsText(second) {
  if (dayPrefixes === null) {
    dayPrefixes = Array.from({ length: YEAR_DAYS }, (_, d) => formatTs(d * DAY_SECONDS).slice(0, 11));
    timesOfDay = Array.from({ length: DAY_SECONDS }, (_, s) => formatTs(s).slice(11));
  }
  return dayPrefixes[Math.floor(second / DAY_SECONDS)] + timesOfDay[second % DAY_SECONDS];
}

/**
 * The rows as CSV text in pieces of about `chunkChars` characters. Row `id` (1-based): grp in
 * 0..99 and val uniform in [0, 1000) with 3 decimals, both from the seeded PRNG; ts a uniform
 * second of 2025; name a 6-to-12-character text with about a million distinct values.
 */
export function* coldCsvChunks(rows, { seed = 11, chunkChars = 256 * 1024 } = {}) {
  const random = seededRandom(seed);
  let chunk = '';
  for (let id = 1; id <= rows; id++) {
    const grp = Math.floor(random() * COLD_GROUPS);
    const val = Math.floor(random() * 1_000_000) / 1000;
    const ts = tsText(Math.floor(random() * YEAR_SECONDS));
    chunk += `${id},${grp},${val},${ts},n${(id * 7919) % 1_000_003}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Creates bench_cold on `server` and streams `rows` rows into it through psql's COPY FROM STDIN.
 * The clock runs from psql's start to its exit; the harness's own CPU over that time is the
 * generator's cost (and node's piping), reported so a slow load can be told from a slow generator.
 */
export async function loadCold(server, rows, { timeoutMs }) {
  await psqlScript(server, COLD_SCHEMA_SQL);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const copied = await psqlCopyIn(server, `COPY ${COLD_TABLE} FROM STDIN WITH (FORMAT csv)`, coldCsvChunks(rows), { timeoutMs });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  if (copied !== rows) throw new Error(`${server.label}: COPY of ${rows} rows reported COPY ${copied}`);
  return { rows, seconds, rowsPerSecond: rows / seconds, method: 'COPY FROM STDIN (CSV)', generatorCpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
