/**
 * Acceptance 4 of issue 7, over real sockets: a scripted workload through real pg clients moves
 * system.stats' and /metrics' counters by exactly what it did (the reads of the counters counted
 * too), pg_stat_activity shows each session's state and query, system.stats and SHOW STATS are
 * for dba and up only, and the log is JSON lines with slow statements in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PASSWORD, sqlstate, startTestServer, SUPERUSER, type TestServer } from './harness.js';
import { Log } from '../../src/server/log.js';

const SLOW_MS = 300;
const logLines: string[] = [];
let t: TestServer;
let admin: pg.Client;

beforeAll(async () => {
  t = await startTestServer(undefined, { metricsPort: 0, slowQueryMs: SLOW_MS, maxConnections: 9, superuserReservedConnections: 0 },
    { log: new Log('info', (line) => logLines.push(line)) });
  admin = await t.client();
  await admin.query('CREATE TABLE obs (id int PRIMARY KEY, v text)');
});
afterAll(async () => t?.stop());

type Stats = Map<string, number>;

async function stats(c: pg.Client, sql = 'SELECT metric_name, metric_value FROM system.stats'): Promise<Stats> {
  const r = await c.query<{ metric_name: string; metric_value: string }>(sql);
  return new Map(r.rows.map((row) => [row.metric_name, Number(row.metric_value)]));
}

async function scrape(): Promise<{ status: number; type: string | null; body: string; values: Stats }> {
  const res = await fetch(`http://127.0.0.1:${t.server.metricsPort}/metrics`);
  const body = await res.text();
  const values: Stats = new Map();
  for (const line of body.split('\n')) {
    const m = /^kalamdb_([a-z0-9_]+) (\S+)$/.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return { status: res.status, type: res.headers.get('content-type'), body, values };
}

const delta = (after: Stats, before: Stats, name: string) => after.get(name)! - before.get(name)!;

function pidOf(c: pg.Client): number {
  return (c as unknown as { processID: number }).processID;
}

describe('observability', () => {
  it('system.stats carries the seed T110 metrics and more, SHOW STATS the same rows', async () => {
    await admin.query('SELECT * FROM obs'); // the first schema-cache lookup: a hit rate exists from here
    const s = await stats(admin);
    for (const name of [
      'schema_cache_hit_rate', 'schema_cache_size', 'server_uptime_seconds', 'memory_usage_bytes', 'cpu_usage_percent',
      'total_tables', 'total_namespaces', 'total_storages', 'total_users', 'total_jobs', 'total_live_queries',
      'avg_query_latency_ms', 'disk_space_used_bytes', 'disk_space_available_bytes', 'queries_per_second', 'active_connections',
      'connections_total', 'connections_rejected_total', 'queries_total', 'queries_select_total', 'queries_insert_total',
      'queries_update_total', 'queries_delete_total', 'queries_ddl_total', 'queries_utility_total', 'queries_other_total',
      'queries_error_total', 'query_latency_p50_ms', 'query_latency_p95_ms', 'query_latency_p99_ms', 'rows_read_total',
      'rows_written_total', 'plan_cache_hits_total', 'parse_cache_hits_total', 'schema_cache_hits_total',
      'jobs_completed', 'jobs_failed', 'flushes_completed', 'hot_bytes', 'cold_segments', 'cold_bytes',
    ]) {
      expect(s.has(name), name).toBe(true);
      expect(Number.isFinite(s.get(name)) && s.get(name)! >= 0, name).toBe(true);
    }
    expect(s.get('total_tables')).toBe(1);
    expect(s.get('schema_cache_hit_rate')).toBeLessThanOrEqual(1);
    const show = await admin.query<{ metric_name: string }>('SHOW STATS');
    expect(show.fields.map((f) => f.name)).toEqual(['metric_name', 'metric_value']);
    expect(show.rows.map((r) => r.metric_name)).toEqual([...s.keys()]);
  });

  it('1,000 statements from five connections move the counters by exactly what they did, in system.stats and /metrics', async () => {
    const m0 = await scrape();
    expect(m0.status).toBe(200);
    expect(m0.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const s0 = await stats(admin);
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => t.client()));
    let rowsReturned = 0;
    try {
      // 250 single-row inserts (extended protocol) and 50 three-row ones (simple): 400 rows.
      for (let i = 0; i < 250; i++) await clients[i % 5]!.query('INSERT INTO obs VALUES ($1, $2)', [i, `v${i}`]);
      for (let i = 0; i < 50; i++) {
        const id = 1000 + 3 * i;
        await clients[i % 5]!.query(`INSERT INTO obs VALUES (${id}, 'a'), (${id + 1}, 'b'), (${id + 2}, 'c')`);
      }
      // 500 selects: 400 point lookups (simple and extended; 250 find a row), 100 that return ten rows each.
      for (let i = 0; i < 400; i++) {
        const c = clients[i % 5]!;
        const r = i % 2 === 0 ? await c.query(`SELECT v FROM obs WHERE id = ${i}`) : await c.query('SELECT v FROM obs WHERE id = $1', [i]);
        rowsReturned += r.rows.length;
      }
      for (let i = 0; i < 100; i++) rowsReturned += (await clients[i % 5]!.query('SELECT id FROM obs WHERE id < 10')).rows.length;
      // 100 updates and 100 deletes of one row each.
      for (let i = 0; i < 100; i++) await clients[i % 5]!.query('UPDATE obs SET v = $1 WHERE id = $2', ['u', i]);
      for (let i = 0; i < 100; i++) await clients[i % 5]!.query(`DELETE FROM obs WHERE id = ${100 + i}`);
      const s1 = await stats(admin);
      const m1 = await scrape();
      expect(rowsReturned).toBe(250 + 1000); // ids 0..249 of the 400 looked up exist
      // s0's read counts as one select; s1's is still running when it reads the counters.
      expect(delta(s1, s0, 'queries_total')).toBe(1000 + 1);
      expect(delta(s1, s0, 'queries_select_total')).toBe(500 + 1);
      expect(delta(s1, s0, 'queries_insert_total')).toBe(300);
      expect(delta(s1, s0, 'queries_update_total')).toBe(100);
      expect(delta(s1, s0, 'queries_delete_total')).toBe(100);
      expect(delta(s1, s0, 'queries_error_total')).toBe(0);
      expect(delta(s1, s0, 'rows_written_total')).toBe(400 + 100 + 100);
      expect(delta(s1, s0, 'rows_read_total')).toBe(rowsReturned + s0.size);
      expect(delta(s1, s0, 'connections_total')).toBe(5);
      expect(s1.get('active_connections')).toBe(6);
      expect(s1.get('queries_per_second')).toBeGreaterThan(0);
      expect(s1.get('query_latency_p50_ms')).toBeLessThanOrEqual(s1.get('query_latency_p99_ms')!);
      expect(s1.get('avg_query_latency_ms')).toBeGreaterThan(0);
      // The extended-protocol statements ran their plan again.
      expect(delta(s1, s0, 'plan_cache_hits_total')).toBeGreaterThan(0);
      // /metrics between its two scrapes: the workload and both system.stats reads.
      expect(delta(m1.values, m0.values, 'queries_total')).toBe(1000 + 2);
      expect(delta(m1.values, m0.values, 'rows_written_total')).toBe(600);
      expect(delta(m1.values, m0.values, 'connections_total')).toBe(5);
      for (const name of ['queries_select_total', 'queries_insert_total', 'rows_written_total', 'connections_total', 'total_tables']) {
        expect(m1.values.get(name), name).toBe(name === 'queries_select_total' ? s1.get(name)! + 1 : s1.get(name));
        expect(m1.body).toContain(`# TYPE kalamdb_${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}\n`);
      }
      // A statement that fails while running counts as an error.
      await expect(clients[0]!.query('SELECT 1 / (id - id) FROM obs WHERE id = 1')).rejects.toThrow();
      expect(delta(await stats(admin), s1, 'queries_error_total')).toBe(1);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('the schema cache serves repeated statements and misses once after DDL gives the table a new version', async () => {
    await admin.query('CREATE TABLE obs_sc (id int PRIMARY KEY)');
    await admin.query('INSERT INTO obs_sc VALUES (1)');
    const s0 = await stats(admin);
    for (let i = 0; i < 3; i++) await admin.query('SELECT * FROM obs_sc WHERE id = 1');
    const s1 = await stats(admin);
    expect(delta(s1, s0, 'schema_cache_misses_total')).toBe(0);
    expect(delta(s1, s0, 'schema_cache_hits_total')).toBeGreaterThanOrEqual(3);
    await admin.query('ALTER TABLE obs_sc ADD COLUMN w int');
    await admin.query('SELECT * FROM obs_sc WHERE id = 1');
    const s2 = await stats(admin);
    expect(delta(s2, s1, 'schema_cache_misses_total')).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 3; i++) expect((await admin.query('SELECT * FROM obs_sc WHERE id = 1')).fields.map((f) => f.name)).toEqual(['id', 'w']);
    expect(delta(await stats(admin), s2, 'schema_cache_misses_total')).toBe(0);
  });

  it('counts refused connections: a wrong password, and one past max_connections (53300)', async () => {
    const s0 = await stats(admin);
    const wrong = new pg.Client({ host: '127.0.0.1', port: t.port, user: SUPERUSER, password: 'wrong', database: 'postgres' });
    expect(await sqlstate(wrong.connect())).toBe('28P01');
    const held = await Promise.all(Array.from({ length: 8 }, () => t.client()));
    try {
      const extra = new pg.Client({ host: '127.0.0.1', port: t.port, user: SUPERUSER, password: PASSWORD, database: 'postgres' });
      expect(await sqlstate(extra.connect())).toBe('53300');
      const s1 = await stats(admin);
      expect(delta(s1, s0, 'connections_rejected_total')).toBe(2);
      expect(delta(s1, s0, 'connections_total')).toBe(8);
    } finally {
      await Promise.all(held.map((c) => c.end()));
    }
  });

  it('pg_stat_activity shows each session with its state and last query', async () => {
    const [a, b, c] = await Promise.all([t.client(), t.client(), t.client()]);
    try {
      await a.query("SET application_name = 'obs-a'");
      await a.query('SELECT count(*) FROM obs');
      await b.query('BEGIN');
      await b.query('SELECT 1 AS one');
      await c.query('BEGIN');
      await c.query('SELECT 1/0').catch(() => undefined);
      const sleeping = admin.query('SELECT pg_sleep(0.4)');
      await new Promise((r) => setTimeout(r, 150));
      const observer = await t.client();
      const rows = (await observer.query(
        'SELECT pid, usename, application_name, client_addr, state, query, query_start IS NOT NULL AS started, backend_start <= query_start AS ordered FROM pg_stat_activity',
      )).rows;
      await sleeping;
      await observer.end();
      const byPid = new Map(rows.map((r) => [r.pid as number, r]));
      const common = { usename: SUPERUSER, client_addr: '127.0.0.1', started: true, ordered: true };
      expect(byPid.get(pidOf(a))).toMatchObject({ ...common, application_name: 'obs-a', state: 'idle', query: 'SELECT count(*) FROM obs' });
      expect(byPid.get(pidOf(b))).toMatchObject({ ...common, state: 'idle in transaction', query: 'SELECT 1 AS one' });
      expect(byPid.get(pidOf(c))).toMatchObject({ ...common, state: 'idle in transaction (aborted)', query: 'SELECT 1/0' });
      expect(byPid.get(pidOf(admin))).toMatchObject({ ...common, state: 'active', query: 'SELECT pg_sleep(0.4)' });
    } finally {
      await Promise.all([a, b, c].map((x) => x.end()));
    }
  });

  it('system.stats and SHOW STATS are for dba and up: 42501 for a user or service', async () => {
    await admin.query(`CREATE USER 'obs_user' WITH PASSWORD 'pw-u' ROLE user`);
    await admin.query(`CREATE USER 'obs_service' WITH PASSWORD 'pw-s' ROLE service`);
    await admin.query(`CREATE USER 'obs_dba' WITH PASSWORD 'pw-d' ROLE dba`);
    for (const [user, password] of [['obs_user', 'pw-u'], ['obs_service', 'pw-s']] as const) {
      const c = await t.client({ user, password });
      try {
        expect(await sqlstate(c.query('SELECT * FROM system.stats')), user).toBe('42501');
        expect(await sqlstate(c.query('SHOW STATS')), user).toBe('42501');
      } finally {
        await c.end();
      }
    }
    const dba = await t.client({ user: 'obs_dba', password: 'pw-d' });
    try {
      expect((await dba.query('SHOW STATS')).rows.length).toBeGreaterThan(40);
    } finally {
      await dba.end();
    }
  });

  it('pg_cancel_backend from a user reaches their own other session; a dba may terminate a user\'s', async () => {
    const [u1, u2, dba] = [
      await t.client({ user: 'obs_user', password: 'pw-u' }),
      await t.client({ user: 'obs_user', password: 'pw-u' }),
      await t.client({ user: 'obs_dba', password: 'pw-d' }),
    ];
    const errors: string[] = [];
    u2.on('error', (e: Error & { code?: string }) => errors.push(e.code ?? e.message));
    try {
      const sleeping = u2.query('SELECT pg_sleep(5)');
      await new Promise((r) => setTimeout(r, 150));
      expect((await u1.query('SELECT pg_cancel_backend($1) AS ok', [pidOf(u2)])).rows[0].ok).toBe(true);
      expect(await sqlstate(sleeping)).toBe('57014');
      expect(await sqlstate(u1.query('SELECT pg_cancel_backend($1)', [pidOf(dba)]))).toBe('42501');
      expect((await dba.query('SELECT pg_terminate_backend($1) AS ok', [pidOf(u2)])).rows[0].ok).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      expect(errors[0]).toBe('57P01'); // then pg reports the closed socket
    } finally {
      await Promise.all([u1, u2, dba].map((c) => c.end().catch(() => undefined)));
    }
  });

  it('logs one JSON object per line, and a statement past --slow-query-ms with its duration, user, pid and text', async () => {
    await admin.query(`SELECT pg_sleep(${(SLOW_MS + 100) / 1000})`);
    const events = logLines.map((l) => {
      expect(l.endsWith('\n') && !l.slice(0, -1).includes('\n')).toBe(true);
      return JSON.parse(l) as Record<string, unknown>;
    });
    for (const e of events) expect(Object.keys(e).slice(0, 3)).toEqual(['ts', 'level', 'event']);
    expect(events.some((e) => e.event === 'login_failed')).toBe(true); // the wrong password above
    const slow = events.filter((e) => e.event === 'slow_query');
    for (const e of slow) expect(e.duration_ms as number).toBeGreaterThanOrEqual(SLOW_MS);
    expect(slow.find((e) => e.query === `SELECT pg_sleep(${(SLOW_MS + 100) / 1000})`)).toMatchObject({
      level: 'warn', user: SUPERUSER, pid: pidOf(admin),
    });
  });
});
