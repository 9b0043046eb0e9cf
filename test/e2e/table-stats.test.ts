/**
 * Row counts over a real socket: pg_stat_user_tables' counters follow committed inserts, updates
 * and deletes (not rolled-back ones); ANALYZE and VACUUM count the live rows exactly — hot rows,
 * rows flushed to Parquet segments, rows of every user of a USER table — and record them in
 * pg_class.reltuples (-1 before, as in PostgreSQL 14+) with last_analyze/analyze_count and
 * last_vacuum/vacuum_count; the record survives a restart.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runPsql } from '../../compat/psql-runner.js';
import { flushAndWait } from './flush-support.js';
import { PASSWORD, SUPERUSER, removeDir, startTestServer, withServerAndClient } from './harness.js';

const s = withServerAndClient();

interface Activity {
  n_tup_ins: string;
  n_tup_upd: string;
  n_tup_del: string;
  n_live_tup: string;
  n_mod_since_analyze: string;
  n_ins_since_vacuum: string;
  last_analyze: Date | null;
  last_vacuum: Date | null;
  analyze_count: string;
  vacuum_count: string;
}

async function activity(client: pg.Client, schema: string, table: string): Promise<Activity> {
  const r = await client.query<Activity>(
    `SELECT n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_mod_since_analyze, n_ins_since_vacuum, last_analyze, last_vacuum,
       analyze_count, vacuum_count FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`, [schema, table]);
  return r.rows[0]!;
}

const counts = (a: Activity) => [a.n_tup_ins, a.n_tup_upd, a.n_tup_del, a.n_live_tup].map(Number);

async function classRow(client: pg.Client, name: string): Promise<[number, number]> {
  const r = await client.query<{ reltuples: number; relpages: number }>(`SELECT reltuples, relpages FROM pg_class WHERE oid = $1::regclass`, [name]);
  return [r.rows[0]!.reltuples, r.rows[0]!.relpages];
}

describe('write counters', () => {
  it('count committed inserts, updates and deletes, and keep n_live_tup', async () => {
    await s.c.query('CREATE TABLE w (id int PRIMARY KEY, v text)');
    await s.c.query(`INSERT INTO w SELECT g, 'x' FROM generate_series(1, 100) g`);
    await s.c.query(`UPDATE w SET v = 'y' WHERE id <= 30`);
    await s.c.query('DELETE FROM w WHERE id > 90');
    await s.c.query(`INSERT INTO w VALUES (1, 'z') ON CONFLICT (id) DO UPDATE SET v = 'z'`);
    await s.c.query(`INSERT INTO w VALUES (1000, 'new') ON CONFLICT (id) DO NOTHING`);
    expect(counts(await activity(s.c, 'public', 'w'))).toEqual([101, 31, 10, 91]);
    const a = await activity(s.c, 'public', 'w');
    expect([a.n_mod_since_analyze, a.n_ins_since_vacuum].map(Number)).toEqual([142, 101]);
    expect([a.last_analyze, a.last_vacuum, a.analyze_count, a.vacuum_count]).toEqual([null, null, '0', '0']);
  });

  it('do not count what a transaction rolled back, and count an insert deleted in its own transaction as both', async () => {
    await s.c.query('CREATE TABLE rb (id int PRIMARY KEY)');
    await s.c.query('BEGIN');
    await s.c.query('INSERT INTO rb SELECT generate_series(1, 50)');
    await s.c.query('ROLLBACK');
    await s.c.query('BEGIN');
    await s.c.query('INSERT INTO rb VALUES (1), (2)');
    await s.c.query('DELETE FROM rb WHERE id = 2');
    await s.c.query('COMMIT');
    expect(counts(await activity(s.c, 'public', 'rb'))).toEqual([2, 0, 1, 1]);
  });

  it('count a bulk COPY', async () => {
    await s.c.query('CREATE TABLE cp (id int PRIMARY KEY, v text)');
    const data = Array.from({ length: 500 }, (_, i) => `${i + 1}\tv${i}`).join('\n');
    const r = await runPsql(`host=127.0.0.1 port=${s.t.port} user=${SUPERUSER} dbname=postgres`, `COPY cp FROM STDIN;\n${data}\n\\.\n`, [], PASSWORD);
    expect(r.stdout).toContain('COPY 500');
    expect(counts(await activity(s.c, 'public', 'cp'))).toEqual([500, 0, 0, 500]);
  });
});

describe('ANALYZE and VACUUM', () => {
  it('leave reltuples -1 until a table is counted, then record its exact live rows', async () => {
    await s.c.query('CREATE TABLE a1 (id int PRIMARY KEY, v text)');
    await s.c.query('CREATE INDEX a1_v ON a1 (v)');
    await s.c.query(`INSERT INTO a1 SELECT g, 'v' || g FROM generate_series(1, 1000) g`);
    expect(await classRow(s.c, 'a1')).toEqual([-1, 0]);
    expect(await classRow(s.c, 'a1_v')).toEqual([0, 1]);
    await s.c.query('DELETE FROM a1 WHERE id % 10 = 0');
    expect((await s.c.query('ANALYZE a1')).command).toBe('ANALYZE');
    const [tuples, pages] = await classRow(s.c, 'a1');
    expect(tuples).toBe(900);
    expect(pages).toBeGreaterThan(0);
    expect((await classRow(s.c, 'a1_v'))[0]).toBe(900);
    expect((await classRow(s.c, 'a1_pkey'))[0]).toBe(900);
    const a = await activity(s.c, 'public', 'a1');
    expect([a.n_live_tup, a.n_mod_since_analyze, a.analyze_count, a.vacuum_count]).toEqual(['900', '0', '1', '0']);
    expect(a.last_analyze).toBeInstanceOf(Date);
    expect(Math.abs(a.last_analyze!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(a.last_vacuum).toBeNull();
  });

  it('count every live row of a table whose rows are partly in Parquet segments', async () => {
    await s.c.query('CREATE SHARED TABLE public.cold1 (id BIGINT PRIMARY KEY, v TEXT)');
    await s.c.query(`INSERT INTO cold1 SELECT g, 'a' FROM generate_series(1, 3000) g`);
    expect((await flushAndWait(s.c, 'public.cold1')).status).toBe('completed');
    await s.c.query('DELETE FROM cold1 WHERE id <= 500'); // rows that live only in segments
    await s.c.query(`UPDATE cold1 SET v = 'b' WHERE id > 2900`);
    await s.c.query(`INSERT INTO cold1 SELECT g, 'c' FROM generate_series(3001, 3200) g`);
    expect((await flushAndWait(s.c, 'public.cold1')).status).toBe('completed');
    await s.c.query('DELETE FROM cold1 WHERE id > 3100');
    await s.c.query('VACUUM ANALYZE cold1');
    expect((await classRow(s.c, 'cold1'))[0]).toBe(2600);
    const a = await activity(s.c, 'public', 'cold1');
    expect([a.n_live_tup, a.n_mod_since_analyze, a.n_ins_since_vacuum, a.analyze_count, a.vacuum_count]).toEqual(['2600', '0', '0', '1', '1']);
    expect(a.last_vacuum).toBeInstanceOf(Date);
    const { rows } = await s.c.query<{ n: string }>('SELECT count(*) AS n FROM cold1');
    expect(rows[0]!.n).toBe('2600');
  });

  it('count the rows of every user of a USER table, whoever runs it', async () => {
    await s.c.query(`CREATE USER 'stats_alice' WITH PASSWORD 'pw-a' ROLE user`);
    await s.c.query(`CREATE USER 'stats_bob' WITH PASSWORD 'pw-b' ROLE user`);
    await s.c.query('CREATE NAMESPACE IF NOT EXISTS app');
    await s.c.query('CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT)');
    const alice = await s.t.client({ user: 'stats_alice', password: 'pw-a' });
    const bob = await s.t.client({ user: 'stats_bob', password: 'pw-b' });
    await alice.query(`INSERT INTO app.notes SELECT g, 'a' FROM generate_series(1, 120) g`);
    await bob.query(`INSERT INTO app.notes SELECT g, 'b' FROM generate_series(1, 80) g`);
    await bob.query('DELETE FROM app.notes WHERE id <= 5');
    expect(counts(await activity(alice, 'app', 'notes'))).toEqual([200, 0, 5, 195]);
    expect((await flushAndWait(s.c, 'app.notes')).status).toBe('completed');
    await alice.query(`UPDATE app.notes SET body = 'a2' WHERE id <= 10`);
    expect((await bob.query('ANALYZE app.notes')).command).toBe('ANALYZE');
    expect((await classRow(bob, 'app.notes'))[0]).toBe(195);
    const a = await activity(bob, 'app', 'notes');
    expect([a.n_tup_upd, a.n_live_tup, a.analyze_count]).toEqual(['10', '195', '1']);
    // Each still reads only their own rows.
    expect((await bob.query('SELECT count(*)::int AS n FROM app.notes')).rows[0].n).toBe(75);
  });

  it('does not count a STREAM table\'s expired rows, evicted or not', async () => {
    await s.c.query('CREATE STREAM TABLE ev (id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(), kind TEXT) WITH (TTL_SECONDS = 1)');
    await s.c.query(`INSERT INTO ev (kind) SELECT 'old' FROM generate_series(1, 30)`);
    await new Promise((r) => setTimeout(r, 1200));
    await s.c.query(`INSERT INTO ev (kind) SELECT 'new' FROM generate_series(1, 4)`);
    await s.c.query('ANALYZE ev');
    expect((await classRow(s.c, 'ev'))[0]).toBe(4);
  });

  it('sees its own transaction\'s rows, like PostgreSQL\'s ANALYZE', async () => {
    await s.c.query('CREATE TABLE own (id int PRIMARY KEY)');
    await s.c.query('BEGIN');
    await s.c.query('INSERT INTO own SELECT generate_series(1, 40)');
    await s.c.query('ANALYZE own');
    await s.c.query('COMMIT');
    expect((await classRow(s.c, 'own'))[0]).toBe(40);
  });

  it('without a table list count every table', async () => {
    await s.c.query('CREATE TABLE all1 (id int PRIMARY KEY)');
    await s.c.query('CREATE TABLE all2 (id int PRIMARY KEY)');
    await s.c.query('INSERT INTO all1 SELECT generate_series(1, 7)');
    expect((await s.c.query('VACUUM')).command).toBe('VACUUM');
    expect((await s.c.query('ANALYZE')).command).toBe('ANALYZE');
    expect(await classRow(s.c, 'all1')).toEqual([7, 1]);
    expect((await classRow(s.c, 'all2'))[0]).toBe(0);
    const a = await activity(s.c, 'public', 'all2');
    expect([a.analyze_count, a.vacuum_count]).toEqual(['1', '1']);
  });

  it('add the writes committed while it counted to what it counted', async () => {
    await s.c.query('CREATE TABLE busy (id int PRIMARY KEY)');
    await s.c.query('INSERT INTO busy SELECT generate_series(1, 20000)');
    const writer = await s.t.client();
    const analyzing = s.c.query('ANALYZE busy');
    for (let i = 0; i < 20; i++) await writer.query('INSERT INTO busy VALUES ($1)', [100_000 + i]);
    await analyzing;
    expect(Number((await activity(s.c, 'public', 'busy')).n_live_tup)).toBe(20020);
  });
});

describe('after a restart', () => {
  it('keeps reltuples and the ANALYZE/VACUUM record, and the counters of a clean shutdown', async () => {
    const dir = `${s.t.dataDir}-restart`;
    const first = await startTestServer(dir);
    try {
      const a = await first.client();
      await a.query('CREATE TABLE kept (id int PRIMARY KEY)');
      await a.query('INSERT INTO kept SELECT generate_series(1, 300)');
      await a.query('DELETE FROM kept WHERE id > 250');
      await a.query('VACUUM ANALYZE kept');
      await a.query('INSERT INTO kept VALUES (1000)');
      await first.stop();
      const second = await startTestServer(dir);
      try {
        const b = await second.client();
        expect((await classRow(b, 'kept'))[0]).toBe(250);
        const act = await activity(b, 'public', 'kept');
        expect(counts(act)).toEqual([301, 0, 50, 251]);
        expect([act.analyze_count, act.vacuum_count]).toEqual(['1', '1']);
        expect(act.last_analyze).toBeInstanceOf(Date);
      } finally {
        await second.stop();
      }
    } finally {
      removeDir(dir);
    }
  });
});
