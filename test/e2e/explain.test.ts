/**
 * EXPLAIN and EXPLAIN ANALYZE: the plan shows the rules that run (point lookup, filter, top-N,
 * nested loops, aggregation) and ANALYZE counts the rows each operator produced. Plan shapes are
 * ours, not PostgreSQL's; the result's column (name, type) and the statement's errors are
 * checked against a throwaway PostgreSQL 15.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PASSWORD, SUPERUSER } from './harness.js';
import { withOursAndReference } from '../support/server-pair.js';
import { runPsql } from '../../compat/psql-runner.js';

const pair = withOursAndReference();
let ours: pg.Client;
let ref: pg.Client;

const SETUP = [
  'CREATE TABLE t (id int PRIMARY KEY, grp int, val int)',
  'INSERT INTO t SELECT g, g % 10, (g * 7) % 13 FROM generate_series(1, 100) g',
  'CREATE TABLE u (id int PRIMARY KEY, t_id int)',
  'INSERT INTO u VALUES (1, 1), (2, 2), (3, 2)',
];

beforeAll(async () => {
  ours = await pair.ours.client();
  ref = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres' });
  await ref.connect();
  ref.on('error', () => undefined); // the reference server stops before this client ends
  for (const sql of SETUP) {
    await ours.query(sql);
    await ref.query(sql);
  }
  return async () => {
    await ref.end();
  };
});

async function plan(sql: string, params: unknown[] = []): Promise<string[]> {
  const r = await ours.query(sql, params);
  return r.rows.map((row: Record<string, string>) => row['QUERY PLAN']!);
}

/** The plan without ANALYZE's timings, which change from run to run. */
const untimed = (lines: string[]): string[] => lines.filter((l) => !/^(Planning|Execution) Time: [0-9.]+ ms$/.test(l));

