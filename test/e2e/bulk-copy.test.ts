/**
 * COPY … FROM STDIN as a bulk load (a COPY of its own into an empty table), through real psql:
 * it must leave exactly what the row-at-a-time path (the same COPY inside BEGIN … COMMIT) leaves,
 * fail with the same errors, keep nothing of a failed load, never show a reader part of a load,
 * make a conflicting insert wait and fail, and leave nothing after a crash in the middle.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { runPsql, type PsqlResult } from '../../compat/psql-runner.js';
import { seededRandom } from '../support/seeded-random.js';
import { CHILD_PASSWORD, freePort, startChild } from './child-server.js';
import { PASSWORD, SUPERUSER, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'kalamdb-bulk-copy-'));
const dirs: string[] = [dir];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const psql = (script: string, port = server.port, password = PASSWORD): Promise<PsqlResult> =>
  runPsql(`host=127.0.0.1 port=${port} user=${SUPERUSER} dbname=postgres`, script, [], password);

function file(name: string, lines: readonly string[]): string {
  const f = join(dir, name);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

const WIDE = `id bigint PRIMARY KEY, i int, s smallint, f float8, r real, t text, n numeric(8,2), b boolean,
  d date, ts timestamp, tz timestamptz, u uuid, j jsonb`;

/** Row `id` with spellings the fast readers take and ones they leave to the input functions. */
function wideRow(id: number, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const f = pick(['7.919', '-0', '.5', '5.', '1e5', '-2.5E-3', 'NaN', 'Infinity', '', '0.1', '123456789.123456']);
  const t = pick(['plain', 'ünïcødé ✓', '', '"quoted, with comma"', '"two ""quotes"""', 'x'.repeat(70), '"line\nbreak"']);
  const ts = pick(['2026-01-01 00:00:01', '2024-02-29 23:59:59.123456', '1999-12-31T12:00:00', '', 'epoch']);
  const tz = pick(['2026-01-01 00:00:01+00', '2024-02-29 23:59:59.5+05:30', '2000-06-15 08:30:00Z', '2026-03-29 02:30:00', '1995-01-01 00:00:00 America/New_York', '']);
  return [id, pick(['42', '-7', '', ' 8']), pick(['3', '-32768', '']), f, pick(['1.5', '3.4e38', '']), t, pick(['12.345', '-1', '']),
    pick(['t', 'false', 'yes', '']), pick(['2026-01-31', '1999-01-08', '']), ts, tz, pick(['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '']),
    pick(['"{""a"": [1, 2]}"', '[]', '"""x"""', ''])].join(',');
}

describe('bulk COPY', () => {
  it('leaves exactly what the row-at-a-time path leaves, for every type and spelling', async () => {
    const rnd = seededRandom(11);
    const csv = file('wide.csv', Array.from({ length: 30_000 }, (_, i) => wideRow(i + 1, rnd)));
    const text = file('wide.txt', Array.from({ length: 5000 }, (_, i) => `${i + 1}\t${i % 3 === 0 ? '\\N' : `tab\\there ${i}`}\t${i * 0.25}`));
    const r = await psql(`SET TIME ZONE 'Europe/Paris';
CREATE TABLE bulk_w (${WIDE});
CREATE TABLE rows_w (${WIDE});
\\copy bulk_w FROM '${csv}' WITH (FORMAT csv)
BEGIN;
\\copy rows_w FROM '${csv}' WITH (FORMAT csv)
COMMIT;
SELECT count(*) FROM bulk_w;
SELECT count(*) FROM (SELECT * FROM bulk_w EXCEPT SELECT * FROM rows_w) d;
SELECT count(*) FROM (SELECT * FROM rows_w EXCEPT SELECT * FROM bulk_w) d;
CREATE TABLE bulk_t (id int PRIMARY KEY, v text, x float8);
CREATE TABLE rows_t (id int PRIMARY KEY, v text, x float8);
\\copy bulk_t FROM '${text}'
BEGIN;
\\copy rows_t FROM '${text}'
COMMIT;
SELECT count(*), count(v) FROM bulk_t;
SELECT count(*) FROM (SELECT * FROM bulk_t EXCEPT SELECT * FROM rows_t) d;
`);
    expect(r.stderr).toBe('');
    expect(r.stdout.match(/COPY \d+/g)).toEqual(['COPY 30000', 'COPY 30000', 'COPY 5000', 'COPY 5000']);
    expect(r.stdout).toMatch(/count\s*\n-+\n\s+30000\n[\s\S]*count\s*\n-+\n\s+0\n[\s\S]*count\s*\n-+\n\s+0\n/);
    expect(r.stdout).toMatch(/5000 \|\s+3333\n[\s\S]*count\s*\n-+\n\s+0\n/);
  });

  it('fails a bad row, a duplicate or a missing field as the row-at-a-time path does, keeping nothing', async () => {
    const rows = (n: number, at: number, bad: string): string[] => Array.from({ length: n }, (_, i) => (i + 1 === at ? bad : `${i + 1},row ${i + 1},${i}`));
    const cases = [
      file('bad-int.csv', rows(20_000, 15_000, '15000,row,abc')),
      file('dup-far.csv', rows(20_000, 17_000, '5,again,1')),
      file('dup-near.csv', rows(20_000, 9, '3,again,1')),
      file('short.csv', rows(20_000, 12_345, '12345,row')),
      file('nul.csv', rows(20_000, 444, '444,NULL,1').map((l) => l.replace('NULL', ''))),
    ];
    const shuffled = Array.from({ length: 20_000 }, (_, i) => i + 1).sort((a, b) => ((a * 7919) % 20_011) - ((b * 7919) % 20_011));
    cases.push(file('dup-shuffled.csv', [...shuffled.map((i) => `${i},row,${i}`), '77,again,1']));
    for (const f of cases) {
      const make = 'DROP TABLE IF EXISTS e; CREATE TABLE e (id bigint PRIMARY KEY, v text NOT NULL, k int);';
      const bulk = await psql(`${make}\n\\copy e FROM '${f}' WITH (FORMAT csv)\nSELECT count(*) FROM e;\n`);
      const rowwise = await psql(`${make}\nBEGIN;\n\\copy e FROM '${f}' WITH (FORMAT csv)\nROLLBACK;\nSELECT count(*) FROM e;\n`);
      const errors = (out: string): string => out.replace(/psql:[^:]*:\d+: /g, '').replace(/^NOTICE: .*\n/gm, '');
      expect(errors(bulk.stderr), f).toMatch(/^ERROR: /);
      expect(errors(bulk.stderr), f).toBe(errors(rowwise.stderr));
      expect(bulk.stdout, f).toMatch(/count\s*\n-+\n\s+0\n/);
    }
    // The table takes a good load right after.
    const ok = await psql(`\\copy e FROM '${file('good.csv', rows(1000, 0, ''))}' WITH (FORMAT csv)\nSELECT count(*) FROM e;\n`);
    expect(ok.stdout).toMatch(/COPY 1000[\s\S]*1000\n/);
  });

  it('never shows a reader part of a load; a conflicting insert waits and fails, another waits and lands', async () => {
    const n = 300_000;
    const f = file('big.csv', Array.from({ length: n }, (_, i) => `${i + 1},row ${i + 1}`));
    const c = await server.client();
    await c.query('CREATE TABLE big (id bigint PRIMARY KEY, v text)');
    const load = psql(`\\copy big FROM '${f}' WITH (FORMAT csv)\n`);
    const seen = new Set<number>();
    const writer = await server.client();
    const other = await server.client();
    // The inserts go once the COPY runs (on a very busy machine they may still commit first:
    // then the COPY finds the table not empty, takes the row path and fails on the duplicate).
    let done = false;
    void load.then(() => (done = true));
    while (!done && (await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY big%'")).rows[0].n === 0) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 50));
    const dup = writer.query("INSERT INTO big VALUES (150000, 'mine')").then(() => 'ok', (e: { code: string }) => e.code);
    const fresh = other.query("INSERT INTO big VALUES (-1, 'mine')").then(() => 'ok', (e: { code: string }) => e.code);
    while (!done) seen.add(Number((await c.query('SELECT count(*) AS n FROM big')).rows[0].n));
    const r = await load;
    expect(await fresh).toBe('ok');
    const both = (await c.query('SELECT count(*)::int AS n, max(v) AS v FROM big WHERE id IN (-1, 150000)')).rows;
    if (r.stderr === '') {
      // The load went first: the insert of a key it holds failed, all its rows are there.
      expect(await dup).toBe('23505');
      expect(both).toEqual([{ n: 2, v: 'row 150000' }]);
      for (const s of seen) expect([0, 1, n, n + 1]).toContain(s);
    } else {
      expect(r.stderr).toContain('Key (id)=(150000) already exists.');
      expect(await dup).toBe('ok');
      expect(both).toEqual([{ n: 2, v: 'mine' }]);
      for (const s of seen) expect([0, 1, 2]).toContain(s);
    }
  });

  it('keeps nothing of a load the client abandons (CopyFail, or gone mid-stream), and serves on', async () => {
    const c = await server.client();
    await c.query('CREATE TABLE gone (id bigint PRIMARY KEY, v text)');
    const rows = (from: number, n: number): string => Array.from({ length: n }, (_, i) => `${from + i},row ${from + i}\n`).join('');
    const sql = postgres({ host: '127.0.0.1', port: server.port, username: SUPERUSER, password: PASSWORD, database: 'postgres', max: 1 });
    try {
      // CopyFail after 100,000 rows: 57014 with the client's message, as in PostgreSQL.
      const failing = await sql`COPY gone FROM STDIN WITH (FORMAT csv)`.writable();
      const failed = new Promise<unknown>((resolve) => failing.on('error', resolve));
      for (let at = 1; at <= 100_000; at += 10_000) failing.write(rows(at, 10_000));
      await new Promise((r) => setTimeout(r, 100));
      failing.destroy(new Error('changed my mind'));
      expect(String(await failed)).toContain('changed my mind');
      expect((await c.query('SELECT count(*)::int AS n FROM gone')).rows).toEqual([{ n: 0 }]);
      // The same session loads the table afterwards.
      const ok = await sql`COPY gone FROM STDIN WITH (FORMAT csv)`.writable();
      const done = new Promise((resolve, reject) => ok.on('finish', resolve).on('error', reject));
      ok.end(rows(1, 5000));
      await done;
      expect((await c.query('SELECT count(*)::int AS n FROM gone')).rows).toEqual([{ n: 5000 }]);
    } finally {
      await sql.end();
    }
    // A client that disconnects in the middle of a load into an empty table leaves nothing.
    await c.query('CREATE TABLE gone2 (id bigint PRIMARY KEY, v text)');
    const quitter = postgres({ host: '127.0.0.1', port: server.port, username: SUPERUSER, password: PASSWORD, database: 'postgres', max: 1 });
    const half = await quitter`COPY gone2 FROM STDIN WITH (FORMAT csv)`.writable();
    half.on('error', () => undefined);
    for (let at = 1; at <= 50_000; at += 10_000) half.write(rows(at, 10_000));
    await new Promise((r) => setTimeout(r, 100));
    await quitter.end({ timeout: 0 });
    for (let i = 0; i < 50 && Number((await c.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'COPY gone2%'")).rows[0].n) > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await c.query('SELECT count(*)::int AS n FROM gone2')).rows).toEqual([{ n: 0 }]);
    // An insert into the range would wait while the load lasted: it lands, so the load is over.
    await c.query("INSERT INTO gone2 VALUES (1, 'after')");
    expect((await c.query('SELECT count(*)::int AS n, max(v) AS v FROM gone2')).rows).toEqual([{ n: 1, v: 'after' }]);
  });

  it('leaves nothing of a load cut off by a crash, and loads again after the restart', async () => {
    const data = mkdtempSync(join(tmpdir(), 'kalamdb-bulk-crash-'));
    dirs.push(data);
    const port = await freePort();
    const f = file('crash.csv', Array.from({ length: 600_000 }, (_, i) => `${i + 1},row ${i + 1}`));
    let s = await startChild(data, port);
    const c = await s.client();
    c.on('error', () => undefined); // the kill ends this connection
    await c.query('CREATE TABLE crash (id bigint PRIMARY KEY, v text)');
    const load = psql(`\\copy crash FROM '${f}' WITH (FORMAT csv)\n`, port, CHILD_PASSWORD);
    // Kill it once the COPY is under way.
    while ((await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY%'")).rows[0].n === 0) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 150));
    s.proc.kill('SIGKILL');
    await s.exited;
    const acknowledged = (await load).stdout.includes('COPY 600000');
    s = await startChild(data, port);
    const c2 = await s.client();
    // All of it if psql heard COPY 600000 before the kill, else nothing: never a part.
    expect((await c2.query('SELECT count(*)::int AS n FROM crash')).rows).toEqual([{ n: acknowledged ? 600_000 : 0 }]);
    if (acknowledged) await c2.query('TRUNCATE crash');
    const again = await psql(`\\copy crash FROM '${f}' WITH (FORMAT csv)\nSELECT count(*) FROM crash;\n`, port, CHILD_PASSWORD);
    expect(again.stdout).toMatch(/COPY 600000[\s\S]*600000\n/);
    await c2.end();
    s.proc.kill('SIGTERM');
    await s.exited;
  });
});
