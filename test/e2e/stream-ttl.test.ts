/**
 * STREAM rows past TTL_SECONDS are gone for every client path before any eviction runs (it is
 * off here): point lookups, scans, aggregates, joins, subqueries, UPDATE/DELETE (and RETURNING),
 * INSERT (plain, ON CONFLICT, COPY) over an expired key or unique value, COPY TO through psql,
 * foreign keys and DDL checks.
 *
 * Rows cannot be written with an old `_seq`, so the old rows are written, then the test waits
 * out the TTL (4 s) once, then writes the fresh ones: every check below runs within 4 s of that.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { runPsql } from '../../compat/psql-runner.js';
import { tablePrefix } from '../../src/storage/key-layout.js';
import { prefixEnd } from '../../src/storage/keycode.js';
import { PASSWORD, SUPERUSER, sqlstate, startTestServer, type TestServer } from './harness.js';

const TTL_SECONDS = 4;
const FRESH = Array.from({ length: 11 }, (_, i) => 100 + i);

let t: TestServer;
let c: pg.Client;

beforeAll(async () => {
  t = await startTestServer(undefined, { streamEvictionInterval: 0 });
  c = await t.client();
  await c.query('CREATE NAMESPACE app');
  await c.query(`CREATE STREAM TABLE app.ev (id INT PRIMARY KEY, kind TEXT, n INT) WITH (TTL_SECONDS = ${TTL_SECONDS})`);
  await c.query('CREATE UNIQUE INDEX ev_kind ON app.ev (kind)');
  await c.query('CREATE TABLE app.dim (id INT PRIMARY KEY, label TEXT)');
  await c.query("INSERT INTO app.dim SELECT g, 'L' || g FROM generate_series(1, 20) g UNION ALL SELECT g, 'L' || g FROM generate_series(100, 110) g");
  await c.query(`CREATE STREAM TABLE app.child (id INT PRIMARY KEY, dim_id INT REFERENCES app.dim (id)) WITH (TTL_SECONDS = ${TTL_SECONDS})`);
  // Old rows: ids 1..20, n = id but a negative (17), duplicates (18, 19 → 7) and a NULL (20), for the DDL checks.
  await c.query(`INSERT INTO app.ev SELECT g, 'old' || g, CASE WHEN g = 17 THEN -17 WHEN g IN (18, 19) THEN 7 WHEN g = 20 THEN NULL ELSE g END
    FROM generate_series(1, 20) g`);
  await c.query('INSERT INTO app.child VALUES (1, 15)');
  await new Promise((r) => setTimeout(r, TTL_SECONDS * 1000 + 200));
  await c.query("INSERT INTO app.ev SELECT g, 'new' || g, g FROM generate_series(100, 110) g");
});
afterAll(async () => t?.stop());

async function ids(sql: string, params: unknown[] = []): Promise<number[]> {
  return (await c.query(sql, params)).rows.map((r) => Number(Object.values(r)[0]));
}

describe('STREAM rows past their TTL', () => {
  it('are not found by a point lookup or a scan', async () => {
    expect(await ids('SELECT id FROM app.ev ORDER BY id')).toEqual(FRESH);
    expect((await c.query('SELECT * FROM app.ev WHERE id = 1')).rows).toEqual([]);
    expect(await ids('SELECT id FROM app.ev WHERE id = $1', [1])).toEqual([]);
    expect(await ids('SELECT id FROM app.ev WHERE id = $1', [100])).toEqual([100]);
    expect(await ids('SELECT id FROM app.ev WHERE id IN (1, 2, 100) ORDER BY id')).toEqual([100]);
    expect(await ids("SELECT id FROM app.ev WHERE kind = 'old3'")).toEqual([]);
    expect(await ids('SELECT id FROM app.ev ORDER BY id DESC LIMIT 2')).toEqual([110, 109]);
  });

  it('are not counted by aggregates, whether the table is read from RocksDB or from its column mirror', async () => {
    for (let i = 0; i < 2; i++) {
      const r = (await c.query('SELECT count(*)::int AS n, sum(n)::int AS s, min(id) AS lo FROM app.ev')).rows[0];
      expect(r).toEqual({ n: 11, s: FRESH.reduce((a, b) => a + b, 0), lo: 100 });
    }
    expect((await c.query('SELECT n % 2 AS odd, count(*)::int AS n FROM app.ev GROUP BY 1 ORDER BY 1')).rows).toEqual([{ odd: 0, n: 6 }, { odd: 1, n: 5 }]);
    expect((await c.query('SELECT count(*)::int AS n FROM app.ev WHERE n < 50')).rows[0].n).toBe(0);
  });

  it('do not join or satisfy a subquery', async () => {
    expect(await ids('SELECT e.id FROM app.ev e JOIN app.dim d ON d.id = e.id ORDER BY 1')).toEqual(FRESH);
    expect(await ids('SELECT d.id FROM app.dim d JOIN app.ev e ON e.id = d.id ORDER BY 1')).toEqual(FRESH);
    expect((await c.query('SELECT d.id, e.kind FROM app.dim d LEFT JOIN app.ev e ON e.id = d.id WHERE d.id <= 2 ORDER BY d.id')).rows)
      .toEqual([{ id: 1, kind: null }, { id: 2, kind: null }]);
    expect((await c.query('SELECT count(*)::int AS n FROM app.dim WHERE id IN (SELECT id FROM app.ev)')).rows[0].n).toBe(11);
    expect((await c.query('SELECT count(*)::int AS n FROM app.dim d WHERE EXISTS (SELECT 1 FROM app.ev e WHERE e.id = d.id)')).rows[0].n).toBe(11);
    expect((await c.query('SELECT count(*)::int AS n FROM app.dim d WHERE NOT EXISTS (SELECT 1 FROM app.ev e WHERE e.id = d.id)')).rows[0].n).toBe(20);
  });

  it('are neither updated nor deleted, nor returned by RETURNING', async () => {
    const none = async (sql: string) => {
      const r = await c.query(sql);
      expect([r.rowCount, r.rows]).toEqual([0, []]);
    };
    await none('UPDATE app.ev SET n = -1 WHERE id = 1 RETURNING *');
    await none('UPDATE app.ev SET n = n WHERE id BETWEEN 1 AND 20 RETURNING id');
    await none('DELETE FROM app.ev WHERE id = 2 RETURNING *');
    await none("DELETE FROM app.ev WHERE kind LIKE 'old%' RETURNING id");
    await none('UPDATE app.ev e SET n = d.id FROM app.dim d WHERE d.id = e.id AND d.id < 20 RETURNING e.id');
    await none('DELETE FROM app.ev e USING app.dim d WHERE d.id = e.id AND d.id < 20 RETURNING e.id');
    expect(await ids('UPDATE app.ev SET n = n + 1000 WHERE id IN (1, 110) RETURNING id')).toEqual([110]);
  });

  it('give way to an INSERT of their key or unique value, as a deleted row would', async () => {
    await c.query("INSERT INTO app.ev VALUES (3, 'again3', 3)");
    expect((await c.query('SELECT kind, n FROM app.ev WHERE id = 3')).rows).toEqual([{ kind: 'again3', n: 3 }]);
    // ON CONFLICT finds no conflict: the row is inserted, DO UPDATE does not run.
    expect((await c.query("INSERT INTO app.ev VALUES (4, 'up4', 4) ON CONFLICT (id) DO UPDATE SET kind = 'updated' RETURNING kind")).rows)
      .toEqual([{ kind: 'up4' }]);
    expect((await c.query("INSERT INTO app.ev VALUES (5, 'n5', 5) ON CONFLICT DO NOTHING")).rowCount).toBe(1);
    // A unique value only an expired row held is free; then the new row holds it.
    await c.query("INSERT INTO app.ev VALUES (200, 'old6', 200)");
    expect(await sqlstate(c.query("INSERT INTO app.ev VALUES (201, 'old6', 201)"))).toBe('23505');
    expect((await c.query("INSERT INTO app.ev VALUES (202, 'old7', 202) ON CONFLICT (kind) DO UPDATE SET n = 99 RETURNING id, n")).rows)
      .toEqual([{ id: 202, n: 202 }]);
    // UPDATE moves a row onto an expired row's key; the expired row's unique entry belongs to 200 now and stays.
    await c.query('UPDATE app.ev SET id = 6 WHERE id = 109');
    expect((await c.query('SELECT kind FROM app.ev WHERE id = 6')).rows).toEqual([{ kind: 'new109' }]);
    expect(await sqlstate(c.query("INSERT INTO app.ev VALUES (203, 'old6', 203)"))).toBe('23505');
    // Writing over expired row 8 drops its entry for 'old8', which then names no row.
    await c.query("INSERT INTO app.ev VALUES (8, 'x8', 8)");
    await c.query("INSERT INTO app.ev VALUES (204, 'old8', 204)");
    expect(await ids("SELECT id FROM app.ev WHERE kind IN ('x8', 'old8') ORDER BY id")).toEqual([8, 204]);
    const copy = await runPsql(conninfo(), 'COPY app.ev FROM STDIN;\n9\tcopied9\t9\n\\.\n', [], PASSWORD);
    expect(copy.stderr).toBe('');
    expect(copy.stdout).toContain('COPY 1');
    expect(await ids('SELECT id FROM app.ev WHERE id < 100 ORDER BY id')).toEqual([3, 4, 5, 6, 8, 9]);
  });

  it('are not copied out, through psql', async () => {
    const visible = (await c.query('SELECT id, kind FROM app.ev ORDER BY id')).rows.map((r) => `${r.id}\t${r.kind}`);
    const r = await runPsql(conninfo(), 'COPY (SELECT id, kind FROM app.ev ORDER BY id) TO STDOUT;\nCOPY app.ev (id, kind) TO STDOUT;\n', [], PASSWORD);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, visible.length)).toEqual(visible);
    expect(lines.slice(visible.length).sort()).toEqual([...visible].sort());
  });

  it('do not keep a referenced row, and cannot be referenced', async () => {
    // app.child's only row (→ dim 15) expired: deleting dim 15 is not blocked by it.
    expect((await c.query('DELETE FROM app.dim WHERE id = 15')).rowCount).toBe(1);
    expect(await sqlstate(c.query('CREATE TABLE app.bad (id INT PRIMARY KEY, ev_id INT REFERENCES app.ev (id))'))).toBe('0A000');
  });

  it('do not count for DDL that checks the rows there', async () => {
    // Only expired rows hold a NULL n (20), a duplicate n (7, 18, 19) or a negative one (17).
    await c.query('ALTER TABLE app.ev ALTER COLUMN n SET NOT NULL');
    await c.query('CREATE UNIQUE INDEX ev_n ON app.ev (n)');
    await c.query('ALTER TABLE app.ev ADD CONSTRAINT n_pos CHECK (n > 0)');
    expect(await sqlstate(c.query('INSERT INTO app.ev VALUES (300, NULL, NULL)'))).toBe('23502');
    // A rewrite does not convert expired rows (here it would divide by zero): it deletes them.
    const def = () => t.server.db.schema.table('app', 'ev')!;
    const visible = (await c.query('SELECT id, kind FROM app.ev ORDER BY id')).rows;
    expect(await storedKeys(def().id)).toBeGreaterThan(visible.length);
    await c.query("ALTER TABLE app.ev ALTER COLUMN kind TYPE varchar(20) USING CASE WHEN kind IN ('old1', 'old2') THEN (1 / 0)::text ELSE kind END");
    expect((await c.query('SELECT id, kind FROM app.ev ORDER BY id')).rows).toEqual(visible);
    expect(await storedKeys(def().id)).toBe(visible.length);
  });
});

/** Rows the row store holds for the table, expired ones included. */
async function storedKeys(tableId: number): Promise<number> {
  let n = 0;
  for await (const batch of t.server.db.rows.scan(tablePrefix(tableId), prefixEnd(tablePrefix(tableId)))) n += batch.length;
  return n;
}

function conninfo(): string {
  return `host=127.0.0.1 port=${t.port} user=${SUPERUSER} dbname=postgres`;
}