describe('EXPLAIN shows what the engine does', () => {
  it('a primary-key equality is a point lookup', async () => {
    expect(await plan('EXPLAIN SELECT * FROM t WHERE id = 1')).toEqual(['Index Scan using t_pkey on t', '  Index Cond: (id = 1)']);
    expect(await plan('EXPLAIN SELECT * FROM t WHERE id = $1 AND val > 2', [7])).toEqual([
      'Index Scan using t_pkey on t',
      '  Index Cond: (id = $1)',
      '  Filter: (val > 2)',
    ]);
  });

  it('a non-key predicate filters a sequential scan', async () => {
    expect(await plan('EXPLAIN SELECT * FROM t WHERE grp = 3')).toEqual(['Seq Scan on t', '  Filter: (grp = 3)']);
  });

  it('ORDER BY … LIMIT is a top-N sort', async () => {
    expect(await plan('EXPLAIN (COSTS OFF) SELECT * FROM t WHERE grp = 3 ORDER BY val DESC LIMIT 10')).toEqual([
      'Limit',
      '  ->  Sort',
      '        Sort Key: val DESC',
      '        Top-N: LIMIT 10',
      '        ->  Seq Scan on t',
      '              Filter: (grp = 3)',
    ]);
  });

  it('equality joins are hash joins, other joins nested loops', async () => {
    expect(await plan('EXPLAIN SELECT * FROM t JOIN u ON u.t_id = t.id')).toEqual([
      'Hash Join',
      '  Hash Cond: (u.t_id = t.id)',
      '  ->  Seq Scan on t',
      '  ->  Hash',
      '        ->  Seq Scan on u',
    ]);
    expect(await plan('EXPLAIN SELECT * FROM t LEFT JOIN u USING (id)')).toEqual([
      'Hash Left Join',
      '  Hash Cond: (t.id = u.id)',
      '  ->  Seq Scan on t',
      '  ->  Hash',
      '        ->  Seq Scan on u',
    ]);
    expect(await plan('EXPLAIN SELECT * FROM t JOIN u ON u.t_id < t.id')).toEqual([
      'Nested Loop',
      '  Join Filter: (u.t_id < t.id)',
      '  ->  Seq Scan on t',
      '  ->  Seq Scan on u',
    ]);
  });

  it('aggregation is a hash aggregate, or a plain aggregate without GROUP BY', async () => {
    expect(await plan('EXPLAIN SELECT grp, count(*) FROM t GROUP BY grp HAVING count(*) > 1')).toEqual([
      'HashAggregate',
      '  Group Key: grp',
      '  Filter: (count(*) > 1)',
      '  ->  Seq Scan on t',
    ]);
    expect(await plan('EXPLAIN SELECT count(*) FROM t')).toEqual(['Aggregate', '  ->  Seq Scan on t']);
  });

  it('subqueries, WITH queries and functions in FROM', async () => {
    expect(await plan('EXPLAIN WITH x AS (SELECT id FROM t WHERE grp = 1) SELECT * FROM x, generate_series(1, 2) g')).toEqual([
      'Nested Loop',
      '  CTE x',
      '    ->  Seq Scan on t',
      '          Filter: (grp = 1)',
      '  ->  CTE Scan on x',
      '  ->  Function Scan on generate_series g',
    ]);
    expect(await plan('EXPLAIN SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.t_id = t.id)')).toEqual([
      'Seq Scan on t',
      '  Filter: (SubPlan)',
      '  SubPlan 1',
      '    ->  Seq Scan on u',
      '          Filter: (u.t_id = t.id)',
    ]);
    expect(await plan('EXPLAIN SELECT * FROM (SELECT DISTINCT grp FROM t) s')).toEqual([
      'Subquery Scan on s',
      '  ->  HashAggregate',
      '        Group Key: grp',
      '        ->  Seq Scan on t',
    ]);
  });

  it('INSERT, UPDATE and DELETE', async () => {
    expect(await plan('EXPLAIN UPDATE t SET val = 0 WHERE id = 5')).toEqual([
      'Update on t',
      '  ->  Index Scan using t_pkey on t',
      '        Index Cond: (id = 5)',
    ]);
    expect(await plan('EXPLAIN DELETE FROM u WHERE t_id = 9')).toEqual(['Delete on u', '  ->  Seq Scan on u', '        Filter: (t_id = 9)']);
    expect(await plan('EXPLAIN INSERT INTO u VALUES (9, 9)')).toEqual(['Insert on u', '  ->  Result']);
    // Without ANALYZE nothing runs.
    expect((await ours.query('SELECT count(*)::int AS n FROM u')).rows[0].n).toBe(3);
  });
});

