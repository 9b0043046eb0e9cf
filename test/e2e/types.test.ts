/**
 * Every type of DESIGN.md section 4 through node-postgres and postgres.js, with parameters, text
 * and binary results — compared byte for byte with a real PostgreSQL 15 running the same SQL.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import postgres from 'postgres';
import { PASSWORD, SUPERUSER, type TestServer } from './harness.js';
import type { ReferencePostgres } from '../support/pg-reference.js';
import { differentialPair } from '../support/differential.js';

/** column name, declared type, a value sent as a parameter */
const COLUMNS: [string, string, unknown][] = [
  ['c_bool', 'boolean', true],
  ['c_int2', 'smallint', -32768],
  ['c_int4', 'integer', 2147483647],
  ['c_int8', 'bigint', '-9223372036854775808'],
  ['c_float4', 'real', 1.5],
  ['c_float8', 'double precision', 0.1],
  ['c_numeric', 'numeric(10,2)', '12345.678'],
  ['c_text', 'text', 'héllo wörld'],
  ['c_varchar', 'varchar(10)', 'abc'],
  ['c_char', 'char(5)', 'ab'],
  ['c_ts', 'timestamp', '2024-01-02 03:04:05.123456'],
  ['c_tstz', 'timestamptz', '2024-01-02 03:04:05.5+02'],
  ['c_date', 'date', '2024-02-29'],
  ['c_time', 'time', '23:59:59.999999'],
  ['c_json', 'json', '{"b":1,"a":[1,2]}'],
  ['c_jsonb', 'jsonb', '{"b":1,"a":[1,2], "aa": null}'],
  // node-postgres decodes every DataRow field as UTF-8 (pg-protocol has no binary mode), so binary
  // results are compared exactly only where every byte is ASCII: values below are chosen so.
  ['c_bytea', 'bytea', Buffer.from([0x01, 0x7f, 0x00, 0x41])],
  ['c_uuid', 'uuid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'],
];

const CREATE = `CREATE TABLE typed (id int PRIMARY KEY, ${COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})`;
const INSERT = `INSERT INTO typed VALUES ($1, ${COLUMNS.map((_, i) => `$${i + 2}`).join(', ')})`;
const SELECT = `SELECT ${COLUMNS.map(([n]) => n).join(', ')} FROM typed WHERE id = $1`;

const raw = { getTypeParser: () => (v: string | Buffer) => v } as unknown as pg.CustomTypesConfig;

const pair = differentialPair([CREATE, 'INSERT INTO typed (id) VALUES (2)']);
let ours: TestServer;
let ref: ReferencePostgres;
let a: pg.Client;
let b: pg.Client;

beforeAll(async () => {
  ({ server: ours, ref, ours: a, reference: b } = pair);
  for (const c of [a, b]) await c.query(INSERT, [1, ...COLUMNS.map(([, , v]) => v)]);
});

describe('types over node-postgres', () => {
  it('text results match PostgreSQL', async () => {
    for (const id of [1, 2]) {
      const q = { text: SELECT, values: [id], rowMode: 'array' as const, types: raw };
      const [x, y] = await Promise.all([a.query(q), b.query(q)]);
      expect(x.rows).toEqual(y.rows);
      expect(x.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier])).toEqual(
        y.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeModifier]),
      );
    }
  });

  it('binary results match PostgreSQL byte for byte', async () => {
    // node-postgres reads DataRow fields as bytes only when the client itself is in binary mode.
    const ab = await ours.client({ binary: true });
    const bb = new pg.Client({ host: '127.0.0.1', port: ref.port, user: ref.user, database: 'postgres', binary: true });
    await bb.connect();
    for (const id of [1, 2]) {
      const q = { text: SELECT, values: [id], rowMode: 'array' as const, types: raw };
      const [x, y] = await Promise.all([ab.query(q), bb.query(q)]);
      COLUMNS.forEach(([name], i) => {
        const got = x.rows[0][i] === null ? null : Buffer.from(x.rows[0][i]).toString('hex');
        const want = y.rows[0][i] === null ? null : Buffer.from(y.rows[0][i]).toString('hex');
        expect({ name, got }).toEqual({ name, got: want });
      });
    }
    await bb.end();
  });

  it('parsed values match PostgreSQL', async () => {
    const [x, y] = await Promise.all([a.query(SELECT, [1]), b.query(SELECT, [1])]);
    expect(x.rows).toEqual(y.rows);
  });

  it('typed literals and casts print the same', async () => {
    const sql = `SELECT 1.5e10, 9223372036854775807::bigint, 0.1::float8, 1e21::float8, 1.5::float4,
      '2024-01-02 03:04:05.120'::timestamptz, '{"b":1,"a":2}'::jsonb, 10::numeric / 4, 1::numeric / 3,
      'x'::varchar(3), true, NULL::int, -7 / 2, 7 % 3, 'ab' || 'cd', length('héllo'), upper('abc')`;
    const q = { text: sql, rowMode: 'array' as const, types: raw };
    const [x, y] = await Promise.all([a.query(q), b.query(q)]);
    expect(x.rows).toEqual(y.rows);
  });
});

