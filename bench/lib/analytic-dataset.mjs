// The analytic suite's data: a fact table, a dimension table and 384-dimensional vectors, the same
// rows (a seeded generator) on both servers. kalamdb-pg gets multi-row INSERTs (as before it had
// COPY, so load figures stay comparable across runs); PostgreSQL gets COPY, its own fast path. Both scripts are written to a temp file and fed to psql.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { runChecked } from './process.mjs';
import { psqlValue } from './psql.mjs';

export const GROUPS = 100;
export const DIM_ROWS = 10_000;
export const DIM_CATEGORIES = 10;
export const VECTOR_DIMS = 384;

/** mulberry32: a small, fast, seeded PRNG, so both servers get byte-identical data. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Row `id` of the fact table: grp takes GROUPS values, val is uniform in [0, 1000) with three
 * decimals (so `val BETWEEN 500 AND 501` keeps about 0.1 % of the rows), name is a short text.
 */
export function factRows(count, seed = 1) {
  const random = seededRandom(seed);
  const rows = [];
  for (let id = 1; id <= count; id++) {
    const val = Math.floor(random() * 1_000_000) / 1000;
    rows.push([id, (id * 37) % GROUPS, val, `name-${(id * 7919) % 1_000_003}`]);
  }
  return rows;
}

/** The dimension table: ids 0..DIM_ROWS-1 (the fact table joins on id % DIM_ROWS), a category, a weight. */
export function dimRows() {
  const rows = [];
  for (let id = 0; id < DIM_ROWS; id++) rows.push([id, `cat-${id % DIM_CATEGORIES}`, 1 + (id % 7) / 10]);
  return rows;
}

/** One vector: VECTOR_DIMS components in [0, 1) with three decimals, as decimal strings. */
export function vectorComponents(random) {
  const out = new Array(VECTOR_DIMS);
  for (let i = 0; i < VECTOR_DIMS; i++) out[i] = (Math.floor(random() * 1000) / 1000).toFixed(3);
  return out;
}

/** The query vector of the kNN query: not one of the stored ones. */
export function queryVector() {
  return vectorComponents(seededRandom(424242));
}

export function schemaSql(kind) {
  const vectorType = kind === 'postgres' ? 'real[]' : `EMBEDDING(${VECTOR_DIMS})`;
  return [
    'CREATE TABLE bench_fact (id BIGINT PRIMARY KEY, grp INT, val DOUBLE PRECISION, name TEXT);',
    'CREATE TABLE bench_dim (id INT PRIMARY KEY, cat TEXT, weight DOUBLE PRECISION);',
    `CREATE TABLE bench_vec (id BIGINT PRIMARY KEY, v ${vectorType});`,
  ].join('\n');
}

const sqlText = (s) => `'${s.replaceAll("'", "''")}'`;