describe('EXPLAIN ANALYZE counts rows per operator', () => {
  it('filter, top-N sort and limit', async () => {
    expect(untimed(await plan('EXPLAIN ANALYZE SELECT * FROM t WHERE grp = 3 ORDER BY id DESC LIMIT 4'))).toEqual([
      'Limit (actual rows=4 loops=1)',
      '  ->  Sort (actual rows=4 loops=1)',
      '        Sort Key: id DESC',
      '        Top-N: LIMIT 4',
      '        Sort Method: top-N heapsort',
      '        ->  Seq Scan on t (actual rows=10 loops=1)',
      '              Filter: (grp = 3)',
      '              Rows Removed by Filter: 90',
    ]);
  });

  it('a sort whose boundary ties falls back to the full sort', async () => {
    const lines = untimed(await plan('EXPLAIN ANALYZE SELECT * FROM t ORDER BY grp LIMIT 3'));
    expect(lines).toContain('        Sort Method: quicksort');
    // …and the rows are those of the full sort (pgQsort), which top-N never changes.
    const limited = await ours.query('SELECT id FROM t ORDER BY grp LIMIT 3');
    const all = await ours.query('SELECT id FROM t ORDER BY grp');
    expect(limited.rows).toEqual(all.rows.slice(0, 3));
  });

  it('joins, aggregates, loops of a correlated subquery', async () => {
    expect(untimed(await plan('EXPLAIN ANALYZE SELECT grp, count(*) FROM t JOIN u ON u.t_id = t.id GROUP BY grp'))).toEqual([
      'HashAggregate (actual rows=2 loops=1)',
      '  Group Key: grp',
      '  ->  Hash Join (actual rows=3 loops=1)',
      '        Hash Cond: (u.t_id = t.id)',
      '        ->  Seq Scan on t (actual rows=100 loops=1)',
      '        ->  Hash (actual rows=3 loops=1)',
      '              ->  Seq Scan on u (actual rows=3 loops=1)',
    ]);
    expect(untimed(await plan('EXPLAIN ANALYZE SELECT id, (SELECT count(*) FROM u WHERE u.t_id = t.id) FROM t WHERE id < 4'))).toEqual([
      'Seq Scan on t (actual rows=3 loops=1)',
      '  Filter: (id < 4)',
      '  Rows Removed by Filter: 97',
      '  SubPlan 1',
      '    ->  Aggregate (actual rows=1 loops=3)',
      '          ->  Seq Scan on u (actual rows=1 loops=3)',
      '                Filter: (u.t_id = t.id)',
      '                Rows Removed by Filter: 2',
    ]);
  });

  it('ends with the execution time', async () => {
    const lines = await plan('EXPLAIN ANALYZE SELECT 1');
    expect(lines[0]).toBe('Result (actual rows=1 loops=1)');
    expect(lines[lines.length - 1]).toMatch(/^Execution Time: [0-9]+\.[0-9]{3} ms$/);
  });

  it('runs DML inside the transaction', async () => {
    await ours.query('BEGIN');
    expect(untimed(await plan('EXPLAIN ANALYZE DELETE FROM u WHERE t_id = 2'))).toEqual([
      'Delete on u (actual rows=0 loops=1)',
      '  ->  Seq Scan on u (actual rows=2 loops=1)',
      '        Filter: (t_id = 2)',
      '        Rows Removed by Filter: 1',
    ]);
    expect((await ours.query('SELECT count(*)::int AS n FROM u')).rows[0].n).toBe(1);
    await ours.query('ROLLBACK');
    expect((await ours.query('SELECT count(*)::int AS n FROM u')).rows[0].n).toBe(3);
  });
});

describe('EXPLAIN against PostgreSQL 15', () => {
  it('answers one text column named "QUERY PLAN"', async () => {
    for (const sql of ['EXPLAIN SELECT * FROM t WHERE id = 1', 'EXPLAIN (ANALYZE, COSTS OFF) SELECT count(*) FROM t']) {
      const [a, b] = await Promise.all([ours.query(sql), ref.query(sql)]);
      expect(a.fields.map((f) => [f.name, f.dataTypeID])).toEqual(b.fields.map((f) => [f.name, f.dataTypeID]));
      expect(a.command).toBe(b.command);
    }
  });

  it('rejects what PostgreSQL rejects, and FORMAT other than TEXT with 0A000', async () => {
    const code = async (c: pg.Client, sql: string) => c.query(sql).then(() => 'ok', (e: { code?: string }) => e.code);
    for (const sql of ['EXPLAIN (NOSUCH) SELECT 1', "EXPLAIN (FORMAT 'csv') SELECT 1", 'EXPLAIN (TIMING) SELECT 1', 'EXPLAIN (ANALYZE maybe) SELECT 1']) {
      expect([sql, await code(ours, sql)]).toEqual([sql, await code(ref, sql)]);
    }
    expect(await code(ours, 'EXPLAIN (FORMAT JSON) SELECT 1')).toBe('0A000');
  });

  it('psql prints a primary-key lookup exactly as PostgreSQL does with COSTS OFF, and under ANALYZE', async () => {
    const run = (port: number) => runPsql(`host=127.0.0.1 port=${port} user=${SUPERUSER} dbname=postgres`,
      'EXPLAIN (COSTS OFF) SELECT * FROM t WHERE id = 1;\n'
      + 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM t WHERE id = 1 AND grp = 12345;\n', [], PASSWORD);
    const [a, b] = await Promise.all([run(pair.ours.port), run(pair.ref.port)]);
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain(' Index Scan using t_pkey on t\n   Index Cond: (id = 1)\n(2 rows)');
    expect(a.stdout).toBe(b.stdout);
  });
});