describe('EMBEDDING / vector', () => {
  it('stores and returns vectors in pgvector text form, dimension checked', async () => {
    await a.query('CREATE TABLE emb (id int PRIMARY KEY, e EMBEDDING(3), v vector(2))');
    await a.query('INSERT INTO emb VALUES ($1, $2, $3)', [1, '[1,2.5,-3]', '[0.5,1e-3]']);
    // A binary parameter (node-postgres sends Buffers in binary): pgvector's int16 dim, int16 0, float4s.
    const wire = Buffer.alloc(16);
    wire.writeInt16BE(3, 0);
    [2, 0.5, 3].forEach((f, i) => wire.writeFloatBE(f, 4 + 4 * i));
    await a.query('INSERT INTO emb (id, e) VALUES ($1, $2)', [3, wire]);
    const r = await a.query({ text: 'SELECT e, v FROM emb', rowMode: 'array', types: raw });
    expect(r.rows[0]).toEqual(['[1,2.5,-3]', '[0.5,0.001]']);
    await expect(a.query("INSERT INTO emb VALUES (2, '[1,2]', NULL)")).rejects.toMatchObject({ code: '22000' });
    // Parameters make node-postgres use the extended protocol, where binary results exist.
    const ab = await ours.client({ binary: true });
    const text = await a.query({ text: 'SELECT e FROM emb WHERE id = 3', rowMode: 'array', types: raw });
    expect(text.rows[0][0]).toBe('[2,0.5,3]');
    const bin = await ab.query({ text: 'SELECT e FROM emb WHERE id = $1', values: [3], rowMode: 'array', types: raw });
    const buf = Buffer.from(bin.rows[0][0], 'latin1');
    expect(buf.toString('hex')).toBe(wire.toString('hex'));
  });
});

describe('types over postgres.js', () => {
  it('runs the same parameterised queries with the same answers', async () => {
    const opts = { host: '127.0.0.1', database: 'postgres', max: 1, onnotice: () => undefined };
    const sa = postgres({ ...opts, port: ours.port, username: SUPERUSER, password: PASSWORD });
    const sb = postgres({ ...opts, port: ref.port, username: ref.user });
    try {
      for (const s of [sa, sb]) {
        await s.unsafe('CREATE TABLE pjs (id int PRIMARY KEY, t text, n numeric, ts timestamptz, b bool, j jsonb)');
        await s`INSERT INTO pjs VALUES (${1}, ${'x'}, ${'1.50'}, ${new Date('2024-05-06T07:08:09.123Z')}, ${true}, ${s.json({ a: 1 })})`;
      }
      const [x, y] = await Promise.all([sa`SELECT * FROM pjs WHERE id = ${1}`, sb`SELECT * FROM pjs WHERE id = ${1}`]);
      expect([...x]).toEqual([...y]);
      const [p, q] = await Promise.all([sa`SELECT ${'a'}::text AS s, ${5}::int + 1 AS n`, sb`SELECT ${'a'}::text AS s, ${5}::int + 1 AS n`]);
      expect([...p]).toEqual([...q]);
      // Every type: the same parameterised INSERT and SELECT as over node-postgres.
      for (const s of [sa, sb]) await s.unsafe(INSERT, [3, ...COLUMNS.map(([, , v]) => v)] as never[]);
      const [r1, r2] = await Promise.all([sa.unsafe(SELECT, [3]), sb.unsafe(SELECT, [3])]);
      expect([...r1]).toEqual([...r2]);
      expect(r1.columns.map((c) => c.type)).toEqual(r2.columns.map((c) => c.type));
    } finally {
      await sa.end();
      await sb.end();
    }
  });
});
