// The tables every run reads and writes, and the bulk load that fills bench_kv.
import { psqlScript, psqlValue } from './psql.mjs';

export const SCHEMA_SQL = [
  'CREATE TABLE bench_kv (id BIGINT PRIMARY KEY, v TEXT);',
  'CREATE TABLE bench_ins (id BIGINT PRIMARY KEY, v TEXT);',
].join('\n');

const ROWS_PER_INSERT = 1000;

/** The value stored for row `id`: 32 characters, different per row. */
export function valueFor(id) {
  return `value-${String(id).padStart(26, '0')}`;
}

/** Multi-row INSERT statements for ids 1..rows, ROWS_PER_INSERT rows each. */
export function loadStatements(rows) {
  const statements = [];
  for (let first = 1; first <= rows; first += ROWS_PER_INSERT) {
    const last = Math.min(rows, first + ROWS_PER_INSERT - 1);
    const tuples = [];
    for (let id = first; id <= last; id++) tuples.push(`(${id},'${valueFor(id)}')`);
    statements.push(`INSERT INTO bench_kv (id, v) VALUES ${tuples.join(',')};`);
  }
  return statements;
}

/** Creates the tables and loads `rows` rows through one psql session; returns seconds and rows/s. */
export async function createAndLoad(server, rows) {
  await psqlScript(server, SCHEMA_SQL);
  const script = loadStatements(rows).join('\n') + '\n';
  const started = process.hrtime.bigint();
  await psqlScript(server, script);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // A point read of both ends (the query the benchmark itself uses) proves the load landed.
  for (const id of [1, rows]) {
    const v = await psqlValue(server, `SELECT v FROM bench_kv WHERE id = ${id}`);
    if (v !== valueFor(id)) {
      throw new Error(`${server.label}: after loading, row ${id} reads back as ${JSON.stringify(v)}`);
    }
  }
  return { rows, rowsPerStatement: ROWS_PER_INSERT, seconds, rowsPerSecond: rows / seconds };
}
