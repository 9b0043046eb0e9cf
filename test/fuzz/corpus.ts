/**
 * The fuzzer's seeds: valid frontend message sequences, shaped after what psql, node-postgres and
 * pgjdbc send (/work/shared/reference/wire-traces.txt): simple queries, Parse/Bind/Describe/
 * Execute/Sync rounds with text and binary parameters, named statements and portals, COPY FROM
 * STDIN, transactions. Every statement touches only the fuzzers' own table `fz`, never the healthy
 * client's, and none can run long (the fuzz sessions also start with statement_timeout).
 */
import { serialize } from 'pg-protocol';
import { frame } from '../wire/raw-client.js';

export const FUZZ_TABLE_DDL = 'CREATE TABLE fz (id INT PRIMARY KEY, v TEXT, n NUMERIC, b BYTEA, ts TIMESTAMPTZ, j JSONB)';

/** Statements a fuzz session may send, as they are (mutations come on top). */
const STATEMENTS = [
  'SELECT 1',
  'SELECT * FROM fz ORDER BY id LIMIT 5',
  "INSERT INTO fz VALUES (1000 + (random() * 1000000)::int, 'x', 1.5, '\\xdead', now(), '{\"a\":1}') ON CONFLICT DO NOTHING",
  "UPDATE fz SET v = v || 'y' WHERE id < 1005",
  'DELETE FROM fz WHERE id > 1500000',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT s1',
  'ROLLBACK TO SAVEPOINT s1',
  "SELECT 'héllo wörld ✓', E'\\x41', 'ab'::bytea, '1 day'::interval, ARRAY[1,2,3]",
  'SELECT generate_series(1, 50) AS g',
  "SELECT repeat('abc', 2000)",
  'SELECT count(*), sum(id) FROM fz',
  'SELECT pg_sleep(0.001)',
  "SELECT '{\"k\": [1, 2, {\"z\": null}]}'::jsonb -> 'k'",
  'SELECT 1/0',
  'SELECT * FROM no_such_table',
  'SHOW server_version',
  "SET application_name = 'fuzz'",
  'SELECT $1::int + 1',
  'DECLARE c CURSOR FOR SELECT generate_series(1, 20)',
  'FETCH 5 FROM c',
  'CLOSE c',
  'COPY fz (id, v) FROM STDIN',
  'COPY (SELECT * FROM fz LIMIT 3) TO STDOUT',
  'EXPLAIN SELECT * FROM fz WHERE id = 3',
  '',
  ';;',
  'SELECT 1; SELECT 2; SELECT * FROM fz LIMIT 1',
  // ~55 MB of rows: past the fuzz server's --max-query-memory, so it must fail with 53200.
  "SELECT repeat('q', 500) FROM generate_series(1, 100000)",
];

const PARAM_STATEMENTS: Array<{ sql: string; types: number[]; values: Array<string | Buffer> }> = [
  { sql: 'SELECT $1::text AS t', types: [25], values: ['text ✓'] },
  { sql: 'SELECT $1::int + $2::int', types: [23, 23], values: ['1', '2'] },
  { sql: 'INSERT INTO fz (id, v, n) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET v = excluded.v', types: [23, 25, 1700], values: ['7', 'seven', '7.25'] },
  { sql: 'SELECT * FROM fz WHERE id = $1', types: [0], values: ['7'] },
  { sql: 'SELECT $1::bytea', types: [17], values: [Buffer.from([0, 1, 2, 255])] },
  { sql: 'SELECT $1::timestamptz', types: [1184], values: ['2024-01-02 03:04:05+00'] },
  { sql: 'SELECT $1::jsonb', types: [3802], values: ['{"a":[1,2]}'] },
  { sql: 'UPDATE fz SET v = $2 WHERE id = $1', types: [], values: ['7', 'upd'] },
];

export type Random = () => number;

