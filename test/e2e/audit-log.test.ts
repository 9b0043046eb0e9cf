/**
 * system.audit_log over real connections: one entry per login (success and failure, with the
 * source address), per DDL statement, per role change, per privilege statement and per EXECUTE
 * AS; dba and up only; kept across a restart; bounded by --audit-log-max-entries.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, sqlstate, startTestServer, type TestServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-audit-'));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(dir);
});
afterAll(async () => {
  await t?.stop();
  removeDir(dir);
});

interface Row {
  audit_id: string;
  actor: string;
  action: string;
  command: string;
  subject: string | null;
  details: string | null;
  source_address: string | null;
  success: boolean;
}

/** Entries after `since` (an audit_id), oldest first. */
async function entriesAfter(c: pg.Client, since: string): Promise<Row[]> {
  return (await c.query('SELECT * FROM system.audit_log WHERE audit_id > $1 ORDER BY audit_id', [since])).rows as Row[];
}

async function lastId(c: pg.Client): Promise<string> {
  return (await c.query('SELECT coalesce(max(audit_id), 0)::text AS id FROM system.audit_log')).rows[0].id as string;
}

const brief = (r: Row) => [r.actor, r.action, r.command, r.subject, r.success];

describe('system.audit_log', () => {
  it('records logins, succeeded and failed, with the source address', async () => {
    const admin = await t.client();
    const since = await lastId(admin);
    await admin.query("CREATE USER 'alice' WITH PASSWORD 'alice-pw' ROLE user");
    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    await alice.end();
    expect(await sqlstate(t.client({ user: 'alice', password: 'wrong' }))).toBe('28P01');
    expect(await sqlstate(t.client({ user: 'ghost', password: 'x' }))).toBe('28P01');
    const rows = (await entriesAfter(admin, since)).filter((r) => r.command === 'LOGIN');
    expect(rows.map(brief)).toEqual([
      ['alice', 'LOGIN', 'LOGIN', 'postgres', true],
      ['alice', 'LOGIN FAILED', 'LOGIN', 'alice', false],
      ['ghost', 'LOGIN FAILED', 'LOGIN', 'ghost', false],
    ]);
    expect(rows.map((r) => r.source_address)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
    expect(rows.map((r) => r.details)).toEqual([null, 'wrong password', 'role "ghost" does not exist']);
  });

  it('records one entry per DDL statement, failed ones too', async () => {
    const admin = await t.client();
    const since = await lastId(admin);
    await admin.query('CREATE NAMESPACE app');
    await admin.query('CREATE TABLE app.items (id INT PRIMARY KEY, name TEXT)');
    await admin.query('CREATE INDEX items_name ON app.items (name)');
    await admin.query('ALTER TABLE app.items ADD COLUMN price INT');
    await admin.query('CREATE VIEW app.cheap AS SELECT * FROM app.items WHERE price < 10');
    await admin.query('INSERT INTO app.items VALUES (1, \'a\', 5)'); // DML: not audited
    await admin.query('SELECT * FROM app.items'); // nor queries
    expect(await sqlstate(admin.query('CREATE TABLE app.items (id INT)'))).toBe('42P07');
    await admin.query('DROP VIEW app.cheap');
    await admin.query("CREATE STORAGE archive TYPE filesystem NAME 'Archive' BASE_DIRECTORY '/tmp/kalamdb-audit-archive'");
    await admin.query('DROP STORAGE archive');
    const rows = await entriesAfter(admin, since);
    expect(rows.map(brief)).toEqual([
      ['postgres', 'DDL', 'CREATE NAMESPACE', 'app', true],
      ['postgres', 'DDL', 'CREATE TABLE', 'app.items', true],
      ['postgres', 'DDL', 'CREATE INDEX', 'app.items_name', true],
      ['postgres', 'DDL', 'ALTER TABLE', 'app.items', true],
      ['postgres', 'DDL', 'CREATE VIEW', 'app.cheap', true],
      ['postgres', 'DDL', 'CREATE TABLE', 'app.items', false],
      ['postgres', 'DDL', 'DROP VIEW', 'app.cheap', true],
      ['postgres', 'DDL', 'CREATE STORAGE', 'archive', true],
      ['postgres', 'DDL', 'DROP STORAGE', 'archive', true],
    ]);
    expect(rows[1]!.details).toBe('CREATE TABLE app.items (id INT PRIMARY KEY, name TEXT)');
    expect(rows[5]!.details).toMatch(/^CREATE TABLE app\.items \(id INT\) — ERROR 42P07: relation "items" already exists/);
  });

  it('records user and role changes with passwords masked, and denied attempts', async () => {
    const admin = await t.client();
    const since = await lastId(admin);
    await admin.query("CREATE USER 'bob' WITH PASSWORD 'bob-secret' ROLE service");
    await admin.query("ALTER USER 'bob' SET PASSWORD 'bob-secret-2'");
    await admin.query("ALTER USER 'bob' SET EMAIL 'bob@example.com'");
    await admin.query('GRANT kalam_dba TO bob');
    await admin.query('REVOKE kalam_dba FROM bob');
    await admin.query("CREATE ROLE carol LOGIN ENCRYPTED PASSWORD 'carol-secret' VALID UNTIL 'infinity'");
    await admin.query('ALTER ROLE carol RENAME TO caroline');
    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    expect(await sqlstate(alice.query("CREATE USER 'mallory' WITH PASSWORD 'm' ROLE system"))).toBe('42501');
    await admin.query('DROP ROLE caroline');
    const rows = await entriesAfter(admin, since);
    const roleRows = rows.filter((r) => r.action === 'ROLE');
    expect(roleRows.map(brief)).toEqual([
      ['postgres', 'ROLE', 'CREATE USER', 'bob', true],
      ['postgres', 'ROLE', 'ALTER USER', 'bob', true],
      ['postgres', 'ROLE', 'ALTER USER', 'bob', true],
      ['postgres', 'ROLE', 'GRANT ROLE', 'bob', true],
      ['postgres', 'ROLE', 'REVOKE ROLE', 'bob', true],
      ['postgres', 'ROLE', 'CREATE ROLE', 'carol', true],
      ['postgres', 'ROLE', 'ALTER ROLE', 'carol', true],
      ['alice', 'ROLE', 'CREATE USER', 'mallory', false],
      ['postgres', 'ROLE', 'DROP ROLE', 'caroline', true],
    ]);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/bob-secret|carol-secret/);
    expect(roleRows[0]!.details).toBe("CREATE USER 'bob' WITH PASSWORD '********' ROLE service");
    expect(roleRows[7]!.details).toContain('ERROR 42501: must be superuser to create superusers');
  });

  it('records privilege statements, even those not supported yet', async () => {
    const admin = await t.client();
    const since = await lastId(admin);
    await admin.query('GRANT SELECT ON app.items TO alice').catch(() => undefined);
    await admin.query('REVOKE SELECT ON app.items FROM alice').catch(() => undefined);
    await admin.query('ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO alice').catch(() => undefined);
    const rows = await entriesAfter(admin, since);
    expect(rows.map((r) => [r.action, r.subject])).toEqual([
      ['PRIVILEGE', 'app.items'],
      ['PRIVILEGE', 'app.items'],
      ['PRIVILEGE', 'alice'],
    ]);
    expect(rows.map((r) => r.details!.split(' — ')[0])).toEqual([
      'GRANT SELECT ON app.items TO alice',
      'REVOKE SELECT ON app.items FROM alice',
      'ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO alice',
    ]);
  });

  it('records EXECUTE AS USER with the actor, the user acted for and the statement', async () => {
    const admin = await t.client();
    await admin.query('CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT)');
    const since = await lastId(admin);
    await admin.query("EXECUTE AS USER 'alice' (INSERT INTO app.notes VALUES (1, 'for alice'))");
    const bob = await t.client({ user: 'bob', password: 'bob-secret-2' });
    expect(await sqlstate(bob.query("EXECUTE AS USER 'postgres' (SELECT 1)"))).toBe('42501');
    const rows = (await entriesAfter(admin, since)).filter((r) => r.action === 'EXECUTE AS');
    expect(rows.map((r) => [r.actor, r.subject, r.details?.split(' — ')[0], r.success])).toEqual([
      ['postgres', 'alice', "INSERT INTO app.notes VALUES (1, 'for alice')", true],
      ['bob', 'postgres', 'SELECT 1', false],
    ]);
  });

  it('is for dba and up: others get 42501', async () => {
    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    expect(await sqlstate(alice.query('SELECT * FROM system.audit_log'))).toBe('42501');
    const admin = await t.client();
    await admin.query("CREATE USER 'dora' WITH PASSWORD 'dora-pw' ROLE dba");
    const dora = await t.client({ user: 'dora', password: 'dora-pw' });
    expect(Number((await dora.query('SELECT count(*) AS n FROM system.audit_log')).rows[0].n)).toBeGreaterThan(10);
  });

  it('keeps its entries across a restart', async () => {
    let admin = await t.client();
    const before = (await admin.query('SELECT audit_id, actor, action, command, subject, success FROM system.audit_log ORDER BY audit_id')).rows;
    await t.stop();
    t = await startTestServer(dir);
    admin = await t.client();
    const after = (await admin.query('SELECT audit_id, actor, action, command, subject, success FROM system.audit_log ORDER BY audit_id')).rows;
    expect(after.slice(0, before.length)).toEqual(before);
    // New entries continue the numbering.
    expect(Number(after[before.length]!.audit_id)).toBe(Number(before.at(-1)!.audit_id) + 1);
  });

  it('keeps only the newest --audit-log-max-entries, on disk too', async () => {
    const small = await startTestServer(undefined, { auditLogMaxEntries: 5 });
    try {
      const admin = await small.client();
      for (let i = 0; i < 8; i++) await admin.query(`CREATE NAMESPACE n${i}`);
      const rows = (await admin.query('SELECT command, subject FROM system.audit_log ORDER BY audit_id')).rows;
      expect(rows).toEqual([3, 4, 5, 6, 7].map((i) => ({ command: 'CREATE NAMESPACE', subject: `n${i}` })));
      // Older entries are deleted from RocksDB, not only hidden.
      await small.server.db.audit.flush();
      let stored = 0;
      for await (const batch of small.server.db.kv.scan({ gte: Buffer.from('m/audit/'), lt: Buffer.from('m/audit0') })) stored += batch.length;
      expect(stored).toBe(5);
    } finally {
      await small.stop();
    }
  });
});
