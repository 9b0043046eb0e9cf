/** postgres.js and psql (libpq) against the real wire with the echo engine. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDS } from './echo-engine.js';
import { startServer, type Fixture } from './server-fixture.js';

const run = promisify(execFile);

let f: Fixture;
beforeAll(async () => {
  f = await startServer();
});
afterAll(async () => {
  await f.close();
});

describe('postgres.js', () => {
  it.each([
    ['scram_user', PASSWORDS.scram_user],
    ['md5_user', PASSWORDS.md5_user],
    ['clear_user', PASSWORDS.clear_user],
  ])('%s: logs in, runs a prepared statement twice and a simple query', async (user, password) => {
    const sql = postgres({ host: '127.0.0.1', port: f.port, user, password, database: 'db', fetch_types: false, max: 1 });
    try {
      const a = await sql.unsafe('select $1, $2', ['x', 'ÿ€𝄞'], { prepare: true });
      const b = await sql.unsafe('select $1, $2', ['y', null], { prepare: true });
      expect([...a]).toEqual([{ echo1: 'x', echo2: 'ÿ€𝄞' }]);
      expect([...b]).toEqual([{ echo1: 'y', echo2: null }]);
      const simple = await sql.unsafe('select 11');
      expect([...simple]).toEqual([{ '?column?': 11 }]);
      const cursorRows: number[] = [];
      await sql.unsafe('generate 7', [], { prepare: true }).cursor(3, async (rows) => {
        for (const r of rows) cursorRows.push(r.i as number);
      });
      expect(cursorRows).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await sql.end();
    }
  });

  it('a wrong password is 28P01', async () => {
    const sql = postgres({ host: '127.0.0.1', port: f.port, user: 'scram_user', password: 'nope', database: 'db', fetch_types: false, max: 1, connect_timeout: 5 });
    await expect(sql`select 1`).rejects.toMatchObject({ code: '28P01' });
    await sql.end();
  });

  it('an error inside a transaction, then rollback', async () => {
    const sql = postgres({ host: '127.0.0.1', port: f.port, user: 'trust_user', database: 'db', fetch_types: false, max: 1 });
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe('nonsense');
      }),
    ).rejects.toMatchObject({ code: '42601' });
    expect([...(await sql.unsafe('select 1'))]).toEqual([{ '?column?': 1 }]);
    await sql.end();
  });
});

describe('psql', () => {
  const psql = async (user: string, password: string | undefined, command: string) =>
    run('psql', [`host=127.0.0.1 port=${f.port} user=${user} dbname=db sslmode=prefer`, '-X', '-At', '-c', command], {
      env: { ...process.env, PGPASSWORD: password ?? '', PGCONNECT_TIMEOUT: '5' },
    });

  it.each([
    ['scram_user', PASSWORDS.scram_user],
    ['md5_user', PASSWORDS.md5_user],
    ['clear_user', PASSWORDS.clear_user],
    ['trust_user', undefined],
  ])('%s: select 1 over sslmode=prefer', async (user, password) => {
    const { stdout } = await psql(user, password, 'select 1');
    expect(stdout.trim()).toBe('1');
  });

  it('a wrong password fails with PostgreSQL\'s message', async () => {
    const err = (await psql('scram_user', 'bad', 'select 1').then(
      () => null,
      (e: unknown) => e,
    )) as { stderr: string } | null;
    expect(err).not.toBeNull();
    expect(err!.stderr).toContain('password authentication failed for user "scram_user"');
  });

  it('several statements and an error in one -c', async () => {
    const { stdout } = await psql('trust_user', undefined, "select 1; select 'two'");
    expect(stdout.trim().split('\n')).toEqual(['1', 'two']);
  });
});
