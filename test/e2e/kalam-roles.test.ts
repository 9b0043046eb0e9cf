/**
 * The KalamDB side of roles: each role's KalamDB role is what PostgreSQL's statements make of it
 * (SUPERUSER → system, CREATEROLE/CREATEDB → dba, GRANT kalam_x → x), system.users shows it,
 * and the built-in group roles cannot be created, changed or dropped.
 */
import { describe, expect, it } from 'vitest';
import { sqlstate, withServerAndClient } from './harness.js';

const s = withServerAndClient();

async function roleOf(name: string): Promise<string | undefined> {
  return (await s.c.query('SELECT role FROM system.users WHERE username = $1', [name])).rows[0]?.role as string | undefined;
}

describe('KalamDB roles through PostgreSQL statements', () => {
  it('maps role attributes and group membership to the KalamDB role', async () => {
    const c = s.c;
    await c.query('CREATE ROLE k1 LOGIN');
    expect(await roleOf('k1')).toBe('user');
    await c.query('ALTER ROLE k1 CREATEDB');
    expect(await roleOf('k1')).toBe('dba');
    await c.query('ALTER ROLE k1 SUPERUSER');
    expect(await roleOf('k1')).toBe('system');
    await c.query('ALTER ROLE k1 NOSUPERUSER');
    expect(await roleOf('k1')).toBe('dba');
    await c.query('ALTER ROLE k1 NOCREATEROLE');
    expect(await roleOf('k1')).toBe('user');
    await c.query('GRANT kalam_service TO k1');
    expect(await roleOf('k1')).toBe('service');
    expect((await c.query("SELECT pg_has_role('k1', 'kalam_service', 'MEMBER') AS a, pg_has_role('k1', 'kalam_user', 'MEMBER') AS b")).rows)
      .toEqual([{ a: true, b: false }]);
    await c.query('REVOKE kalam_service FROM k1');
    expect(await roleOf('k1')).toBe('user');
    // Every role is in exactly one group: kalam_user cannot be taken away, only replaced.
    expect(await sqlstate(c.query('REVOKE kalam_user FROM k1'))).toBe('0A000');
    await c.query('CREATE ROLE k2 LOGIN IN ROLE kalam_dba');
    expect(await roleOf('k2')).toBe('dba');
    const members = await c.query(`SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
      JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = 'k2'`);
    expect(members.rows).toEqual([{ rolname: 'kalam_dba' }]);
  });

  it('sets an email and shows it in system.users', async () => {
    await s.c.query("CREATE USER 'mail' WITH PASSWORD 'pw' EMAIL 'old@example.com'");
    await s.c.query("ALTER USER 'mail' SET EMAIL 'new@example.com'");
    expect((await s.c.query("SELECT email FROM system.users WHERE username = 'mail'")).rows).toEqual([{ email: 'new@example.com' }]);
  });

  it('lets a user change its own password and email, nothing else', async () => {
    await s.c.query("CREATE USER 'self' WITH PASSWORD 'pw'");
    const self = await s.t.client({ user: 'self', password: 'pw' });
    await self.query("ALTER USER 'self' SET PASSWORD 'pw2'");
    await self.query("ALTER USER 'self' SET EMAIL 'me@example.com'");
    expect(await sqlstate(self.query("ALTER USER 'self' SET ROLE dba"))).toBe('42501');
    expect(await sqlstate(self.query('ALTER ROLE self CONNECTION LIMIT 3'))).toBe('42501');
    expect(await sqlstate(s.t.client({ user: 'self', password: 'pw2' }).then((c) => c.end()))).toBe('no error');
  });

  it('only system grants system, in KalamDB syntax too', async () => {
    await s.c.query("CREATE USER 'boss' WITH PASSWORD 'pw' ROLE dba");
    await s.c.query("CREATE USER 'minion' WITH PASSWORD 'pw' ROLE user");
    const boss = await s.t.client({ user: 'boss', password: 'pw' });
    const denied = await boss.query("ALTER USER 'minion' SET ROLE system").catch((e: { code: string; message: string }) => e);
    expect(denied).toMatchObject({ code: '42501', message: 'must be superuser to alter superuser roles or change superuser attribute' });
    await boss.query("ALTER USER 'minion' SET ROLE service");
    expect(await roleOf('minion')).toBe('service');
    expect(await sqlstate(boss.query("CREATE USER 'root2' WITH PASSWORD 'pw' ROLE system"))).toBe('42501');
    expect(await sqlstate(boss.query("DROP USER 'postgres'"))).toBe('42501');
  });

  it('keeps the group roles and pg_ names out of reach', async () => {
    const c = s.c;
    expect(await sqlstate(c.query('CREATE ROLE kalam_dba'))).toBe('42710');
    expect(await sqlstate(c.query('DROP ROLE kalam_user'))).toBe('0A000');
    expect(await sqlstate(c.query('ALTER ROLE kalam_system CONNECTION LIMIT 1'))).toBe('0A000');
    expect(await sqlstate(c.query('CREATE ROLE pg_mine'))).toBe('42939');
    expect(await sqlstate(c.query('GRANT k1 TO k2'))).toBe('0A000');
    expect(await sqlstate(c.query('GRANT kalam_dba TO nobody'))).toBe('42704');
    expect((await c.query("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'kalam\\_%' ORDER BY oid")).rows).toEqual([
      { rolname: 'kalam_user', rolcanlogin: false },
      { rolname: 'kalam_service', rolcanlogin: false },
      { rolname: 'kalam_dba', rolcanlogin: false },
      { rolname: 'kalam_system', rolcanlogin: false },
    ]);
  });

  it('renames a role that owns nothing, refuses one that owns tables', async () => {
    const c = s.c;
    await c.query("CREATE USER 'owner1' WITH PASSWORD 'pw' ROLE dba");
    const owner = await s.t.client({ user: 'owner1', password: 'pw' });
    await owner.query('CREATE TABLE owned (id INT PRIMARY KEY)');
    expect(await sqlstate(c.query('ALTER ROLE owner1 RENAME TO owner2'))).toBe('0A000');
    await c.query('ALTER ROLE k2 RENAME TO k3');
    expect(await roleOf('k3')).toBe('dba');
    expect(await sqlstate(c.query('ALTER ROLE postgres RENAME TO boss2'))).toBe('0A000');
  });
});

describe('role changes reach open sessions', () => {
  it('takes a dba role away from a session already open, as PostgreSQL reads pg_authid each time', async () => {
    await s.c.query("CREATE USER 'temp_dba' WITH PASSWORD 'pw' ROLE dba");
    const d = await s.t.client({ user: 'temp_dba', password: 'pw' });
    expect(Number((await d.query('SELECT count(*) AS n FROM system.stats')).rows[0].n)).toBeGreaterThan(0);
    await s.c.query('REVOKE kalam_dba FROM temp_dba');
    expect(await sqlstate(d.query('SELECT * FROM system.stats'))).toBe('42501');
    expect(await sqlstate(d.query("CREATE USER 'x9' WITH PASSWORD 'pw'"))).toBe('42501');
    await s.c.query('GRANT kalam_dba TO temp_dba');
    await d.query("CREATE USER 'x9' WITH PASSWORD 'pw'");
  });

  it('refuses to drop a role that owns tables (2BP01), as PostgreSQL', async () => {
    const e = await s.c.query('DROP ROLE owner1').catch((err: { code: string; message: string; detail?: string }) => err);
    expect(e).toMatchObject({ code: '2BP01', message: 'role "owner1" cannot be dropped because some objects depend on it', detail: 'owner of table public.owned' });
  });
});
