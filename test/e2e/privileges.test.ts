/**
 * The privilege suite (issue 6, acceptance 2): one script of GRANT/REVOKE cases, each statement
 * run as a given role on our server and on PostgreSQL 15, comparing allowed/denied, SQLSTATE,
 * message, warnings and rows. The roles are ordinary login roles on both sides (on ours, members of
 * kalam_user); `postgres` is the superuser. What only KalamDB has (ACCESS_LEVEL presets, the
 * kalam_* groups) is checked against its own expectations at the end.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { differentialPair, TEXT_TYPES } from '../support/differential.js';
import { sqlstate } from './harness.js';

const ROLES = ['alice', 'bob', 'carol'] as const;
type Who = 'postgres' | (typeof ROLES)[number];

const pair = differentialPair(ROLES.map((r) => `CREATE ROLE ${r} LOGIN PASSWORD 'pw'`));

interface Outcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly message?: string;
  readonly rows?: unknown[][];
  readonly warnings: string[];
}

async function run(c: pg.Client, sql: string): Promise<Outcome> {
  const warnings: string[] = [];
  const onNotice = (n: { code?: string; message?: string; severity?: string }) => {
    // PostgreSQL's REVOKE repeats its warning for every column, system columns included; we do not
    // keep column privileges, so the table's warning is what is compared.
    if (n.severity === 'WARNING' && !/ for column "/.test(n.message ?? '')) warnings.push(`${n.code}: ${n.message}`);
  };
  c.on('notice', onNotice);
  try {
    const r = await c.query({ text: sql, rowMode: 'array', types: TEXT_TYPES });
    return { ok: true, rows: r.rows, warnings };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { ok: false, code: err.code, message: err.message, warnings };
  } finally {
    c.off('notice', onNotice);
  }
}

/** [who, statement]: the script, run in order on both servers. */
const SCRIPT: readonly (readonly [Who, string])[] = [
  // A plain CREATE TABLE is its owner's alone.
  ['postgres', 'CREATE TABLE t (id int PRIMARY KEY, v int)'],
  ['postgres', 'INSERT INTO t VALUES (1, 10), (2, 20)'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 't'"],
  ['alice', 'SELECT * FROM t'],
  ['alice', 'INSERT INTO t VALUES (3, 30)'],
  ['alice', 'UPDATE t SET v = 1'],
  ['alice', 'DELETE FROM t'],
  ['alice', 'TRUNCATE t'],
  ['alice', "SELECT has_table_privilege('t', 'SELECT'), has_table_privilege('alice', 't', 'INSERT')"],
  // SELECT.
  ['postgres', 'GRANT SELECT ON t TO alice'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 't'"],
  ['alice', 'SELECT * FROM t ORDER BY id'],
  ['alice', 'SELECT count(*) FROM t WHERE v > 5'],
  ['alice', 'INSERT INTO t VALUES (3, 30)'],
  ['bob', 'SELECT * FROM t'],
  ['alice', "SELECT has_table_privilege('t', 'SELECT'), has_table_privilege('t', 'UPDATE'), has_table_privilege('t', 'select, update')"],
  ['postgres', "SELECT has_table_privilege('bob', 't', 'SELECT'), has_any_column_privilege('alice', 't', 'SELECT')"],
  ['postgres', "SELECT has_column_privilege('alice', 't', 'v', 'SELECT'), has_column_privilege('alice', 't', 'v', 'UPDATE')"],
  ['postgres', "SELECT has_table_privilege('alice', 't', 'FLY')"],
  ['postgres', "SELECT has_table_privilege('nobody', 't', 'SELECT')"],
  ['postgres', "SELECT has_table_privilege('alice', 'missing', 'SELECT')"],
  // INSERT, and what INSERT also needs: SELECT for RETURNING and ON CONFLICT (col), UPDATE for DO UPDATE.
  ['postgres', 'GRANT INSERT ON t TO bob'],
  ['bob', 'INSERT INTO t VALUES (3, 30)'],
  ['bob', 'INSERT INTO t VALUES (4, 40) RETURNING id'],
  ['bob', 'INSERT INTO t VALUES (3, 31) ON CONFLICT DO NOTHING'],
  ['bob', 'INSERT INTO t VALUES (3, 31) ON CONFLICT (id) DO NOTHING'],
  ['bob', 'INSERT INTO t VALUES (3, 31) ON CONFLICT (id) DO UPDATE SET v = excluded.v'],
  ['bob', 'SELECT * FROM t'],
  ['postgres', 'GRANT UPDATE, SELECT ON t TO bob'],
  ['bob', 'INSERT INTO t VALUES (3, 32) ON CONFLICT (id) DO UPDATE SET v = excluded.v'],
  ['bob', 'INSERT INTO t VALUES (5, 50) RETURNING v'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 't'"],
  // UPDATE and DELETE: SELECT too once they read the table.
  ['postgres', 'GRANT UPDATE, DELETE ON t TO carol'],
  ['carol', 'UPDATE t SET v = 0 WHERE id = 99'],
  ['carol', 'UPDATE t SET v = v + 1'],
  ['carol', 'UPDATE t SET v = 7'],
  ['carol', 'UPDATE t SET v = 8 RETURNING id'],
  ['carol', 'DELETE FROM t WHERE id = 5'],
  ['carol', 'DELETE FROM t RETURNING id'],
  ['postgres', 'INSERT INTO t VALUES (9, 90)'],
  ['postgres', 'SELECT * FROM t ORDER BY id'],
  // TRUNCATE, REFERENCES, TRIGGER, ALL.
  ['postgres', 'CREATE TABLE scratch (id int PRIMARY KEY)'],
  ['postgres', 'INSERT INTO scratch VALUES (1)'],
  ['alice', 'TRUNCATE scratch'],
  ['postgres', 'GRANT TRUNCATE ON scratch TO alice'],
  ['alice', 'TRUNCATE scratch'],
  ['postgres', 'GRANT REFERENCES, TRIGGER ON scratch TO bob'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'scratch'"],
  ['postgres', 'GRANT ALL PRIVILEGES ON scratch TO carol'],
  ['carol', 'INSERT INTO scratch VALUES (2)'],
  ['carol', 'SELECT * FROM scratch'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'scratch'"],
  ['postgres', 'REVOKE ALL ON scratch FROM carol'],
  ['carol', 'SELECT * FROM scratch'],
  ['postgres', "SELECT has_table_privilege('bob', 'scratch', 'REFERENCES'), has_table_privilege('bob', 'scratch', 'TRIGGER')"],
  // Bad grants.
  ['postgres', 'GRANT USAGE ON t TO alice'],
  ['postgres', 'GRANT SELECT ON t TO nobody'],
  ['postgres', 'GRANT SELECT ON missing TO alice'],
  ['postgres', 'GRANT SELECT ON t TO PUBLIC WITH GRANT OPTION'],
  // PUBLIC.
  ['postgres', 'CREATE TABLE pub (id int)'],
  ['postgres', 'INSERT INTO pub VALUES (1)'],
  ['postgres', 'GRANT SELECT ON pub TO PUBLIC'],
  ['carol', 'SELECT * FROM pub'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'pub'"],
  ['postgres', "SELECT has_table_privilege('carol', 'pub', 'SELECT')"],
  ['postgres', 'REVOKE SELECT ON pub FROM carol'],
  ['carol', 'SELECT * FROM pub'],
  ['postgres', 'REVOKE SELECT ON pub FROM PUBLIC'],
  ['carol', 'SELECT * FROM pub'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'pub'"],
  // WITH GRANT OPTION: the grantee grants on; REVOKE … CASCADE takes the chain back.
  ['postgres', 'CREATE TABLE g (id int)'],
  ['alice', 'GRANT SELECT ON g TO bob'],
  ['postgres', 'GRANT SELECT ON g TO alice WITH GRANT OPTION'],
  ['postgres', 'GRANT INSERT ON g TO alice'],
  ['alice', 'GRANT SELECT ON g TO bob WITH GRANT OPTION'],
  ['bob', 'GRANT SELECT ON g TO carol'],
  ['alice', 'GRANT INSERT ON g TO bob'],
  ['alice', 'GRANT SELECT, INSERT ON g TO carol'],
  ['alice', 'GRANT ALL ON g TO carol'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'g'"],
  ['carol', 'SELECT * FROM g'],
  ['carol', 'GRANT SELECT ON g TO alice'],
  ['postgres', 'REVOKE SELECT ON g FROM alice'],
  ['postgres', 'REVOKE SELECT ON g FROM alice RESTRICT'],
  ['postgres', 'REVOKE GRANT OPTION FOR SELECT ON g FROM alice'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'g'"],
  ['postgres', 'REVOKE GRANT OPTION FOR SELECT ON g FROM alice CASCADE'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'g'"],
  ['alice', 'SELECT * FROM g'],
  ['carol', 'SELECT * FROM g'],
  ['bob', 'SELECT * FROM g'],
  ['postgres', "SELECT has_table_privilege('alice', 'g', 'SELECT WITH GRANT OPTION'), has_table_privilege('alice', 'g', 'SELECT')"],
  ['postgres', 'REVOKE SELECT ON g FROM alice CASCADE'],
  ['alice', 'SELECT * FROM g'],
  ['alice', 'REVOKE INSERT ON g FROM bob'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'g'"],
  // Schemas: USAGE to look in, CREATE to make things there.
  ['postgres', 'CREATE SCHEMA s'],
  ['postgres', 'CREATE TABLE s.x (a int)'],
  ['postgres', 'INSERT INTO s.x VALUES (1)'],
  ['postgres', 'GRANT SELECT ON s.x TO alice'],
  ['alice', 'SELECT * FROM s.x'],
  ['alice', 'CREATE TABLE s.y (a int)'],
  ['alice', "SELECT has_schema_privilege('s', 'USAGE'), has_schema_privilege('s', 'CREATE')"],
  ['postgres', 'GRANT USAGE ON SCHEMA s TO alice'],
  ['alice', 'SELECT * FROM s.x'],
  ['alice', 'CREATE TABLE s.y (a int)'],
  ['postgres', 'GRANT CREATE ON SCHEMA s TO alice'],
  ['alice', 'CREATE TABLE s.y (a int)'],
  ['alice', 'INSERT INTO s.y VALUES (5)'],
  ['alice', 'SELECT * FROM s.y'],
  ['bob', 'SELECT * FROM s.y'],
  ['postgres', "SELECT nspacl FROM pg_namespace WHERE nspname = 's'"],
  ['postgres', "SELECT has_schema_privilege('alice', 's', 'CREATE'), has_schema_privilege('bob', 's', 'USAGE')"],
  ['postgres', 'GRANT SELECT ON SCHEMA s TO alice'],
  ['postgres', 'GRANT USAGE ON SCHEMA nope TO alice'],
  ['postgres', 'REVOKE CREATE ON SCHEMA s FROM alice'],
  ['alice', 'CREATE TABLE s.z (a int)'],
  ['alice', 'CREATE TABLE pubtab (a int)'],
  ['postgres', "SELECT nspacl FROM pg_namespace WHERE nspname = 's'"],
  // ALL TABLES IN SCHEMA.
  ['postgres', 'CREATE TABLE s.w (a int)'],
  ['postgres', 'GRANT SELECT ON ALL TABLES IN SCHEMA s TO bob'],
  ['postgres', 'GRANT USAGE ON SCHEMA s TO bob'],
  ['bob', 'SELECT * FROM s.w'],
  ['bob', 'SELECT * FROM s.x'],
  ['postgres', 'REVOKE SELECT ON ALL TABLES IN SCHEMA s FROM bob'],
  ['bob', 'SELECT * FROM s.x'],
  ['postgres', 'GRANT SELECT ON ALL TABLES IN SCHEMA nope TO bob'],
  // Views: the reader needs SELECT on the view; the view reads its tables as its owner.
  ['postgres', 'CREATE TABLE secret (id int, note text)'],
  ['postgres', "INSERT INTO secret VALUES (1, 'a')"],
  ['postgres', 'CREATE VIEW vs AS SELECT id FROM secret'],
  ['alice', 'SELECT * FROM vs'],
  ['postgres', 'GRANT SELECT ON vs TO alice'],
  ['alice', 'SELECT * FROM vs'],
  ['alice', 'SELECT * FROM secret'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'vs'"],
  ['postgres', "SELECT has_table_privilege('alice', 'vs', 'SELECT')"],
  ['postgres', 'CREATE VIEW vw AS SELECT id, note FROM secret'],
  ['postgres', 'GRANT INSERT ON vw TO bob'],
  ['bob', "INSERT INTO vw VALUES (2, 'b')"],
  ['bob', "INSERT INTO secret VALUES (3, 'c')"],
  ['postgres', 'SELECT * FROM secret ORDER BY id'],
  // A view made by a user who lost access to its table.
  ['postgres', 'GRANT SELECT ON secret TO carol'],
  ['carol', 'CREATE VIEW cv AS SELECT id FROM secret'],
  ['carol', 'GRANT SELECT ON cv TO bob'],
  ['bob', 'SELECT * FROM cv ORDER BY id'],
  ['postgres', 'REVOKE SELECT ON secret FROM carol'],
  ['bob', 'SELECT * FROM cv'],
  ['carol', 'SELECT * FROM cv'],
  // Sequences: USAGE for nextval, SELECT for currval, UPDATE for setval; serial defaults too.
  ['postgres', 'CREATE SEQUENCE q'],
  ['alice', "SELECT nextval('q')"],
  ['postgres', 'GRANT USAGE ON SEQUENCE q TO alice'],
  ['alice', "SELECT nextval('q')"],
  ['alice', "SELECT currval('q')"],
  ['alice', "SELECT setval('q', 10)"],
  ['postgres', 'GRANT UPDATE ON SEQUENCE q TO alice'],
  ['alice', "SELECT setval('q', 10)"],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'q'"],
  ['postgres', "SELECT has_sequence_privilege('alice', 'q', 'USAGE'), has_sequence_privilege('alice', 'q', 'SELECT')"],
  ['postgres', "SELECT has_sequence_privilege('alice', 't', 'USAGE')"],
  ['postgres', 'GRANT INSERT ON SEQUENCE q TO alice'],
  ['postgres', 'GRANT SELECT, INSERT ON TABLE q TO bob'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'q'"],
  ['postgres', 'GRANT USAGE ON SEQUENCE t TO alice'],
  ['postgres', 'CREATE TABLE ser (id serial PRIMARY KEY, v text)'],
  ['postgres', 'GRANT INSERT ON ser TO carol'],
  ['carol', "INSERT INTO ser (v) VALUES ('x')"],
  ['postgres', 'GRANT USAGE ON SEQUENCE ser_id_seq TO carol'],
  ['carol', "INSERT INTO ser (v) VALUES ('x')"],
  ['postgres', 'GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO bob'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'ser_id_seq'"],
  // Ownership: ALTER, DROP, CREATE INDEX, COMMENT are the owner's.
  ['alice', 'ALTER TABLE t ADD COLUMN w int'],
  ['alice', 'DROP TABLE t'],
  ['alice', 'CREATE INDEX ON t (v)'],
  ['alice', "COMMENT ON TABLE t IS 'x'"],
  ['alice', 'ALTER TABLE t RENAME TO t2'],
  ['alice', 'DROP VIEW vs'],
  ['alice', 'CREATE TABLE own (id int)'],
  ['postgres', 'GRANT CREATE ON SCHEMA s TO alice'],
  ['alice', 'CREATE TABLE s.mine (id int)'],
  ['alice', 'CREATE TABLE s.child (id int REFERENCES t (id))'],
  ['postgres', 'GRANT REFERENCES ON t TO alice'],
  ['alice', 'CREATE TABLE s.child (id int REFERENCES t (id))'],
  ['alice', 'INSERT INTO s.mine VALUES (1)'],
  ['alice', 'ALTER TABLE s.mine ADD COLUMN w int'],
  ['alice', 'GRANT SELECT ON s.mine TO bob'],
  ['bob', 'SELECT * FROM s.mine'],
  ['bob', 'DROP TABLE s.mine'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'mine'"],
  ['alice', 'REVOKE ALL ON s.mine FROM alice'],
  ['alice', 'SELECT * FROM s.mine'],
  ['alice', 'GRANT SELECT ON s.mine TO alice'],
  ['alice', 'SELECT * FROM s.mine'],
  ['alice', 'DROP TABLE s.mine'],
  ['alice', 'DROP SCHEMA s'],
  ['postgres', 'REVOKE USAGE ON SCHEMA s FROM alice'],
  ['alice', 'SELECT * FROM s.x'],
  ['alice', 'CREATE SCHEMA mine'],
  // COPY.
  ['alice', 'COPY t TO STDOUT'],
  ['carol', 'COPY (SELECT * FROM t) TO STDOUT'],
  ['bob', 'COPY t FROM STDIN'],
  ['carol', 'COPY scratch FROM STDIN'],
  // ALTER … OWNER TO: the ACL moves to the new owner.
  ['postgres', 'CREATE TABLE ot (a int)'],
  ['postgres', 'GRANT SELECT ON ot TO alice WITH GRANT OPTION'],
  ['alice', 'GRANT SELECT ON ot TO carol'],
  ['alice', 'ALTER TABLE ot OWNER TO alice'],
  ['postgres', 'ALTER TABLE ot OWNER TO bob'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'ot'"],
  ['postgres', "SELECT tableowner FROM pg_tables WHERE tablename = 'ot'"],
  ['bob', 'ALTER TABLE ot OWNER TO alice'],
  ['bob', 'ALTER TABLE ot ADD COLUMN b int'],
  ['bob', 'INSERT INTO ot VALUES (1, 2)'],
  ['alice', 'SELECT * FROM ot'],
  ['postgres', 'ALTER TABLE ot OWNER TO nobody'],
  ['postgres', 'CREATE SCHEMA os'],
  ['alice', 'ALTER SCHEMA os OWNER TO alice'],
  ['postgres', 'ALTER SCHEMA os OWNER TO alice'],
  ['alice', 'CREATE TABLE os.t1 (a int)'],
  ['postgres', "SELECT nspacl FROM pg_namespace WHERE nspname = 'os'"],
  ['alice', 'GRANT USAGE ON SCHEMA os TO bob'],
  ['postgres', "SELECT nspacl FROM pg_namespace WHERE nspname = 'os'"],
  ['bob', 'DROP SCHEMA os CASCADE'],
  // ALTER DEFAULT PRIVILEGES IN SCHEMA: what the role's new tables and sequences there start with.
  ['alice', 'ALTER DEFAULT PRIVILEGES IN SCHEMA os GRANT SELECT ON TABLES TO bob'],
  ['alice', 'CREATE TABLE os.t2 (a int)'],
  ['bob', 'SELECT * FROM os.t2'],
  ['bob', 'SELECT * FROM os.t1'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 't2'"],
  ['alice', 'ALTER DEFAULT PRIVILEGES IN SCHEMA os REVOKE SELECT ON TABLES FROM bob'],
  ['alice', 'CREATE TABLE os.t3 (a int)'],
  ['bob', 'SELECT * FROM os.t3'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 't3'"],
  ['alice', 'ALTER DEFAULT PRIVILEGES IN SCHEMA os GRANT USAGE ON SEQUENCES TO bob'],
  ['alice', 'CREATE SEQUENCE os.sq'],
  ['bob', "SELECT nextval('os.sq')"],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 'sq'"],
  ['bob', 'ALTER DEFAULT PRIVILEGES FOR ROLE alice IN SCHEMA os GRANT SELECT ON TABLES TO bob'],
  ['postgres', 'ALTER DEFAULT PRIVILEGES FOR ROLE bob IN SCHEMA os GRANT INSERT ON TABLES TO carol'],
  ['postgres', 'GRANT CREATE ON SCHEMA os TO bob'],
  ['bob', 'CREATE TABLE os.t4 (a int)'],
  ['carol', 'INSERT INTO os.t4 VALUES (1)'],
  ['postgres', "SELECT relacl FROM pg_class WHERE relname = 't4'"],
  // Sequences: ALTER, DROP and SET SCHEMA are the owner's.
  ['alice', 'ALTER SEQUENCE q RESTART'],
  ['alice', 'DROP SEQUENCE q'],
  ['alice', 'ALTER TABLE t SET SCHEMA s'],
  // Through an updatable view, the base table is written as the view's owner.
  ['postgres', 'GRANT SELECT, UPDATE, DELETE ON vw TO carol'],
  ['carol', "UPDATE vw SET note = 'z' WHERE id = 2"],
  ['carol', 'DELETE FROM vw WHERE id = 2'],
  ['bob', 'UPDATE vw SET note = 1'],
  ['postgres', 'SELECT * FROM secret ORDER BY id'],
  // information_schema's view of the grants.
  ['postgres', "SELECT grantor, grantee, table_name, privilege_type, is_grantable, with_hierarchy FROM information_schema.table_privileges WHERE table_schema IN ('public', 'os') ORDER BY 3, 2, 4, 1"],
  ['bob', "SELECT grantor, grantee, table_name, privilege_type, is_grantable FROM information_schema.table_privileges WHERE table_schema IN ('public', 'os') ORDER BY 3, 2, 4, 1"],
  ['carol', "SELECT grantor, grantee, table_name, privilege_type FROM information_schema.role_table_grants WHERE table_schema IN ('public', 'os') ORDER BY 3, 2, 4, 1"],
  ['alice', 'RESET ROLE'],
  ['alice', 'SET ROLE NONE'],
  // The superuser is never denied.
  ['postgres', 'SELECT count(*) FROM s.x'],
  ['postgres', "SELECT has_table_privilege('postgres', 'secret', 'DELETE'), has_schema_privilege('postgres', 's', 'CREATE')"],
  ['postgres', "SELECT has_database_privilege('alice', current_database(), 'CREATE'), has_database_privilege('alice', current_database(), 'CONNECT')"],
];

describe('privileges compared with PostgreSQL 15', () => {
  const ours = new Map<Who, pg.Client>();
  const theirs = new Map<Who, pg.Client>();

  beforeAll(async () => {
    ours.set('postgres', pair.ours);
    theirs.set('postgres', pair.reference);
    for (const r of ROLES) {
      ours.set(r, await pair.server.client({ user: r, password: 'pw' }));
      const c = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: r, database: 'postgres' });
      await c.connect();
      theirs.set(r, c);
    }
    return async () => {
      for (const r of ROLES) await theirs.get(r)?.end();
    };
  });

  it(`gives PostgreSQL's outcome for each of the ${SCRIPT.length} statements`, async () => {
    expect(SCRIPT.length).toBeGreaterThanOrEqual(150);
    let denied = 0;
    const differences: unknown[] = [];
    for (const [who, sql] of SCRIPT) {
      const a = await run(ours.get(who)!, sql);
      const b = await run(theirs.get(who)!, sql);
      if (!b.ok && b.code === '42501') denied++;
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ who, sql, ours: a, postgres: b });
    }
    expect(differences).toEqual([]);
    // The script must exercise denials, not only successes.
    expect(denied).toBeGreaterThanOrEqual(40);
  });
});

describe('KalamDB access levels as grants to the kalam_* groups', () => {
  it('PUBLIC, PRIVATE and RESTRICTED shared tables, and USER tables open to every login', async () => {
    const su = pair.ours;
    for (const sql of [
      "CREATE USER 'lvl_user' WITH PASSWORD 'pw' ROLE user",
      "CREATE USER 'lvl_service' WITH PASSWORD 'pw' ROLE service",
      "CREATE USER 'lvl_dba' WITH PASSWORD 'pw' ROLE dba",
      'CREATE NAMESPACE lv',
      "CREATE SHARED TABLE lv.pub (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'PUBLIC')",
      'CREATE SHARED TABLE lv.priv (id INT PRIMARY KEY)',
      "CREATE SHARED TABLE lv.res (id INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'RESTRICTED')",
      'CREATE USER TABLE lv.mine (id INT PRIMARY KEY)',
      'CREATE TABLE lv.plain (id INT PRIMARY KEY)',
    ]) await su.query(sql);
    const user = await pair.server.client({ user: 'lvl_user', password: 'pw' });
    const service = await pair.server.client({ user: 'lvl_service', password: 'pw' });
    const dba = await pair.server.client({ user: 'lvl_dba', password: 'pw' });
    const can = async (c: pg.Client, sql: string) => sqlstate(c.query(sql));
    // PUBLIC: every login reads, service and up write.
    expect(await can(user, 'SELECT * FROM lv.pub')).toBe('no error');
    expect(await can(user, 'INSERT INTO lv.pub VALUES (1)')).toBe('42501');
    expect(await can(service, 'INSERT INTO lv.pub VALUES (1)')).toBe('no error');
    expect(await can(dba, 'UPDATE lv.pub SET id = 2 WHERE id = 1')).toBe('no error');
    // PRIVATE (the default of KalamDB syntax): service and up.
    expect(await can(user, 'SELECT * FROM lv.priv')).toBe('42501');
    expect(await can(service, 'INSERT INTO lv.priv VALUES (1)')).toBe('no error');
    expect(await can(service, 'SELECT * FROM lv.priv')).toBe('no error');
    // RESTRICTED: dba and up.
    expect(await can(service, 'SELECT * FROM lv.res')).toBe('42501');
    expect(await can(dba, 'INSERT INTO lv.res VALUES (1)')).toBe('no error');
    // USER tables: every login, each in its own partition.
    expect(await can(user, 'INSERT INTO lv.mine VALUES (1)')).toBe('no error');
    expect((await user.query('SELECT * FROM lv.mine')).rows).toEqual([{ id: 1 }]);
    expect((await service.query('SELECT * FROM lv.mine')).rows).toEqual([]);
    // TRUNCATE empties the truncating user's partition alone.
    await service.query('INSERT INTO lv.mine VALUES (7)');
    expect(await can(user, 'TRUNCATE lv.mine')).toBe('no error');
    expect((await user.query('SELECT * FROM lv.mine')).rows).toEqual([]);
    expect((await service.query('SELECT * FROM lv.mine')).rows).toEqual([{ id: 7 }]);
    // A plain CREATE TABLE is the owner's alone: not even dba reads it (dba manages, it does not read).
    expect(await can(dba, 'SELECT * FROM lv.plain')).toBe('42501');
    expect(await can(dba, 'ALTER TABLE lv.plain ADD COLUMN x int')).toBe('no error');
    // has_table_privilege tells the truth, through the groups.
    expect((await su.query("SELECT has_table_privilege('lvl_user', 'lv.pub', 'SELECT') AS a, has_table_privilege('lvl_user', 'lv.priv', 'SELECT') AS b, has_table_privilege('kalam_service', 'lv.priv', 'INSERT') AS c")).rows)
      .toEqual([{ a: true, b: false, c: true }]);
    expect((await su.query("SELECT relacl::text AS acl FROM pg_class WHERE relname = 'priv'")).rows[0].acl)
      .toBe('{postgres=arwdDxt/postgres,kalam_service=arwd/postgres,kalam_dba=arwd/postgres}');
    // ALTER TABLE … SET ACCESS_LEVEL swaps the preset.
    expect(await can(user, 'ALTER TABLE lv.priv SET ACCESS_LEVEL PUBLIC')).toBe('42501');
    await su.query('ALTER TABLE lv.priv SET ACCESS_LEVEL PUBLIC');
    expect(await can(user, 'SELECT * FROM lv.priv')).toBe('no error');
    await su.query("ALTER TABLE lv.priv SET ACCESS_LEVEL = 'RESTRICTED'");
    expect(await can(service, 'SELECT * FROM lv.priv')).toBe('42501');
    expect(await can(dba, 'SELECT * FROM lv.priv')).toBe('no error');
    expect((await su.query("SELECT access_level FROM system.tables WHERE table_name = 'priv'")).rows).toEqual([{ access_level: 'RESTRICTED' }]);
    expect(await can(su, 'ALTER TABLE lv.mine SET ACCESS_LEVEL PUBLIC')).toBe('42P16');
    expect(await can(su, 'ALTER TABLE lv.pub SET ACCESS_LEVEL SECRET')).toBe('22023');
    // SET ROLE is not built: refused rather than ignored.
    expect(await can(user, 'SET ROLE lvl_dba')).toBe('0A000');
    // Grants to a group reach its members.
    await su.query('GRANT SELECT ON lv.plain TO kalam_user');
    expect(await can(user, 'SELECT * FROM lv.plain')).toBe('no error');
    for (const c of [user, service, dba]) await c.end();
  });
});
