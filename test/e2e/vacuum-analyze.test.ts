/**
 * VACUUM and ANALYZE as statements, side by side with PostgreSQL 15: every form and option answers
 * with PostgreSQL's command tag or SQLSTATE, a transaction block (explicit or a multi-statement
 * query) refuses VACUUM with 25001, a view is skipped with PostgreSQL's warning; VERBOSE sends INFO
 * messages; VACUUM FULL compacts a flushed table's segments to one and keeps every row; it is for
 * the dba and system roles. The statistic and size functions' edge cases answer as PostgreSQL's.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { answer, differentialPair, expectSameSteps } from '../support/differential.js';
import { flushAndWait } from './flush-support.js';

const pair = differentialPair([
  'CREATE TABLE t (id int PRIMARY KEY, v text)',
  `INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 50) g`,
  'CREATE VIEW vv AS SELECT 1 AS x',
]);

interface Notice {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** The notices `sql` sends (NoticeResponse), in order. */
async function notices(c: pg.Client, sql: string): Promise<Notice[]> {
  const got: Notice[] = [];
  const listener = (n: { severity?: string; code?: string; message?: string }): void => {
    got.push({ severity: n.severity ?? '', code: n.code ?? '', message: n.message ?? '' });
  };
  c.on('notice', listener);
  try {
    await c.query(sql);
    await c.query('SELECT 1'); // notices of the statement arrive before its answer; this one orders them
  } finally {
    c.off('notice', listener);
  }
  return got;
}

