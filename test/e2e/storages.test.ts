/**
 * Storages over the wire: system.storages and SHOW STORAGES, CREATE / ALTER / DROP STORAGE with
 * their SQLSTATEs, STORAGE_ID on tables, and the paths a table's segments will go to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { shardOf } from '../../src/catalog/storage-templates.js';
import { sqlstate, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
let c: pg.Client;
const outside = mkdtempSync(join(tmpdir(), 'kalamdb-pg-cold-'));

beforeAll(async () => {
  t = await startTestServer();
  c = await t.client();
  await c.query('CREATE NAMESPACE app');
  await c.query("CREATE USER 'reader' WITH PASSWORD 'rpw' ROLE user");
});
afterAll(async () => {
  await t?.stop();
  rmSync(outside, { recursive: true, force: true });
});

async function error(sql: string): Promise<{ code: string; message: string; detail?: string; hint?: string }> {
  try {
    await c.query(sql);
  } catch (e) {
    const { code, message, detail, hint } = e as { code: string; message: string; detail?: string; hint?: string };
    return { code, message, detail, hint };
  }
  throw new Error(`${sql} succeeded`);
}

describe('the built-in local storage', () => {
  it('is in system.storages and SHOW STORAGES with the default templates under <data-dir>/storage', async () => {
    const rows = (await c.query('SELECT * FROM system.storages')).rows;
    expect(rows).toEqual([{
      storage_id: 'local', storage_name: 'Local storage', description: 'Built-in filesystem storage under the data directory',
      storage_type: 'filesystem', uri: join(t.dataDir, 'storage'), credentials: null,
      shared_tables_template: '{namespace}/{tableName}', user_tables_template: '{namespace}/{tableName}/{userId}',
      table_count: 0, created_at: expect.any(Date), updated_at: expect.any(Date),
    }]);
    const show = await c.query('SHOW STORAGES');
    expect(show.fields.map((f) => f.name)).toEqual(Object.keys(rows[0]));
    expect(show.rows).toEqual(rows);
  });

  it('is what tables use unless they name another', async () => {
    await c.query('CREATE USER TABLE app.notes (id BIGINT PRIMARY KEY, body TEXT)');
    await c.query("CREATE SHARED TABLE app.prices (id INT PRIMARY KEY) WITH (STORAGE_ID = 'Local')");
    expect((await c.query("SELECT table_name, storage_id FROM system.tables WHERE namespace = 'app' ORDER BY 1")).rows).toEqual([
      { table_name: 'notes', storage_id: 'local' },
      { table_name: 'prices', storage_id: 'local' },
    ]);
    expect((await c.query("SELECT table_count FROM system.storages WHERE storage_id = 'local'")).rows).toEqual([{ table_count: 2 }]);
    const db = t.server.db;
    const notes = db.schema.table('app', 'notes')!;
    const me = db.schema.user('postgres')!;
    expect(db.storagePaths.storagePath(notes, me.id)).toBe(join(t.dataDir, 'storage', 'app', 'notes', me.id));
    expect(db.storagePaths.storagePath(db.schema.table('app', 'prices')!)).toBe(join(t.dataDir, 'storage', 'app', 'prices'));
    await c.query('DROP TABLE app.notes, app.prices');
  });

  it('cannot be dropped', async () => {
    expect(await error('DROP STORAGE local')).toMatchObject({
      code: '2BP01', message: 'cannot drop storage local because it is required by the database system',
    });
    expect(await sqlstate(c.query('DROP STORAGE IF EXISTS local'))).toBe('2BP01');
  });
});

describe('CREATE STORAGE', () => {
  it("creates a filesystem storage, with BASE_DIRECTORY or the seeds' URI", async () => {
    await c.query(`CREATE STORAGE cold TYPE 'filesystem' NAME 'Cold' DESCRIPTION 'old rows'
      BASE_DIRECTORY '${outside}/cold' USER_TABLES_TEMPLATE '{shard}/{namespace}/{tableName}/{userId}'`);
    await c.query(`CREATE STORAGE archive TYPE filesystem URI 'file://${outside}/archive'`);
    await c.query("CREATE STORAGE nearby TYPE 'filesystem' BASE_DIRECTORY 'nearby/'");
    const rows = (await c.query('SELECT storage_id, storage_name, description, uri, shared_tables_template, user_tables_template FROM system.storages ORDER BY 1')).rows;
    expect(rows).toEqual([
      { storage_id: 'archive', storage_name: 'archive', description: null, uri: `${outside}/archive`, shared_tables_template: '{namespace}/{tableName}', user_tables_template: '{namespace}/{tableName}/{userId}' },
      { storage_id: 'cold', storage_name: 'Cold', description: 'old rows', uri: `${outside}/cold`, shared_tables_template: '{namespace}/{tableName}', user_tables_template: '{shard}/{namespace}/{tableName}/{userId}' },
      { storage_id: 'local', storage_name: 'Local storage', description: expect.any(String), uri: join(t.dataDir, 'storage'), shared_tables_template: '{namespace}/{tableName}', user_tables_template: '{namespace}/{tableName}/{userId}' },
      { storage_id: 'nearby', storage_name: 'nearby', description: null, uri: join(t.dataDir, 'nearby'), shared_tables_template: '{namespace}/{tableName}', user_tables_template: '{namespace}/{tableName}/{userId}' },
    ]);
    const notices: string[] = [];
    c.on('notice', (n) => notices.push(String(n.message)));
    await c.query(`CREATE STORAGE IF NOT EXISTS cold TYPE 'filesystem' BASE_DIRECTORY '/elsewhere'`);
    c.removeAllListeners('notice');
    expect(notices).toEqual(['storage "cold" already exists, skipping']);
    expect(await error(`CREATE STORAGE cold TYPE 'filesystem' BASE_DIRECTORY '/elsewhere'`)).toMatchObject({
      code: '42710', message: 'storage "cold" already exists',
    });
  });

  it("answers 0A000 for object stores: s3 and every other type that is not 'filesystem'", async () => {
    expect(await error("CREATE STORAGE s3prod TYPE S3 URI 's3://bucket/data' CREDENTIALS '{\"k\":1}'")).toMatchObject({
      code: '0A000', message: "storage type 's3' is not supported yet",
    });
    expect(await sqlstate(c.query("CREATE STORAGE g TYPE 'gcs' BASE_DIRECTORY 'gs://b/x'"))).toBe('0A000');
    expect(await sqlstate(c.query("CREATE STORAGE a TYPE 'azure' BASE_DIRECTORY '/x'"))).toBe('0A000');
    expect((await c.query("SELECT count(*)::int AS n FROM system.storages WHERE storage_id IN ('s3prod', 'g', 'a')")).rows).toEqual([{ n: 0 }]);
  });

  it('refuses bad templates with 22023 and says why', async () => {
    const base = `BASE_DIRECTORY '${outside}/t'`;
    expect(await error(`CREATE STORAGE t TYPE 'filesystem' ${base} USER_TABLES_TEMPLATE '{namespace}/{tableName}'`)).toMatchObject({
      code: '22023',
      message: expect.stringMatching(/^invalid USER_TABLES_TEMPLATE "\{namespace\}\/\{tableName\}": \{userId\} is required/),
      hint: expect.stringContaining('{userId}'),
    });
    expect(await error(`CREATE STORAGE t TYPE 'filesystem' ${base} SHARED_TABLES_TEMPLATE '{namespace}/{tableName}/{userId}'`)).toMatchObject({
      code: '22023', message: expect.stringContaining('{userId} has no value for a SHARED table'),
    });
    expect(await error(`CREATE STORAGE t TYPE 'filesystem' ${base} SHARED_TABLES_TEMPLATE '{ns}/{tableName}'`)).toMatchObject({
      code: '22023', message: expect.stringContaining('unknown placeholder {ns}'),
    });
    expect(await sqlstate(c.query(`CREATE STORAGE t TYPE 'filesystem' ${base} SHARED_TABLES_TEMPLATE '../{namespace}/{tableName}'`))).toBe('22023');
  });

  it('refuses base directories that are not its own with 22023', async () => {
    const cases: [string, string][] = [
      ["'s3://bucket/x'", 'not a filesystem path'],
      ["'storage/inner'", 'overlaps storage local'],
      [`'${outside}'`, 'overlaps storage archive'],
      [`'${outside}/cold/sub'`, 'overlaps storage cold'],
      ["'rocksdb/x'", "inside the data directory's rocksdb"],
      ["'.'", 'holds the data directory'],
      ["'/'", 'holds the data directory'],
      ["''", 'it is empty'],
    ];
    for (const [dir, why] of cases) {
      expect(await error(`CREATE STORAGE t TYPE 'filesystem' BASE_DIRECTORY ${dir}`)).toMatchObject({ code: '22023', message: expect.stringContaining(why) });
    }
    writeFileSync(join(outside, 'a-file'), 'x');
    expect(await error(`CREATE STORAGE t TYPE 'filesystem' BASE_DIRECTORY '${outside}/a-file'`)).toMatchObject({
      code: '22023', message: expect.stringContaining('exists and is not a directory'),
    });
    expect(await error(`CREATE STORAGE t TYPE 'filesystem' BASE_DIRECTORY '${outside}/t' CREDENTIALS 'x'`)).toMatchObject({
      code: '22023', message: 'CREDENTIALS apply to object stores: a filesystem storage takes none',
    });
  });

  it('is for dba and system users only (42501); everyone may read system.storages', async () => {
    const reader = await t.client({ user: 'reader', password: 'rpw' });
    expect(await sqlstate(reader.query(`CREATE STORAGE r TYPE 'filesystem' BASE_DIRECTORY '${outside}/r'`))).toBe('42501');
    expect(await sqlstate(reader.query("ALTER STORAGE cold SET DESCRIPTION 'mine'"))).toBe('42501');
    expect(await sqlstate(reader.query('DROP STORAGE cold'))).toBe('42501');
    expect((await reader.query('SELECT storage_id FROM system.storages ORDER BY 1')).rows.map((r) => r.storage_id)).toEqual(['archive', 'cold', 'local', 'nearby']);
  });
});

describe('tables in a storage', () => {
  it('CREATE TABLE names an existing storage, or fails with 42704', async () => {
    expect(await error("CREATE USER TABLE app.x (id INT PRIMARY KEY) WITH (STORAGE_ID = 'nope')")).toMatchObject({
      code: '42704', message: 'storage "nope" does not exist',
    });
    expect(await sqlstate(c.query("CREATE TABLE app.y AS SELECT 1 AS a WITH NO DATA"))).toBe('no error');
    await c.query('DROP TABLE app.y');
    expect(await sqlstate(c.query("CREATE TABLE app.z WITH (STORAGE_ID = 'nope') AS SELECT 1 AS a"))).toBe('42704');
    await c.query("CREATE USER TABLE app.messages (id BIGINT PRIMARY KEY, body TEXT) WITH (STORAGE_ID = 'cold')");
    await c.query("CREATE SHARED TABLE app.rates (id INT PRIMARY KEY) WITH (STORAGE_ID = 'cold')");
    expect((await c.query("SELECT storage_id, table_count FROM system.storages WHERE storage_id = 'cold'")).rows).toEqual([
      { storage_id: 'cold', table_count: 2 },
    ]);
    const db = t.server.db;
    expect(db.storagePaths.storagePath(db.schema.table('app', 'messages')!, 'u42')).toBe(join(outside, 'cold', shardOf('u42'), 'app', 'messages', 'u42'));
    expect(db.storagePaths.storagePath(db.schema.table('app', 'rates')!)).toBe(join(outside, 'cold', 'app', 'rates'));
  });

  it('a renamed table resolves to its new directory', async () => {
    await c.query('ALTER TABLE app.rates RENAME TO fx_rates');
    const db = t.server.db;
    expect(db.storagePaths.storagePath(db.schema.table('app', 'fx_rates')!)).toBe(join(outside, 'cold', 'app', 'fx_rates'));
    await c.query('ALTER TABLE app.fx_rates RENAME TO rates');
  });

  it('DROP STORAGE is refused while tables use it (2BP01, with the count), and works once they are gone', async () => {
    expect(await error('DROP STORAGE cold')).toEqual({
      code: '2BP01',
      message: 'cannot drop storage cold because 2 tables use it',
      detail: 'table app.messages uses storage cold\ntable app.rates uses storage cold',
      hint: 'Drop those tables first, or create them again in another storage.',
    });
    await c.query('DROP TABLE app.rates');
    expect(await error('DROP STORAGE IF EXISTS cold')).toMatchObject({ code: '2BP01', message: 'cannot drop storage cold because 1 table uses it' });
    await c.query('DROP TABLE app.messages');
    await c.query('DROP STORAGE cold');
    expect(await error('DROP STORAGE cold')).toMatchObject({ code: '42704', message: 'storage "cold" does not exist' });
    const notices: string[] = [];
    c.on('notice', (n) => notices.push(String(n.message)));
    await c.query('DROP STORAGE IF EXISTS cold');
    c.removeAllListeners('notice');
    expect(notices).toEqual(['storage "cold" does not exist, skipping']);
  });
});

describe('ALTER STORAGE', () => {
  it('changes name, description and templates, in one SET each or a list', async () => {
    await c.query("ALTER STORAGE archive SET NAME 'Archive' SET DESCRIPTION 'kept forever'");
    await c.query("ALTER STORAGE archive SET USER_TABLES_TEMPLATE '{userId}/{namespace}/{tableName}', SHARED_TABLES_TEMPLATE 'shared/{namespace}/{tableName}/'");
    expect((await c.query("SELECT storage_name, description, shared_tables_template, user_tables_template, updated_at > created_at AS changed FROM system.storages WHERE storage_id = 'archive'")).rows).toEqual([
      { storage_name: 'Archive', description: 'kept forever', shared_tables_template: 'shared/{namespace}/{tableName}', user_tables_template: '{userId}/{namespace}/{tableName}', changed: true },
    ]);
  });

  it('refuses template changes while tables use the storage (55006), but not other changes', async () => {
    await c.query("CREATE USER TABLE app.kept (id INT PRIMARY KEY) WITH (STORAGE_ID = 'archive')");
    expect(await error("ALTER STORAGE archive SET USER_TABLES_TEMPLATE '{namespace}/{tableName}/{userId}'")).toMatchObject({
      code: '55006', message: 'cannot change the path templates of storage archive because 1 table uses it', detail: 'table app.kept uses storage archive',
    });
    await c.query("ALTER STORAGE archive SET USER_TABLES_TEMPLATE '{userId}/{namespace}/{tableName}' SET DESCRIPTION 'same template'");
    await c.query("ALTER STORAGE local SET DESCRIPTION 'the default one'");
    expect((await c.query("SELECT description FROM system.storages WHERE storage_id = 'local'")).rows).toEqual([{ description: 'the default one' }]);
    await c.query('DROP TABLE app.kept');
  });

  it('answers 0A000 for the base directory, 22023 for a bad template, 42704 for a storage that does not exist', async () => {
    expect(await error(`ALTER STORAGE archive SET BASE_DIRECTORY '${outside}/moved'`)).toMatchObject({ code: '0A000' });
    expect(await sqlstate(c.query(`ALTER STORAGE archive SET URI '${outside}/moved'`))).toBe('0A000');
    expect(await sqlstate(c.query("ALTER STORAGE archive SET USER_TABLES_TEMPLATE '{namespace}/{tableName}'"))).toBe('22023');
    expect(await sqlstate(c.query("ALTER STORAGE nope SET NAME 'x'"))).toBe('42704');
    expect(await sqlstate(c.query("ALTER STORAGE archive SET NAME 'x' SET NAME 'y'"))).toBe('42601');
    expect(await sqlstate(c.query('ALTER STORAGE archive SET'))).toBe('42601');
  });
});

describe('storage DDL in transaction blocks', () => {
  it('ROLLBACK undoes CREATE, ALTER and DROP STORAGE', async () => {
    const list = async () => (await c.query('SELECT storage_id, description FROM system.storages ORDER BY 1')).rows;
    const before = await list();
    await c.query('BEGIN');
    await c.query(`CREATE STORAGE temp TYPE 'filesystem' BASE_DIRECTORY '${outside}/temp'`);
    await c.query("ALTER STORAGE archive SET DESCRIPTION 'changed in a block'");
    await c.query('DROP STORAGE nearby');
    expect((await list()).map((r) => r.storage_id)).toEqual(['archive', 'local', 'temp']);
    await c.query('ROLLBACK');
    expect(await list()).toEqual(before);
    await c.query('BEGIN');
    await c.query(`CREATE STORAGE temp TYPE 'filesystem' BASE_DIRECTORY '${outside}/temp'`);
    await c.query('COMMIT');
    expect((await list()).map((r) => r.storage_id)).toEqual(['archive', 'local', 'nearby', 'temp']);
    await c.query('DROP STORAGE temp');
  });

  it('keeps storages across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-storages-'));
    try {
      let s = await startTestServer(dir);
      let c2 = await s.client();
      await c2.query(`CREATE STORAGE kept TYPE 'filesystem' BASE_DIRECTORY '${outside}/kept' DESCRIPTION 'survives'`);
      await c2.query("CREATE USER TABLE app2 (id INT PRIMARY KEY) WITH (STORAGE_ID = 'kept')");
      const before = (await c2.query('SELECT * FROM system.storages ORDER BY 1')).rows;
      await s.stop();
      s = await startTestServer(dir);
      c2 = await s.client();
      expect((await c2.query('SELECT * FROM system.storages ORDER BY 1')).rows).toEqual(before);
      expect(await sqlstate(c2.query('DROP STORAGE kept'))).toBe('2BP01');
      await s.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
