#!/usr/bin/env node
// Regenerates syntax-errors.json from a real PostgreSQL 15: every query below is sent as one
// simple-protocol query and the ErrorResponse's SQLSTATE, message and position are recorded.
// Each query must fail in the grammar (PostgreSQL parses the whole string before running any of
// it, so nothing executes). Never edit the JSON by hand; run:
//   PGHOST=127.0.0.1 PGPORT=55434 PGUSER=postgres node test/sql/golden/capture-syntax-errors.mjs
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const QUERIES = [
  'SELEC 1',
  'SELECT 1 +',
  'SELECT 1 +   ',
  'SELECT 1 + -- trailing comment\n',
  'SELECT 1 +; SELECT 2',
  'SELECT 1; SELECT 2 +; SELECT 3',
  'SELECT 1;\n\nSELEC 2',
  "SELECT 'é€😀', x; SELEC 1",
  "SELECT 'é€😀' FROM WHERE",
  "select 'ab",
  'select "abc',
  'select $$abc',
  'select 1 /* abc',
  'select 1 /* a /* nested */ still comment',
  'SELECT ""',
  "SELECT 'a' 'b'",
  'SELECT * FROM t ORDER BY 1 ORDER BY 2',
  'SELECT 1 LIMIT 1,2',
  "SELECT U&'\\zzzz'",
  'CREATE ASSERTION a CHECK (true)',
  'SELECT 1 FETCH FIRST 1 ROWS WITH TIES',
  'INSERT INTO t VALUES (1,',
  'UPDATE t SET WHERE a = 1',
  'CREATE TABLE t (id int PRIMARY KEY,)',
  'SELECT (1;  select 2',
  "SELECT E'\\';' + ; SELECT 1",
  'SELECT $tag$ ; $tag$ +',
];

const client = new pg.Client();
await client.connect();
const cases = [];
for (const sql of QUERIES) {
  try {
    await client.query(sql);
    throw new Error(`expected an error from: ${sql}`);
  } catch (e) {
    if (!e.code) throw e;
    cases.push({ sql, code: e.code, message: e.message, position: e.position === undefined ? null : Number(e.position) });
  }
}
await client.end();
const out = new URL('./syntax-errors.json', import.meta.url);
writeFileSync(out, JSON.stringify({ capturedFrom: 'PostgreSQL 15', cases }, null, 2) + '\n');
console.log(`wrote ${cases.length} cases to ${out.pathname}`);
