/**
 * Logging in over real connections: NOLOGIN (28000 once the password is proved, as PostgreSQL),
 * VALID UNTIL (28P01 like a wrong password), CONNECTION LIMIT per role (53300), the lockout after
 * failed logins kept across a restart, ALTER USER … UNLOCK, and the per-address limit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, sqlstate, startTestServer, type TestServer } from './harness.js';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

async function server(config: Parameters<typeof startTestServer>[1] = {}, dir?: string): Promise<TestServer> {
  const s = await startTestServer(dir, config);
  servers.push(s);
  return s;
}

/** The error a login gets, as `SQLSTATE: message`, or 'ok'. */
async function login(t: TestServer, user: string, password: string): Promise<string> {
  const c = new pg.Client({ host: '127.0.0.1', port: t.port, user, password, database: 'postgres' });
  try {
    await c.connect();
    await c.end();
    return 'ok';
  } catch (e) {
    const err = e as { code?: string; message: string };
    return `${err.code}: ${err.message}`;
  }
}

describe('role options at login', () => {
  it('refuses a NOLOGIN role after its password, with 28000', async () => {
    const t = await server();
    const admin = await t.client();
    await admin.query("CREATE ROLE nolog NOLOGIN PASSWORD 'pw'");
    expect(await login(t, 'nolog', 'pw')).toBe('28000: role "nolog" is not permitted to log in');
    // A wrong password is still just a wrong password: nothing about LOGIN leaks before the proof.
    expect(await login(t, 'nolog', 'bad')).toBe('28P01: password authentication failed for user "nolog"');
    await admin.query('ALTER ROLE nolog LOGIN');
    expect(await login(t, 'nolog', 'pw')).toBe('ok');
  });

  it('fails a login after VALID UNTIL exactly like a wrong password', async () => {
    const t = await server();
    const admin = await t.client();
    await admin.query("CREATE USER expired PASSWORD 'pw' VALID UNTIL '2001-01-01'");
    await admin.query("CREATE USER current PASSWORD 'pw' VALID UNTIL 'infinity'");
    expect(await login(t, 'expired', 'pw')).toBe('28P01: password authentication failed for user "expired"');
    expect(await login(t, 'current', 'pw')).toBe('ok');
    await admin.query(`ALTER USER expired VALID UNTIL '${new Date(Date.now() + 3_600_000).toISOString()}'`);
    expect(await login(t, 'expired', 'pw')).toBe('ok');
  });

  it('holds a role to its CONNECTION LIMIT (53300), superusers exempt', async () => {
    const t = await server();
    const admin = await t.client();
    await admin.query("CREATE USER limited PASSWORD 'pw' CONNECTION LIMIT 2");
    await admin.query("CREATE USER sys PASSWORD 'pw' SUPERUSER CONNECTION LIMIT 1");
    const a = await t.client({ user: 'limited', password: 'pw' });
    const b = await t.client({ user: 'limited', password: 'pw' });
    expect(await login(t, 'limited', 'pw')).toBe('53300: too many connections for role "limited"');
    await b.end();
    // The slot is free once the session has gone.
    await expect.poll(() => login(t, 'limited', 'pw')).toBe('ok');
    expect((await a.query('SELECT 1 AS x')).rows).toEqual([{ x: 1 }]);
    await t.client({ user: 'sys', password: 'pw' });
    expect(await login(t, 'sys', 'pw')).toBe('ok');
    await admin.query('ALTER ROLE limited CONNECTION LIMIT -1');
    const many = await Promise.all([1, 2, 3].map(() => t.client({ user: 'limited', password: 'pw' })));
    expect(many).toHaveLength(3);
  });

  it('stores a given verifier as it is and logs in with the password behind it', async () => {
    const t = await server();
    const admin = await t.client();
    await admin.query("CREATE USER donor PASSWORD 'secret'");
    const verifier = (await admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'donor'")).rows[0].rolpassword as string;
    await admin.query(`CREATE USER heir ENCRYPTED PASSWORD '${verifier}'`);
    expect((await admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'heir'")).rows[0].rolpassword).toBe(verifier);
    expect(await login(t, 'heir', 'secret')).toBe('ok');
    // md5 verifiers are salted with the role name: md5('secret' || 'md5user').
    await admin.query("CREATE USER md5user PASSWORD 'md52aea419619857e8a27f0f7aa641db0c6'");
    expect(await login(t, 'md5user', 'secret')).toBe('ok');
    // Renaming clears an md5 password (PostgreSQL's NOTICE), so the old password stops working.
    const notices: string[] = [];
    admin.on('notice', (n) => notices.push(n.message ?? ''));
    await admin.query('ALTER ROLE md5user RENAME TO md5renamed');
    expect(notices).toContain('MD5 password cleared because of role rename');
    expect(await login(t, 'md5renamed', 'secret')).toMatch(/^28P01/);
    // PASSWORD NULL: no password, no login.
    await admin.query('ALTER ROLE heir PASSWORD NULL');
    expect(await login(t, 'heir', 'secret')).toMatch(/^28P01/);
  });

  it('never keeps a cleartext password anywhere in the catalog', async () => {
    const t = await server();
    const admin = await t.client();
    await admin.query("CREATE USER 'plain' WITH PASSWORD 'cleartext-123' AUTH_TYPE 'password'");
    await admin.query("CREATE USER 'm5' WITH PASSWORD 'cleartext-123' AUTH_TYPE 'md5'");
    await admin.query("CREATE ROLE r5 LOGIN PASSWORD 'cleartext-123'");
    await admin.query("ALTER USER 'r5' SET PASSWORD 'cleartext-123'");
    const all = JSON.stringify((await admin.query('SELECT * FROM pg_authid')).rows)
      + JSON.stringify((await admin.query('SELECT * FROM system.users')).rows)
      + JSON.stringify((await admin.query('SELECT * FROM system.audit_log')).rows);
    expect(all).not.toContain('cleartext-123');
    expect(JSON.stringify((await admin.query('SELECT * FROM system.users')).rows)).not.toMatch(/SCRAM|md5[0-9a-f]{32}/);
    expect(await login(t, 'plain', 'cleartext-123')).toBe('ok');
    expect(await login(t, 'm5', 'cleartext-123')).toBe('ok');
  });
});

describe('failed logins', () => {
  it('locks a user after N failures, keeps the lock across a restart, and lets a dba unlock it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-lockout-'));
    try {
      let t = await server({ maxFailedLogins: 3, lockoutSeconds: 600 }, dir);
      const admin = await t.client();
      await admin.query("CREATE USER carol PASSWORD 'right'");
      await admin.query("CREATE USER 'ops' WITH PASSWORD 'ops-pw' ROLE dba");
      await admin.query("CREATE USER 'worker' WITH PASSWORD 'w-pw' ROLE service");
      // A success resets the count: two failures, a success, two more do not lock.
      expect(await login(t, 'carol', 'wrong')).toMatch(/^28P01/);
      expect(await login(t, 'carol', 'wrong')).toMatch(/^28P01/);
      expect(await login(t, 'carol', 'right')).toBe('ok');
      const state = async () => (await admin.query(
        "SELECT failed_login_attempts AS n, locked_until IS NOT NULL AS locked, last_login_at IS NOT NULL AS seen FROM system.users WHERE username = 'carol'",
      )).rows[0];
      expect(await state()).toEqual({ n: 0, locked: false, seen: true });
      for (let i = 0; i < 3; i++) expect(await login(t, 'carol', 'wrong')).toMatch(/^28P01/);
      expect(await state()).toEqual({ n: 3, locked: true, seen: true });
      // Locked: the right password fails with the very same error as a wrong one.
      expect(await login(t, 'carol', 'right')).toBe('28P01: password authentication failed for user "carol"');

      await t.stop();
      servers.splice(servers.indexOf(t), 1);
      t = await server({ maxFailedLogins: 3, lockoutSeconds: 600 }, dir);
      expect(await login(t, 'carol', 'right')).toBe('28P01: password authentication failed for user "carol"');
      const admin2 = await t.client();
      expect((await admin2.query("SELECT failed_login_attempts AS n, locked_until > now() AS locked FROM system.users WHERE username = 'carol'")).rows)
        .toEqual([{ n: 3, locked: true }]);
      // A service role may not unlock; a dba may.
      const worker = await t.client({ user: 'worker', password: 'w-pw' });
      expect(await sqlstate(worker.query("ALTER USER 'carol' UNLOCK"))).toBe('42501');
      const ops = await t.client({ user: 'ops', password: 'ops-pw' });
      await ops.query("ALTER USER 'carol' UNLOCK");
      expect(await login(t, 'carol', 'right')).toBe('ok');
      expect((await admin2.query("SELECT failed_login_attempts AS n, locked_until FROM system.users WHERE username = 'carol'")).rows)
        .toEqual([{ n: 0, locked_until: null }]);
    } finally {
      removeDir(dir);
    }
  });

  it('lifts a lock when its time is up', async () => {
    const t = await server({ maxFailedLogins: 2, lockoutSeconds: 1 });
    const admin = await t.client();
    await admin.query("CREATE USER dave PASSWORD 'right'");
    expect(await login(t, 'dave', 'x')).toMatch(/^28P01/);
    expect(await login(t, 'dave', 'x')).toMatch(/^28P01/);
    expect(await login(t, 'dave', 'right')).toMatch(/^28P01/);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await login(t, 'dave', 'right')).toBe('ok');
  });

  it('refuses an address that failed too often, whatever names it tried', async () => {
    const t = await server({ maxFailedLogins: 0, maxFailedLoginsPerAddress: 4, lockoutSeconds: 600 });
    const admin = await t.client();
    await admin.query("CREATE USER erin PASSWORD 'right'");
    for (const name of ['nobody1', 'nobody2', 'erin', 'nobody3']) expect(await login(t, name, 'guess')).toMatch(/^28P01/);
    // Every client here is 127.0.0.1: erin's right password is refused too now, with the usual 28P01.
    expect(await login(t, 'erin', 'right')).toBe('28P01: password authentication failed for user "erin"');
    // maxFailedLogins 0: the user itself is never locked.
    expect((await admin.query("SELECT locked_until FROM system.users WHERE username = 'erin'")).rows).toEqual([{ locked_until: null }]);
  });

  it('answers an unknown user and a wrong password alike, through a full SCRAM exchange', async () => {
    const t = await server();
    const admin = await t.client();
    await admin.query("CREATE USER frank PASSWORD 'right'");
    expect(await login(t, 'frank', 'wrong')).toBe('28P01: password authentication failed for user "frank"');
    expect(await login(t, 'nobody', 'wrong')).toBe('28P01: password authentication failed for user "nobody"');
    // An unknown name is not counted as a user (no row to lock), only against the address.
    expect((await admin.query("SELECT count(*)::int AS n FROM system.users WHERE username = 'nobody'")).rows).toEqual([{ n: 0 }]);
  });
});
