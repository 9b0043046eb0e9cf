/**
 * Roles against PostgreSQL 15 running an equivalent setup: there the four KalamDB roles are plain
 * NOLOGIN group roles created by hand (kalam_dba with CREATEROLE CREATEDB, kalam_system a
 * superuser), and each login role is put IN ROLE of one of them. pg_roles, pg_auth_members and
 * pg_has_role must answer alike, and the who-may-manage-whom matrix must allow and deny the same
 * statements with the same SQLSTATE and message (PostgreSQL acts as each role through SET ROLE,
 * we log in as it).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from './harness.js';
import { withOursAndReference } from '../support/server-pair.js';

const s = withOursAndReference();

const GROUPS_ON_POSTGRES = [
  'CREATE ROLE kalam_user NOLOGIN',
  'CREATE ROLE kalam_service NOLOGIN',
  'CREATE ROLE kalam_dba NOLOGIN CREATEROLE CREATEDB',
  'CREATE ROLE kalam_system NOLOGIN SUPERUSER CREATEROLE CREATEDB',
];

/** The same statements on both; PostgreSQL puts each into its group with IN ROLE, we infer it. */
const SETUP: readonly [ours: string, theirs: string][] = [
  ["CREATE ROLE r_user LOGIN PASSWORD 'pw'", "CREATE ROLE r_user LOGIN PASSWORD 'pw' IN ROLE kalam_user"],
  ["CREATE ROLE r_service LOGIN PASSWORD 'pw' IN ROLE kalam_service", "CREATE ROLE r_service LOGIN PASSWORD 'pw' IN ROLE kalam_service"],
  ["CREATE ROLE r_dba LOGIN PASSWORD 'pw' CREATEROLE CREATEDB", "CREATE ROLE r_dba LOGIN PASSWORD 'pw' CREATEROLE CREATEDB IN ROLE kalam_dba"],
  ["CREATE ROLE r_sys LOGIN PASSWORD 'pw' SUPERUSER CREATEROLE CREATEDB", "CREATE ROLE r_sys LOGIN PASSWORD 'pw' SUPERUSER CREATEROLE CREATEDB IN ROLE kalam_system"],
  ["CREATE ROLE r_limited LOGIN CONNECTION LIMIT 3 VALID UNTIL '2031-02-03 04:05:06+00'", "CREATE ROLE r_limited LOGIN CONNECTION LIMIT 3 VALID UNTIL '2031-02-03 04:05:06+00' IN ROLE kalam_user"],
  ['CREATE ROLE r_nologin', 'CREATE ROLE r_nologin IN ROLE kalam_user'],
  ["CREATE ROLE r_forever LOGIN VALID UNTIL 'infinity'", "CREATE ROLE r_forever LOGIN VALID UNTIL 'infinity' IN ROLE kalam_user"],
];

const ROLES = "('kalam_user', 'kalam_service', 'kalam_dba', 'kalam_system', 'r_user', 'r_service', 'r_dba', 'r_sys', 'r_limited', 'r_nologin', 'r_forever')";

async function connect(port: number, user: string, password: string): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await c.connect();
  await c.query("SET TimeZone = 'UTC'");
  return c;
}

async function outcome(c: pg.Client, sql: string): Promise<string> {
  try {
    await c.query(sql);
    return 'ok';
  } catch (e) {
    const err = e as { code?: string; message: string };
    return `${err.code}: ${err.message}`;
  }
}

let ours: pg.Client;
let theirs: pg.Client;