export function pick<T>(rnd: Random, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

/** One extended-protocol round as a driver sends it (pg's Parse/Bind/Describe/Execute/Sync). */
function extendedRound(rnd: Random): Buffer[] {
  const s = pick(rnd, PARAM_STATEMENTS);
  const named = rnd() < 0.3 ? `s${Math.floor(rnd() * 4)}` : '';
  const portal = rnd() < 0.2 ? `p${Math.floor(rnd() * 3)}` : '';
  const binary = rnd() < 0.3;
  const frames = [
    serialize.parse({ name: named, text: s.sql, types: s.types }),
    serialize.bind({ portal, statement: named, values: s.values, binary }),
    serialize.describe({ type: 'P', name: portal }),
    serialize.execute({ portal, rows: rnd() < 0.3 ? 1 + Math.floor(rnd() * 3) : 0 }),
  ];
  if (rnd() < 0.2) frames.push(serialize.describe({ type: 'S', name: named }));
  if (named && rnd() < 0.5) frames.push(serialize.close({ type: 'S', name: named }));
  if (rnd() < 0.2) frames.push(serialize.flush());
  frames.push(serialize.sync());
  return frames;
}

function copyIn(rnd: Random): Buffer[] {
  const rows = 1 + Math.floor(rnd() * 4);
  const frames = [serialize.query('COPY fz (id, v) FROM STDIN')];
  for (let i = 0; i < rows; i++) {
    frames.push(serialize.copyData(Buffer.from(`${2_000_000 + Math.floor(rnd() * 1_000_000)}\tcopied\n`)));
  }
  frames.push(rnd() < 0.8 ? serialize.copyDone() : serialize.copyFail('client gave up'));
  return frames;
}

/** A valid piece of conversation after authentication. */
export function validSequence(rnd: Random): Buffer[] {
  const r = rnd();
  if (r < 0.45) return [serialize.query(pick(rnd, STATEMENTS))];
  if (r < 0.85) return extendedRound(rnd);
  if (r < 0.92) return copyIn(rnd);
  return [serialize.query('BEGIN'), ...extendedRound(rnd), serialize.query(rnd() < 0.5 ? 'COMMIT' : 'ROLLBACK')];
}

/**
 * A single message of any kind, valid on its own but likely out of place: Execute of a portal
 * never bound, CopyData outside COPY, a second StartupMessage, a password after login…
 */
export function strayMessage(rnd: Random): Buffer {
  const makers: Array<() => Buffer> = [
    () => serialize.execute({ portal: pick(rnd, ['', 'p0', 'nope']), rows: Math.floor(rnd() * 3) }),
    () => serialize.bind({ portal: 'p1', statement: pick(rnd, ['', 's0', 'missing']), values: [] }),
    () => serialize.describe({ type: pick(rnd, ['S', 'P'] as const), name: pick(rnd, ['', 's1', 'p2']) }),
    () => serialize.close({ type: pick(rnd, ['S', 'P'] as const), name: pick(rnd, ['', 's1', 'p2']) }),
    () => serialize.copyData(Buffer.from('1\tstray\n')),
    () => serialize.copyDone(),
    () => serialize.copyFail('stray'),
    () => serialize.flush(),
    () => serialize.sync(),
    () => serialize.password('not now'),
    () => serialize.startup({ user: 'postgres', database: 'postgres' }),
    () => serialize.requestSsl(),
    () => serialize.cancel(Math.floor(rnd() * 1000), Math.floor(rnd() * 2 ** 31)),
    () => frame('F', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), // FunctionCall, refused with 0A000
    () => serialize.parse({ name: 's0', text: pick(rnd, STATEMENTS) }),
  ];
  return pick(rnd, makers)();
}

/** The startup phase as clients send it, for the sessions that fuzz before authentication. */
export function startupSequence(rnd: Random, user: string): Buffer[] {
  const params: Record<string, string> = { user, database: 'postgres' };
  if (rnd() < 0.5) params.application_name = 'fuzz';
  if (rnd() < 0.3) params.client_encoding = 'UTF8';
  if (rnd() < 0.2) params['_pq_.fuzz'] = 'x'; // a protocol option we do not know
  const frames: Buffer[] = [];
  if (rnd() < 0.3) frames.push(serialize.requestSsl());
  frames.push(serialize.startup(params));
  return frames;
}
