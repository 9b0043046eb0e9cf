// The COPY workload: one CSV file of BENCH_COPY_ROWS rows, 4 columns, streamed by psql's \copy
// (COPY … FROM STDIN) into a fresh table on each server; the figure is rows per second of wall time.
import fs from 'node:fs';
import path from 'node:path';
import { psqlScript, psqlValue } from './psql.mjs';

export const COPY_COLUMNS = 'id bigint PRIMARY KEY, name text, score double precision, at timestamptz';

const BASE_EPOCH_MS = Date.UTC(2026, 0, 1);

/** Row `id` as a CSV line: a 20-to-28-character name, a 3-decimal score, a timestamp with zone. */
export function copyLine(id) {
  const score = ((id * 7919) % 1_000_000) / 1000;
  const at = new Date(BASE_EPOCH_MS + id * 1000).toISOString().replace('T', ' ').replace('.000Z', '+00');
  return `${id},customer-${String(id).padStart(10, '0')}-${id % 97},${score},${at}\n`;
}

/** Writes the rows to `<dir>/copy.csv` in 64 KiB pieces and returns the path. */
export function writeCopyFile(dir, rows) {
  const file = path.join(dir, 'copy.csv');
  const fd = fs.openSync(file, 'w');
  try {
    let chunk = '';
    for (let id = 1; id <= rows; id++) {
      chunk += copyLine(id);
      if (chunk.length >= 65_536) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/**
 * One timed COPY into a table created just before (not timed) and dropped after: the wall time of
 * psql from start to exit, connection included (a few ms against a load of seconds). The row count
 * read back afterwards proves every row landed.
 */
export async function timeCopy(server, file, rows, run) {
  const table = `bench_copy_${run}`;
  await psqlScript(server, `DROP TABLE IF EXISTS ${table};\nCREATE TABLE ${table} (${COPY_COLUMNS});\n`);
  const started = process.hrtime.bigint();
  await psqlScript(server, `\\copy ${table} FROM '${file}' WITH (FORMAT csv)\n`, { timeoutMs: 1_800_000 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const count = await psqlValue(server, `SELECT count(*) FROM ${table}`);
  if (count !== String(rows)) throw new Error(`${server.label}: COPY of ${rows} rows left ${count} rows in ${table}`);
  await psqlScript(server, `DROP TABLE ${table};\n`);
  return { seconds, rowsPerSecond: rows / seconds };
}