describe('roles compared with PostgreSQL 15', () => {
  it('sets up the same roles', async () => {
    ours = await connect(s.ours.port, 'postgres', PASSWORD);
    theirs = await connect(s.ref.port, 'postgres', '');
    for (const q of GROUPS_ON_POSTGRES) await theirs.query(q);
    for (const [o, t] of SETUP) {
      await ours.query(o);
      await theirs.query(t);
    }
  });

  it('pg_roles shows the same attributes', async () => {
    const q = `SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls,
      rolconnlimit, rolvaliduntil::text, rolpassword FROM pg_roles WHERE rolname IN ${ROLES} ORDER BY rolname`;
    const mine = (await ours.query(q)).rows;
    expect(mine).toHaveLength(11);
    expect(mine).toEqual((await theirs.query(q)).rows);
  });

  it('pg_user lists the login roles alike', async () => {
    const q = `SELECT usename, usecreatedb, usesuper, userepl, usebypassrls, passwd, valuntil::text FROM pg_user
      WHERE usename IN ${ROLES} ORDER BY usename`;
    expect((await ours.query(q)).rows).toEqual((await theirs.query(q)).rows);
  });

  it('pg_auth_members tells the same memberships', async () => {
    const q = `SELECT g.rolname AS grp, m.rolname AS member, a.admin_option, pg_get_userbyid(a.grantor) AS grantor
      FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
      WHERE m.rolname IN ${ROLES} ORDER BY member`;
    const mine = (await ours.query(q)).rows;
    expect(mine.map((r) => `${r.member}:${r.grp}`)).toContain('r_dba:kalam_dba');
    expect(mine).toEqual((await theirs.query(q)).rows);
  });

  it('pg_has_role answers from the memberships', async () => {
    const pairs: string[] = [];
    for (const u of ['r_user', 'r_service', 'r_dba', 'r_sys']) {
      for (const g of ['kalam_user', 'kalam_dba', 'kalam_system', 'r_user']) {
        for (const p of ['MEMBER', 'USAGE']) pairs.push(`pg_has_role('${u}', '${g}', '${p}') AS "${u}/${g}/${p}"`);
      }
    }
    const q = `SELECT ${pairs.join(', ')}`;
    expect((await ours.query(q)).rows).toEqual((await theirs.query(q)).rows);
    for (const bad of ["SELECT pg_has_role('nobody', 'kalam_dba', 'MEMBER')", "SELECT pg_has_role('r_user', 'kalam_dba', 'FLY')"]) {
      expect(await outcome(ours, bad)).toBe(await outcome(theirs, bad));
    }
  });

  it('pg_authid is for superusers only', async () => {
    const u = await connect(s.ours.port, 'r_dba', 'pw');
    try {
      const q = 'SELECT rolname FROM pg_authid';
      await theirs.query('SET ROLE r_dba');
      const expected = await outcome(theirs, q);
      await theirs.query('RESET ROLE');
      expect(expected).toBe('42501: permission denied for table pg_authid');
      expect(await outcome(u, q)).toBe(expected);
      // The superuser sees the verifier, never a password.
      const r = await ours.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'r_user'");
      expect(r.rows[0].rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    } finally {
      await u.end();
    }
  });

  it('allows and denies managing roles the same way (who may manage whom)', async () => {
    const actors = ['r_user', 'r_service', 'r_dba', 'r_sys'];
    // {t}: a fresh plain target, {s}: a fresh superuser target, both created per actor and case.
    const cases = [
      'CREATE ROLE {new}',
      'CREATE ROLE {new} SUPERUSER',
      'ALTER ROLE {t} CONNECTION LIMIT 5',
      'ALTER ROLE {s} CONNECTION LIMIT 5',
      'ALTER ROLE {t} NOLOGIN',
      "ALTER ROLE {t} PASSWORD 'new'",
      "ALTER ROLE {s} PASSWORD 'new'",
      'ALTER ROLE {t} SUPERUSER',
      'ALTER ROLE {s} NOSUPERUSER',
      'ALTER ROLE {t} RENAME TO {new}',
      'ALTER ROLE {s} RENAME TO {new}',
      'DROP ROLE {t}',
      'DROP ROLE {s}',
      'GRANT kalam_dba TO {t}',
      'GRANT kalam_system TO {t}',
      'REVOKE kalam_system FROM {s}',
    ];
    let n = 0;
    const table: string[] = [];
    for (const actor of actors) {
      const mine = await connect(s.ours.port, actor, 'pw');
      try {
        for (const c of cases) {
          n++;
          const t = `m_t${n}`;
          const sup = `m_s${n}`;
          await ours.query(`CREATE ROLE ${t} LOGIN`);
          await theirs.query(`CREATE ROLE ${t} LOGIN IN ROLE kalam_user`);
          await ours.query(`CREATE ROLE ${sup} LOGIN SUPERUSER`);
          await theirs.query(`CREATE ROLE ${sup} LOGIN SUPERUSER IN ROLE kalam_system`);
          const sql = c.replace('{t}', t).replace('{s}', sup).replace('{new}', `m_n${n}`);
          await theirs.query(`SET ROLE ${actor}`);
          const expected = await outcome(theirs, sql);
          await theirs.query('RESET ROLE');
          table.push(`${actor}: ${c} → ${expected}`);
          expect(`${actor}: ${c} → ${await outcome(mine, sql)}`).toBe(`${actor}: ${c} → ${expected}`);
        }
      } finally {
        await mine.end();
      }
    }
    // The matrix is not all one answer: each actor is allowed something and denied something.
    expect(table.filter((l) => l.startsWith('r_user') && l.endsWith('→ ok'))).toEqual([]);
    expect(table.filter((l) => l.startsWith('r_dba') && l.endsWith('→ ok')).length).toBeGreaterThan(5);
    expect(table.filter((l) => l.startsWith('r_dba') && l.includes('42501')).length).toBeGreaterThan(4);
    expect(table.filter((l) => l.startsWith('r_sys') && !l.endsWith('→ ok'))).toEqual([]);
  });

  it('closes its clients', async () => {
    await ours.end();
    await theirs.end();
  });
});
