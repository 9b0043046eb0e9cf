/** Advisory locks and set_config, as Kysely's migrator uses them: two real sessions. */
import { describe, expect, it } from 'vitest';
import { sqlstate, withServerAndClient } from './harness.js';

const s = withServerAndClient();

describe('advisory locks', () => {
  it('are re-entrant, exclusive between sessions, and end with the session', async () => {
    const other = await s.t.client();
    expect((await s.c.query('select pg_advisory_lock(42) as v')).rows).toEqual([{ v: '' }]);
    expect((await s.c.query('select pg_try_advisory_lock(42) as t')).rows).toEqual([{ t: true }]);
    expect((await other.query('select pg_try_advisory_lock(42) as t')).rows).toEqual([{ t: false }]);
    expect(await sqlstate(other.query('select pg_advisory_lock(42)'))).toBe('0A000');
    // Two holds, two unlocks; the third answers false with PostgreSQL's warning.
    const notices: string[] = [];
    s.c.on('notice', (n) => notices.push(`${n.severity} ${n.message}`));
    const unlocked = await s.c.query('select pg_advisory_unlock(42) a, pg_advisory_unlock(42) b, pg_advisory_unlock(42) c');
    expect(unlocked.rows).toEqual([{ a: true, b: true, c: false }]);
    expect(notices).toEqual(["WARNING you don't own a lock of type ExclusiveLock"]);
    // (int4, int4) keys are another key space than bigint keys.
    expect((await other.query('select pg_try_advisory_lock(0, 42) as t')).rows).toEqual([{ t: true }]);
    expect((await s.c.query('select pg_try_advisory_lock(42) as t')).rows).toEqual([{ t: true }]);
    await s.c.query('select pg_advisory_unlock_all()');
    await other.end();
    const third = await s.t.client();
    expect((await third.query('select pg_try_advisory_lock(0, 42) as t')).rows).toEqual([{ t: true }]);
  });

  it('_xact_ locks end with their transaction', async () => {
    const other = await s.t.client();
    await s.c.query('begin');
    await s.c.query('select pg_advisory_xact_lock(7)');
    expect((await other.query('select pg_try_advisory_xact_lock(7) as t')).rows).toEqual([{ t: false }]);
    await s.c.query('rollback');
    expect((await other.query('select pg_try_advisory_xact_lock(7) as t')).rows).toEqual([{ t: true }]);
  });
});

describe('set_config and SET LOCAL', () => {
  it('set a setting for the session, or until the transaction ends', async () => {
    expect((await s.c.query("select set_config('myapp.tenant', '42', false) as v, current_setting('myapp.tenant') as c")).rows)
      .toEqual([{ v: '42', c: '42' }]);
    await s.c.query('begin');
    expect((await s.c.query("select set_config('search_path', 'pg_catalog', true) as v")).rows).toEqual([{ v: 'pg_catalog' }]);
    await s.c.query("set local datestyle = 'ISO, DMY'");
    expect((await s.c.query('show search_path')).rows).toEqual([{ search_path: 'pg_catalog' }]);
    await s.c.query('commit');
    expect((await s.c.query('show search_path')).rows).toEqual([{ search_path: '"$user", public' }]);
    expect((await s.c.query('show datestyle')).rows).toEqual([{ DateStyle: 'ISO, MDY' }]);
  });
});
