/**
 * Sizes over a real socket: pg_relation_size and friends are real bytes — a table's rows in RocksDB
 * (memtable included, so a new table is not "0 bytes") plus its Parquet segments — that grow with
 * the rows; pg_total_relation_size adds the indexes; pg_database_size holds it all; psql's \dt+
 * and \l+ print them. system.stats answers its metrics to the dba and system roles only.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runPsql } from '../../compat/psql-runner.js';
import { flushAndWait } from './flush-support.js';
import { PASSWORD, SUPERUSER, sqlstate, withServerAndClient } from './harness.js';

const s = withServerAndClient();

interface Sizes {
  relation: number;
  table: number;
  indexes: number;
  total: number;
}

async function sizes(name: string): Promise<Sizes> {
  const r = await s.c.query(`SELECT pg_relation_size($1) AS relation, pg_table_size($1) AS "table", pg_indexes_size($1) AS indexes,
    pg_total_relation_size($1) AS total`, [name]);
  const row = r.rows[0] as Record<keyof Sizes, string>;
  return { relation: Number(row.relation), table: Number(row.table), indexes: Number(row.indexes), total: Number(row.total) };
}

async function metric(client: pg.Client, name: string): Promise<number> {
  const r = await client.query<{ metric_value: string }>('SELECT metric_value FROM system.stats WHERE metric_name = $1', [name]);
  return Number(r.rows[0]!.metric_value);
}

const psql = (command: string) => runPsql(`host=127.0.0.1 port=${s.t.port} user=${SUPERUSER} dbname=postgres`, `${command}\n`, [], PASSWORD);

describe('relation sizes', () => {
  it('are real bytes that grow with the rows, indexes counted in the total', async () => {
    await s.c.query('CREATE TABLE s1 (id int PRIMARY KEY, v text)');
    await s.c.query('CREATE INDEX s1_v ON s1 (v)');
    expect(await sizes('s1')).toEqual({ relation: 0, table: 0, indexes: 0, total: 0 });
    await s.c.query(`INSERT INTO s1 SELECT g, repeat('x', 100) || g FROM generate_series(1, 1000) g`);
    const small = await sizes('s1');
    expect(small.relation).toBeGreaterThan(100_000); // 1000 rows of ~110 bytes
    expect(small.table).toBe(small.relation);
    expect(small.indexes).toBeGreaterThan(0);
    expect(small.total).toBe(small.table + small.indexes);
    expect(Number((await s.c.query(`SELECT pg_relation_size('s1_v') AS n`)).rows[0].n)).toBe(small.indexes);
    // The primary key is the row key: its index has no storage of its own.
    expect(Number((await s.c.query(`SELECT pg_relation_size('s1_pkey') AS n`)).rows[0].n)).toBe(0);
    await s.c.query(`INSERT INTO s1 SELECT g, repeat('y', 100) || g FROM generate_series(1001, 5000) g`);
    const big = await sizes('s1');
    expect(big.relation).toBeGreaterThan(small.relation * 3);
    expect(big.indexes).toBeGreaterThan(small.indexes);
    const database = Number((await s.c.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
    expect(database).toBeGreaterThanOrEqual(big.total);
  });

  it('stay non-zero once RocksDB has the rows in its files (VACUUM FULL compacts them there)', async () => {
    await s.c.query('VACUUM FULL s1');
    const after = await sizes('s1');
    expect(after.relation).toBeGreaterThan(0);
    expect(after.indexes).toBeGreaterThan(0);
  });

  it('count the segments of a flushed table', async () => {
    await s.c.query('CREATE SHARED TABLE public.s2 (id BIGINT PRIMARY KEY, v TEXT)');
    await s.c.query(`INSERT INTO s2 SELECT g, md5(g::text) FROM generate_series(1, 4000) g`);
    const coldBefore = await metric(s.c, 'cold_bytes');
    expect((await flushAndWait(s.c, 'public.s2')).status).toBe('completed');
    const coldAfter = await metric(s.c, 'cold_bytes');
    expect(coldAfter).toBeGreaterThan(coldBefore);
    expect((await sizes('s2')).relation).toBeGreaterThanOrEqual(coldAfter - coldBefore);
    expect(await metric(s.c, 'cold_rows')).toBeGreaterThanOrEqual(4000);
  });

  it('show in psql\'s \\dt+, \\di+ and \\l+', async () => {
    const dt = await psql('\\dt+ s1');
    expect(dt.stderr).toBe('');
    expect(dt.stdout).toMatch(/ public \| s1 +\| table \| postgres \| permanent +\| heap +\| \d+ kB +\|/);
    const di = await psql('\\di+ s1_v');
    expect(di.stdout).toMatch(/ s1_v +\| index \| postgres \| s1 +\| permanent +\| btree +\| \d+ kB +\|/);
    const l = await psql('\\l+');
    expect(l.stderr).toBe('');
    expect(l.stdout).toMatch(/ postgres +\| postgres \|.*\| \d+ (kB|MB) +\| pg_default \|/);
  });
});

describe('system.stats', () => {
  it('answers the metrics it measures to the dba and system roles', async () => {
    const r = await s.c.query<{ metric_name: string; metric_value: string }>('SELECT metric_name, metric_value FROM system.stats');
    expect(r.fields.map((f) => [f.name, f.dataTypeID])).toEqual([['metric_name', 25], ['metric_value', 25]]);
    const m = new Map(r.rows.map((row) => [row.metric_name, Number(row.metric_value)]));
    const counts = [
      'server_uptime_seconds', 'memory_usage_bytes', 'active_connections', 'total_namespaces', 'total_tables', 'total_users',
      'total_storages', 'total_jobs', 'hot_bytes', 'cold_segments', 'cold_rows', 'cold_bytes', 'disk_space_used_bytes',
      'disk_space_available_bytes',
    ];
    // The storage and catalog counts (test/e2e/observability.test.ts covers the statement metrics).
    for (const name of counts) expect(Number.isInteger(m.get(name)) && m.get(name)! >= 0, name).toBe(true);
    for (const v of m.values()) expect(Number.isFinite(v) && v >= 0).toBe(true);
    const count = async (sql: string) => Number((await s.c.query(sql)).rows[0].n);
    expect(m.get('total_tables')).toBe(await count('SELECT count(*) AS n FROM system.tables'));
    expect(m.get('total_namespaces')).toBe(await count('SELECT count(*) AS n FROM system.namespaces'));
    expect(m.get('total_users')).toBe(await count('SELECT count(*) AS n FROM system.users'));
    expect(m.get('total_storages')).toBe(await count('SELECT count(*) AS n FROM system.storages'));
    expect(m.get('total_jobs')).toBe(await count('SELECT count(*) AS n FROM system.jobs'));
    expect(m.get('active_connections')).toBe(await count('SELECT count(*) AS n FROM pg_stat_activity'));
    expect(m.get('memory_usage_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(m.get('hot_bytes')).toBeGreaterThan(0);
    expect(m.get('disk_space_used_bytes')).toBeGreaterThan(m.get('cold_bytes')!);
  });

  it('is refused to roles below dba', async () => {
    await s.c.query(`CREATE USER 'stats_user' WITH PASSWORD 'pw-u' ROLE user`);
    await s.c.query(`CREATE USER 'stats_dba' WITH PASSWORD 'pw-d' ROLE dba`);
    const user = await s.t.client({ user: 'stats_user', password: 'pw-u' });
    expect(await sqlstate(user.query('SELECT * FROM system.stats'))).toBe('42501');
    const dba = await s.t.client({ user: 'stats_dba', password: 'pw-d' });
    expect(await metric(dba, 'total_users')).toBe(3);
  });
});
