/** The schema store: DESCRIBE, history, information_schema and system tables agree. */
import { describe, expect, it } from 'vitest';
import { sqlstate, withServerAndClient } from './harness.js';

const env = withServerAndClient();

describe('schema versions', () => {
  it('records one version per ALTER, and information_schema agrees with DESCRIBE', async () => {
    await env.c.query('CREATE SCHEMA shop');
    await env.c.query(`CREATE TABLE shop.items (
      id serial PRIMARY KEY, name varchar(255) NOT NULL, price numeric(10,2) DEFAULT 0, tags jsonb)`);
    await env.c.query("INSERT INTO shop.items (name) VALUES ('before')");
    await env.c.query('ALTER TABLE shop.items ADD COLUMN stock int DEFAULT 5');
    await env.c.query('ALTER TABLE shop.items DROP COLUMN tags');
    await env.c.query('ALTER TABLE shop.items RENAME COLUMN name TO title');
    await env.c.query('ALTER TABLE shop.items ALTER COLUMN price SET DEFAULT 1.5');
    await env.c.query('ALTER TABLE shop.items ALTER COLUMN title DROP NOT NULL');

    const history = await env.c.query('DESCRIBE TABLE shop.items HISTORY');
    expect(history.rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.rows.map((r) => r.changes)).toEqual([
      'CREATE TABLE',
      'ADD COLUMN stock integer',
      'DROP COLUMN tags',
      'RENAME COLUMN name TO title',
      'ALTER COLUMN price SET DEFAULT 1.5',
      'ALTER COLUMN title DROP NOT NULL',
    ]);

    const described = await env.c.query('DESCRIBE TABLE shop.items');
    const info = await env.c.query(`SELECT column_name, ordinal_position, data_type, character_maximum_length,
        numeric_precision, numeric_scale, is_nullable, column_default
      FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'items'
      ORDER BY ordinal_position`);
    expect(info.rows).toEqual([
      { column_name: 'id', ordinal_position: 1, data_type: 'integer', character_maximum_length: null, numeric_precision: 32, numeric_scale: 0, is_nullable: 'NO', column_default: "nextval('shop.items_id_seq'::regclass)" },
      { column_name: 'title', ordinal_position: 2, data_type: 'character varying', character_maximum_length: 255, numeric_precision: null, numeric_scale: null, is_nullable: 'YES', column_default: null },
      { column_name: 'price', ordinal_position: 3, data_type: 'numeric', character_maximum_length: null, numeric_precision: 10, numeric_scale: 2, is_nullable: 'YES', column_default: '1.5' },
      { column_name: 'stock', ordinal_position: 5, data_type: 'integer', character_maximum_length: null, numeric_precision: 32, numeric_scale: 0, is_nullable: 'YES', column_default: '5' },
    ]);
    expect(described.rows.map((r) => [r.column_name, r.ordinal_position, r.is_nullable, r.default_value])).toEqual(
      info.rows.map((r) => [r.column_name, r.ordinal_position, r.is_nullable === 'YES', r.column_default]),
    );
    expect(described.rows.map((r) => r.data_type)).toEqual(['integer', 'character varying(255)', 'numeric(10,2)', 'integer']);
    expect(described.rows.every((r) => r.schema_version === 6)).toBe(true);

    // Rows written under version 1 read under version 6: added column → its default, dropped → gone.
    const rows = await env.c.query('SELECT * FROM shop.items');
    expect(rows.rows).toEqual([{ id: 1, title: 'before', price: '0.00', stock: 5 }]);
    await env.c.query("INSERT INTO shop.items (title) VALUES ('after')");
    expect((await env.c.query('SELECT id, price, stock FROM shop.items ORDER BY id')).rows).toEqual([
      { id: 1, price: '0.00', stock: 5 },
      { id: 2, price: '1.50', stock: 5 },
    ]);
  });

  it('lists namespaces and tables in SHOW, system.* and information_schema', async () => {
    await env.c.query('CREATE NAMESPACE IF NOT EXISTS app');
    await env.c.query("CREATE SHARED TABLE app.config (k TEXT PRIMARY KEY, v TEXT) WITH (ACCESS_LEVEL = 'PUBLIC')");
    await env.c.query('CREATE STREAM TABLE app.events (id BIGINT DEFAULT SNOWFLAKE_ID(), kind TEXT) WITH (TTL_SECONDS = 60)');
    const ns = await env.c.query('SHOW NAMESPACES');
    expect(ns.rows.map((r) => r.namespace)).toEqual(['public', 'shop', 'app']);
    const tables = await env.c.query('SHOW TABLES IN app');
    expect(tables.rows).toEqual([
      { namespace: 'app', table_name: 'config', table_type: 'SHARED' },
      { namespace: 'app', table_name: 'events', table_type: 'STREAM' },
    ]);
    const sys = await env.c.query("SELECT table_name, table_type, access_level, ttl_seconds FROM system.tables WHERE namespace = 'app' ORDER BY table_name");
    expect(sys.rows).toEqual([
      { table_name: 'config', table_type: 'SHARED', access_level: 'PUBLIC', ttl_seconds: null },
      { table_name: 'events', table_type: 'STREAM', access_level: null, ttl_seconds: '60' },
    ]);
    const info = await env.c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'app' ORDER BY 1");
    expect(info.rows.map((r) => r.table_name)).toEqual(['config', 'events']);
    const schemata = await env.c.query('SELECT schema_name FROM information_schema.schemata ORDER BY schema_name');
    expect(schemata.rows.map((r) => r.schema_name)).toEqual(['app', 'information_schema', 'pg_catalog', 'public', 'shop', 'system']);
    const versions = await env.c.query("SELECT version, changes FROM system.table_schemas WHERE table_name = 'items' ORDER BY version");
    expect(versions.rows.length).toBe(6);
  });

  it('enforces the KalamDB table rules', async () => {
    expect(await sqlstate(env.c.query('CREATE USER TABLE app.nokey (a INT)'))).toBe('42P16');
    expect(await sqlstate(env.c.query("CREATE TABLE app.x (a INT PRIMARY KEY) WITH (TYPE = 'STREAM')"))).toBe('42P16');
    expect(await sqlstate(env.c.query('CREATE TABLE app.y (a INT PRIMARY KEY) WITH (TTL_SECONDS = 5)'))).toBe('42P16');
    expect(await sqlstate(env.c.query("CREATE USER TABLE app.z (a INT PRIMARY KEY) WITH (ACCESS_LEVEL = 'PUBLIC')"))).toBe('42P16');
    expect(await sqlstate(env.c.query('CREATE TABLE app.w (a INT PRIMARY KEY) WITH (COLOR = 1)'))).toBe('22023');
    expect(await sqlstate(env.c.query('CREATE TABLE app.v (a vector(9000))'))).not.toBe('no error');
    expect(await sqlstate(env.c.query('CREATE TABLE app.config (k TEXT)'))).toBe('42P07');
    expect(await sqlstate(env.c.query('DROP NAMESPACE app'))).toBe('2BP01');
    await env.c.query('DROP NAMESPACE app CASCADE');
    expect(await sqlstate(env.c.query('SELECT * FROM app.config'))).toBe('42P01'); // as PostgreSQL says it
  });

  it('uses search_path and USE', async () => {
    await env.c.query('CREATE NAMESPACE other');
    await env.c.query('CREATE TABLE other.t (a INT PRIMARY KEY)');
    expect(await sqlstate(env.c.query('SELECT * FROM t'))).toBe('42P01');
    await env.c.query('USE other');
    await env.c.query('INSERT INTO t VALUES (7)');
    expect((await env.c.query('SELECT a FROM t')).rows).toEqual([{ a: 7 }]);
    await env.c.query('SET search_path TO public');
    expect(await sqlstate(env.c.query('SELECT * FROM t'))).toBe('42P01');
    expect((await env.c.query('SHOW search_path')).rows).toEqual([{ search_path: 'public' }]);
  });
});