/** Streams a load script to a file in pieces: 1M rows never sit in memory as one string. */
class ScriptFile {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.chunks = [];
    this.size = 0;
  }

  write(text) {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size > 4_000_000) this.flush();
  }

  flush() {
    fs.writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** Multi-row INSERTs, `perStatement` rows each. */
function writeInserts(out, table, columns, rowCount, rowAt, perStatement) {
  for (let first = 0; first < rowCount; first += perStatement) {
    const last = Math.min(rowCount, first + perStatement);
    const tuples = [];
    for (let i = first; i < last; i++) tuples.push(`(${rowAt(i).join(',')})`);
    out.write(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(',')};\n`);
  }
}

/** COPY … FROM STDIN with the rows inline, as pg_dump writes it (text format, tab-separated). */
function writeCopy(out, table, columns, rowCount, rowAt) {
  out.write(`COPY ${table} (${columns}) FROM STDIN;\n`);
  for (let i = 0; i < rowCount; i++) out.write(`${rowAt(i).join('\t')}\n`);
  out.write('\\.\n');
}

/**
 * Writes one table's load script for a server kind to `file`. `rows` are the fact or dim rows;
 * for bench_vec, `rows` is a count and the vectors come from the seeded generator.
 */
export function writeLoadScript(file, kind, table, rows, { rowsPerInsert = 1000 } = {}) {
  const out = new ScriptFile(file);
  const copy = kind === 'postgres';
  let columns;
  let count;
  let rowAt;
  if (table === 'bench_vec') {
    const random = seededRandom(7);
    columns = 'id, v';
    count = rows;
    rowAt = (i) => {
      const v = vectorComponents(random).join(',');
      if (copy) return [i + 1, `{${v}}`];
      return [i + 1, `'[${v}]'`];
    };
  } else {
    columns = table === 'bench_fact' ? 'id, grp, val, name' : 'id, cat, weight';
    count = rows.length;
    rowAt = copy ? (i) => rows[i] : (i) => rows[i].map((x) => (typeof x === 'string' ? sqlText(x) : String(x)));
  }
  if (copy) writeCopy(out, table, columns, count, rowAt);
  else writeInserts(out, table, columns, count, rowAt, rowsPerInsert);
  out.close();
  return count;
}

/** psql -f FILE: the script runs as one session, stopping at the first error. */
async function runScriptFile(server, file, timeoutMs) {
  await runChecked('psql', ['-X', '-q', '-w', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port),
    '-U', server.user, '-d', server.database, '-f', file], {
    env: { PGCONNECT_TIMEOUT: '10', ...server.clientEnv }, timeoutMs,
  });
}

/**
 * Creates the three tables on `server` and loads them, timing each table's load. The scripts are
 * written before the clock starts; the rows are counted back afterwards.
 */
export async function loadAnalytic(server, { factCount, vectorCount, loadTimeoutMs, progress }) {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalamdb-bench-load-'));
  const removeTmp = onCleanup(`remove ${tmpDir}`, () => fs.rmSync(tmpDir, { recursive: true, force: true }));
  try {
    const schema = path.join(tmpDir, 'schema.sql');
    fs.writeFileSync(schema, schemaSql(server.kind));
    await runScriptFile(server, schema, 60_000);
    const tables = [
      { table: 'bench_fact', rows: factRows(factCount), rowsPerInsert: 1000 },
      { table: 'bench_dim', rows: dimRows(), rowsPerInsert: 1000 },
      { table: 'bench_vec', rows: vectorCount, rowsPerInsert: 200 },
    ];
    const loads = [];
    for (const { table, rows, rowsPerInsert } of tables) {
      const file = path.join(tmpDir, `${table}.sql`);
      const count = writeLoadScript(file, server.kind, table, rows, { rowsPerInsert });
      const bytes = fs.statSync(file).size;
      progress?.(`loading ${count.toLocaleString('en-US')} rows into ${table} (${(bytes / 2 ** 20).toFixed(0)} MiB of SQL)…`);
      const started = process.hrtime.bigint();
      await runScriptFile(server, file, loadTimeoutMs);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      fs.rmSync(file);
      // The first scan of a table: on kalamdb-pg it also fills the column cache from RocksDB.
      const countStarted = process.hrtime.bigint();
      const counted = Number(await psqlValue(server, `SELECT count(*) FROM ${table}`));
      const firstScanSeconds = Number(process.hrtime.bigint() - countStarted) / 1e9;
      if (counted !== count) throw new Error(`${server.label}: ${table} holds ${counted} rows after loading ${count}`);
      const method = server.kind === 'postgres' ? 'COPY' : `${rowsPerInsert}-row INSERTs`;
      loads.push({ table, rows: count, seconds, rowsPerSecond: count / seconds, method, firstScanSeconds });
      progress?.(`${table}: ${count.toLocaleString('en-US')} rows in ${seconds.toFixed(1)} s (${Math.round(count / seconds).toLocaleString('en-US')} rows/s, ${method})`);
    }
    return loads;
  } finally {
    removeTmp();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}