describe('VACUUM and ANALYZE statements', () => {
  it('answer every form and option as PostgreSQL does', async () => {
    await expectSameSteps(pair, [
      'ANALYZE', 'ANALYZE t', 'ANALYZE VERBOSE t', 'ANALYZE (VERBOSE) t', 'ANALYZE (SKIP_LOCKED) t',
      'ANALYZE (VERBOSE false, SKIP_LOCKED true) t', 'ANALYZE t (id, v)', 'ANALYZE t (nosuch)', 'ANALYZE nosuch',
      'ANALYZE t, nosuch', 'ANALYZE (FULL) t', 'ANALYZE (BUFFER_USAGE_LIMIT 10) t', 'ANALYZE (VERBOSE maybe) t', 'ANALYZE t, vv',
      'ANALYZE public.t', 'ANALYZE nosuchschema.t',
      'VACUUM', 'VACUUM t', 'VACUUM FULL t', 'VACUUM FREEZE t', 'VACUUM VERBOSE t', 'VACUUM ANALYZE t',
      'VACUUM FULL FREEZE VERBOSE ANALYZE t', 'VACUUM (FULL, ANALYZE, VERBOSE) t', 'VACUUM (ANALYZE off) t',
      'VACUUM (FREEZE, DISABLE_PAGE_SKIPPING, INDEX_CLEANUP off, PROCESS_TOAST, TRUNCATE false, PARALLEL 2, SKIP_LOCKED) t',
      'VACUUM (INDEX_CLEANUP auto) t', 'VACUUM (INDEX_CLEANUP maybe) t', 'VACUUM (FULL, PARALLEL 2) t',
      'VACUUM (FULL, DISABLE_PAGE_SKIPPING) t', 'VACUUM (FULL, PROCESS_TOAST false) t', 'VACUUM (PARALLEL 2000) t',
      'VACUUM (PARALLEL) t', 'VACUUM (BOGUS) t', 'VACUUM t (id)', 'VACUUM ANALYZE t (id)', 'VACUUM (ANALYZE) t (nosuch)',
      'VACUUM nosuch', 'VACUUM vv', 'VACUUM FULL vv', 'VACUUM t, t',
      'BEGIN', 'VACUUM t', 'ROLLBACK',
      'BEGIN', 'ANALYZE t', 'COMMIT',
      'BEGIN READ ONLY', 'ANALYZE t', 'COMMIT',
      'VACUUM t; SELECT 1', 'SELECT 1; VACUUM t', 'ANALYZE t; VACUUM t',
    ]);
  });

  it('run alone in a simple query, or through the extended protocol', async () => {
    const extended = { text: 'VACUUM t', queryMode: 'extended' } as unknown as pg.QueryConfig;
    expect((await pair.ours.query(extended)).command).toBe('VACUUM');
    const many = await pair.ours.query('ANALYZE t; SELECT 1 AS one') as unknown as pg.QueryResult[];
    expect(many.map((r) => r.command)).toEqual(['ANALYZE', 'SELECT']);
  });

  it('skip a view with PostgreSQL\'s warning', async () => {
    for (const sql of ['ANALYZE t, vv', 'VACUUM vv']) {
      expect(await notices(pair.ours, sql)).toEqual(await notices(pair.reference, sql));
    }
  });

  it('send INFO messages with VERBOSE, whatever client_min_messages says', async () => {
    await pair.ours.query('SET client_min_messages = warning');
    try {
      const analyze = await notices(pair.ours, 'ANALYZE VERBOSE t');
      expect(analyze.map((n) => [n.severity, n.code])).toEqual([['INFO', '00000'], ['INFO', '00000']]);
      expect(analyze[0]!.message).toBe('analyzing "public.t"');
      expect(analyze[1]!.message).toMatch(/^"t": counted 50 live rows in RocksDB; 50 estimated total rows$/);
      const vacuum = await notices(pair.ours, 'VACUUM (VERBOSE) t');
      expect(vacuum.map((n) => n.message)).toEqual([
        'vacuuming "postgres.public.t"', expect.stringMatching(/^finished vacuuming "postgres\.public\.t": 50 live rows in RocksDB, \d+ pages of 8 kB$/),
      ]);
    } finally {
      await pair.ours.query('RESET client_min_messages');
    }
  });

  it('VACUUM FULL compacts a flushed table\'s segments and RocksDB\'s files, keeping every row', async () => {
    const c = pair.ours;
    await c.query('CREATE SHARED TABLE public.full1 (id BIGINT PRIMARY KEY, v TEXT)');
    for (let round = 0; round < 3; round++) {
      await c.query(`INSERT INTO full1 SELECT g, 'r${round}' FROM generate_series(${round * 1000 + 1}, ${round * 1000 + 1500}) g
        ON CONFLICT (id) DO UPDATE SET v = excluded.v`);
      await c.query(`DELETE FROM full1 WHERE id % 7 = ${round}`);
      expect((await flushAndWait(c, 'public.full1')).status).toBe('completed');
    }
    const before = await c.query('SELECT id, v FROM full1 ORDER BY id');
    const segments = async () => Number((await c.query(`SELECT metric_value FROM system.stats WHERE metric_name = 'cold_segments'`)).rows[0].metric_value);
    expect(await segments()).toBeGreaterThanOrEqual(3);
    const size = async () => Number((await c.query(`SELECT pg_relation_size('full1') AS n`)).rows[0].n);
    const sizeBefore = await size();
    const info = await notices(c, 'VACUUM (FULL, VERBOSE) full1');
    expect(info.map((n) => n.message)).toContainEqual(expect.stringMatching(/^"public\.full1": compacted its segments \(job CO-\d+, \d+ rows kept\)$/));
    expect(await segments()).toBe(1);
    expect((await c.query('SELECT id, v FROM full1 ORDER BY id')).rows).toEqual(before.rows);
    expect(await size()).toBeLessThan(sizeBefore);
    const jobs = await c.query(`SELECT status FROM system.jobs WHERE job_type = 'compact' AND table_name = 'full1'`);
    expect(jobs.rows).toEqual([{ status: 'completed' }]);
    expect((await c.query(`SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'full1'`)).rows[0].vacuum_count).toBe('1');
  });

  it('VACUUM FULL is for dba and system roles: another role\'s is skipped with a warning', async () => {
    await pair.ours.query(`CREATE USER 'vac_user' WITH PASSWORD 'pw-v' ROLE user`);
    const user = await pair.server.client({ user: 'vac_user', password: 'pw-v' });
    const got = await notices(user, 'VACUUM FULL t');
    expect(got).toEqual([{ severity: 'WARNING', code: '01000', message: `skipping "t" --- only dba and system roles can vacuum it with FULL (it compacts the table's storage)` }]);
    expect((await user.query('VACUUM t')).command).toBe('VACUUM');
    expect((await user.query('ANALYZE t')).command).toBe('ANALYZE');
  });
});

