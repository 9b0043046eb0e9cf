// Captures PostgreSQL 15 answers for bind-expr.pg-captured.test.ts: start a throwaway PostgreSQL on
// port 55436, run `node test/binder/capture/capture-pg.mjs test/binder/capture/expressions.txt`,
// and paste the output into CAPTURED.
import pg from 'pg';
import { readFileSync } from 'node:fs';
const cols = [
  ['i', 'int4', '7'], ['b', 'int8', '10'], ['sm', 'int2', '3'], ['s', 'text', 'hello'], ['v', 'varchar(3)', 'abc'],
  ['n', 'numeric', '2.50'], ['f', 'float8', '1.5'], ['r', 'float4', '0.25'], ['d', 'date', '2024-01-31'],
  ['ts', 'timestamp', '2024-01-31 10:20:30'], ['tz', 'timestamptz', '2024-01-31 10:20:30+00'], ['e', 'vector(3)', '[1,2,3]'],
  ['j', 'jsonb', '{"a": {"b": [1, 2.50, "x"]}, "k": null}'], ['u', 'uuid', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ['flag', 'bool', 't'], ['nul', 'int4', null], ['tnul', 'text', null],
];
const q = (v) => (v === null ? 'NULL' : `'${v.replace(/'/g, "''")}'`);
const vectorless = cols.map(([n, t, v]) => t.startsWith('vector') ? `${q(v)}::text` : `${q(v)}::${t}`);
const from = `(VALUES (${vectorless.join(', ')})) t(${cols.map((c) => c[0]).join(', ')})`;
const client = new pg.Client({ host: '127.0.0.1', port: 55436, user: 'postgres', database: 'postgres' });
await client.connect();
await client.query("SET TIME ZONE 'UTC'");
const exprs = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim() !== '');
const out = [];
for (const e of exprs) {
  try {
    const r = await client.query({ text: `SELECT ${e}, pg_typeof(${e})::text FROM ${from}`, rowMode: 'array', types: { getTypeParser: () => (v) => v } });
    out.push([e, r.rows[0][0], r.rows[0][1], r.fields[0].name]);
  } catch (err) {
    out.push([e, { error: err.code, message: err.message, position: err.position === undefined ? undefined : Number(err.position) }]);
  }
}
console.log(JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n  ['));
await client.end();