describe('pg_stat_user_tables and pg_class after writes, ANALYZE and VACUUM', () => {
  const STATS = `SELECT n_tup_ins, n_tup_upd, n_tup_del, n_live_tup, n_mod_since_analyze, n_ins_since_vacuum,
      last_analyze IS NOT NULL AS analyzed, last_vacuum IS NOT NULL AS vacuumed, analyze_count, vacuum_count,
      (SELECT reltuples FROM pg_class WHERE oid = 'st'::regclass) AS reltuples
    FROM pg_stat_user_tables WHERE relname = 'st'`;

  /** Runs `steps` on both, lets PostgreSQL publish its pending counts, and compares the view. */
  async function sameStats(steps: readonly string[]): Promise<void> {
    await expectSameSteps(pair, steps);
    await pair.reference.query('SELECT pg_stat_force_next_flush()');
    expect(await answer(pair.ours, STATS)).toEqual(await answer(pair.reference, STATS));
  }

  it('count as PostgreSQL counts', async () => {
    await sameStats([
      'CREATE TABLE st (id int PRIMARY KEY, v text)',
      `INSERT INTO st SELECT g, 'a' FROM generate_series(1, 100) g`,
      `UPDATE st SET v = 'b' WHERE id <= 30`,
      'DELETE FROM st WHERE id > 90',
      `INSERT INTO st VALUES (5, 'c') ON CONFLICT (id) DO UPDATE SET v = 'c'`,
    ]);
    await sameStats(['ANALYZE st']);
    await sameStats([`INSERT INTO st SELECT g, 'd' FROM generate_series(200, 219) g`, 'DELETE FROM st WHERE id = 1']);
    await sameStats(['VACUUM st']);
    // Each ANALYZE after PostgreSQL has published the writes before it: counts it publishes later
    // land on top of its ANALYZE's (n_mod_since_analyze would keep them).
    await sameStats([`UPDATE st SET v = 'e' WHERE id BETWEEN 10 AND 14`]);
    await sameStats(['VACUUM ANALYZE st']);
  });
});

describe('statistic and size functions', () => {
  it('answer edge cases as PostgreSQL does', async () => {
    for (const sql of [
      'SELECT pg_relation_size(0), pg_table_size(0), pg_total_relation_size(0), pg_indexes_size(0)',
      `SELECT pg_relation_size('vv'), pg_total_relation_size('vv'), pg_indexes_size('t_pkey')`,
      `SELECT pg_relation_size('t', 'init')`,
      `SELECT pg_relation_size('t', 'bogus')`,
      `SELECT pg_relation_size('nosuch')`,
      `SELECT pg_database_size('nosuch')`,
      'SELECT pg_database_size(0)',
      `SELECT pg_typeof(pg_database_size(current_database())), pg_typeof(pg_total_relation_size('t'))`,
      'SELECT pg_stat_get_live_tuples(0), pg_stat_get_tuples_inserted(0), pg_stat_get_analyze_count(0), pg_stat_get_last_analyze_time(0), pg_stat_get_last_vacuum_time(0)',
      `SELECT pg_typeof(pg_stat_get_last_analyze_time('t'::regclass)), pg_stat_get_dead_tuples('t'::regclass), pg_stat_get_autovacuum_count('t'::regclass)`,
      'SELECT * FROM pg_stat_user_tables WHERE false',
      'SELECT * FROM pg_stat_all_tables WHERE false',
      `SELECT reltuples, relpages FROM pg_class WHERE relname = 'vv'`,
    ]) {
      expect([sql, await answer(pair.ours, sql)]).toEqual([sql, await answer(pair.reference, sql)]);
    }
  });
});
