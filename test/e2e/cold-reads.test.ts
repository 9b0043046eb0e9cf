/**
 * Hot and cold: after STORAGE FLUSH a table's rows live in Parquet segments, and every way a
 * client reads or writes them still sees one table — counts and sums, point lookups, index
 * lookups, UPDATE and DELETE of rows that live only in segments, key conflicts with them, a
 * transaction's own deletes, restarts — checked against a model of what was acknowledged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeDir, sqlstate, startTestServer, type TestServer } from './harness.js';
import { flushAndWait, segmentFiles, storageDir, waitForJob } from './flush-support.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-cold-'));
let t: TestServer;
let c: pg.Client;

beforeAll(async () => {
  t = await startTestServer(dataDir);
  c = await t.client();
});
afterAll(async () => {
  await t?.stop();
  removeDir(dataDir);
});

async function restart(): Promise<void> {
  await t.stop();
  t = await startTestServer(dataDir);
  c = await t.client();
}

/** Every row as the model says it should read: id → [v, n]. */
const model = new Map<number, [string, number]>();

async function checkAgainstModel(): Promise<void> {
  const r = await c.query<{ id: number; v: string; n: number }>('SELECT id, v, n FROM app.items ORDER BY id');
  expect(r.rows.map((x) => [x.id, x.v, x.n])).toEqual([...model].sort((a, b) => a[0] - b[0]).map(([id, [v, n]]) => [id, v, n]));
  const agg = await c.query<{ count: number; sum: number }>('SELECT count(*)::int AS count, coalesce(sum(n), 0)::int AS sum FROM app.items');
  expect(agg.rows[0]).toEqual({ count: model.size, sum: [...model.values()].reduce((s, [, n]) => s + n, 0) });
}

describe('a SHARED table read across hot rows and segments', () => {
  it('reads the same before and after a flush, and the hot rows left RocksDB', async () => {
    await c.query('CREATE NAMESPACE app');
    await c.query('CREATE SHARED TABLE app.items (id INT PRIMARY KEY, v TEXT NOT NULL, n INT)');
    await c.query('CREATE INDEX items_v ON app.items (v)');
    await c.query("INSERT INTO app.items SELECT g, 'v' || g, g * 10 FROM generate_series(1, 3000) g");
    for (let i = 1; i <= 3000; i++) model.set(i, [`v${i}`, i * 10]);
    await checkAgainstModel();
    const job = await flushAndWait(c, 'app.items');
    expect(job).toEqual({ status: 'completed', rows: 3000, error: null });
    expect(segmentFiles(storageDir(t.dataDir, 'app', 'items'))).toHaveLength(1);
    await checkAgainstModel();
    // The rows are gone from RocksDB: what reads them now is the segment.
    const hot = await hotRowCount(t, 'app', 'items');
    expect(hot).toBe(0);
  });

  it('finds cold rows by primary key and by secondary index', async () => {
    expect((await c.query('SELECT v, n FROM app.items WHERE id = 1234')).rows).toEqual([{ v: 'v1234', n: 12340 }]);
    expect((await c.query("SELECT id FROM app.items WHERE v = 'v2999'")).rows).toEqual([{ id: 2999 }]);
    expect((await c.query('SELECT id FROM app.items WHERE id = ANY($1) ORDER BY id', [[5, 6, 9999]])).rows).toEqual([{ id: 5 }, { id: 6 }]);
  });

  it('refuses a key that lives only in a segment, and updates and deletes rows that live only there', async () => {
    expect(await sqlstate(c.query("INSERT INTO app.items VALUES (7, 'again', 0)"))).toBe('23505');
    await c.query("INSERT INTO app.items VALUES (7, 'again', 0) ON CONFLICT (id) DO UPDATE SET v = 'conflicted'");
    model.set(7, ['conflicted', 70]);
    await c.query("UPDATE app.items SET v = 'upd', n = n + 1 WHERE id BETWEEN 100 AND 199");
    for (let i = 100; i <= 199; i++) model.set(i, ['upd', i * 10 + 1]);
    await c.query('DELETE FROM app.items WHERE id > 2900');
    for (let i = 2901; i <= 3000; i++) model.delete(i);
    await c.query('DELETE FROM app.items WHERE id = 1');
    model.delete(1);
    await checkAgainstModel();
    expect((await c.query("SELECT id FROM app.items WHERE v = 'v2950'")).rows).toEqual([]);
    // A deleted cold key is free again.
    await c.query("INSERT INTO app.items VALUES (1, 'reborn', 1)");
    model.set(1, ['reborn', 1]);
    await checkAgainstModel();
  });

  it('keeps it all through a second flush (tombstones and updates go to a newer segment) and a restart', async () => {
    const job = await flushAndWait(c, 'app.items');
    expect(job.status).toBe('completed');
    expect(segmentFiles(storageDir(t.dataDir, 'app', 'items'))).toHaveLength(2);
    await checkAgainstModel();
    await restart();
    await checkAgainstModel();
    expect((await c.query('SELECT v FROM app.items WHERE id = 2950')).rows).toEqual([]);
    expect((await c.query('SELECT v FROM app.items WHERE id = 150')).rows).toEqual([{ v: 'upd' }]);
  });

  it('sees its own deletes of cold rows inside a transaction, and gets them back on ROLLBACK', async () => {
    await c.query('BEGIN');
    await c.query('DELETE FROM app.items WHERE id BETWEEN 500 AND 599');
    expect((await c.query('SELECT count(*)::int AS n FROM app.items WHERE id BETWEEN 400 AND 699')).rows).toEqual([{ n: 200 }]);
    expect((await c.query('SELECT * FROM app.items WHERE id = 550')).rows).toEqual([]);
    await c.query('ROLLBACK');
    await checkAgainstModel();
  });

  it('another session sees a concurrent delete of a cold row only once committed', async () => {
    const other = await t.client();
    await other.query('BEGIN');
    await other.query('DELETE FROM app.items WHERE id = 42');
    expect((await c.query('SELECT n FROM app.items WHERE id = 42')).rows).toEqual([{ n: 420 }]);
    await other.query('COMMIT');
    model.delete(42);
    expect((await c.query('SELECT n FROM app.items WHERE id = 42')).rows).toEqual([]);
    await checkAgainstModel();
  });

  it('STORAGE COMPACT merges the segments into one without superseded versions or tombstones, reading the same', async () => {
    await c.query('UPDATE app.items SET n = n + 5 WHERE id BETWEEN 1000 AND 1009');
    for (let i = 1000; i <= 1009; i++) model.set(i, [model.get(i)![0], model.get(i)![1] + 5]);
    expect((await flushAndWait(c, 'app.items')).status).toBe('completed');
    const dir = storageDir(t.dataDir, 'app', 'items');
    expect(segmentFiles(dir).length).toBeGreaterThan(2);
    const { rows } = await c.query<{ job_id: string }>('STORAGE COMPACT TABLE app.items');
    expect(await waitForJob(c, rows[0]!.job_id)).toEqual({ status: 'completed', rows: model.size, error: null });
    await checkAgainstModel(); // the column mirror lets the replaced segments go as it reads the new one
    for (let i = 0; i < 100 && segmentFiles(dir).length > 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(segmentFiles(dir)).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { segments: { rows: number; deletedRows: number }[] };
    expect(manifest.segments).toEqual([expect.objectContaining({ rows: model.size, deletedRows: 0 })]);
    await checkAgainstModel();
    await restart();
    await checkAgainstModel();
  });

  it('TRUNCATE and DROP TABLE reach the segments too', async () => {
    await c.query('CREATE SHARED TABLE app.gone (id INT PRIMARY KEY)');
    await c.query('INSERT INTO app.gone SELECT generate_series(1, 100)');
    expect((await flushAndWait(c, 'app.gone')).status).toBe('completed');
    await c.query('TRUNCATE app.gone');
    expect((await c.query('SELECT count(*)::int AS n FROM app.gone')).rows).toEqual([{ n: 0 }]);
    await c.query('INSERT INTO app.gone VALUES (5)');
    expect((await c.query('SELECT id FROM app.gone')).rows).toEqual([{ id: 5 }]);
    expect(segmentFiles(storageDir(t.dataDir, 'app', 'gone'))).toHaveLength(1);
    await c.query('DROP TABLE app.gone');
    expect(segmentFiles(storageDir(t.dataDir, 'app', 'gone'))).toHaveLength(0);
    await c.query('CREATE SHARED TABLE app.gone (id INT PRIMARY KEY)');
    expect((await c.query('SELECT count(*)::int AS n FROM app.gone')).rows).toEqual([{ n: 0 }]);
  });

  it('keeps reading a renamed table from where it was flushed, while a new table takes the old name', async () => {
    await c.query('CREATE SHARED TABLE app.old_name (id INT PRIMARY KEY, v TEXT)');
    await c.query("INSERT INTO app.old_name VALUES (1, 'first')");
    expect((await flushAndWait(c, 'app.old_name')).status).toBe('completed');
    await c.query('ALTER TABLE app.old_name RENAME TO new_name');
    await c.query('CREATE SHARED TABLE app.old_name (id INT PRIMARY KEY, v TEXT)');
    await c.query("INSERT INTO app.old_name VALUES (2, 'second')");
    expect((await flushAndWait(c, 'app.old_name')).status).toBe('completed');
    await c.query("INSERT INTO app.new_name VALUES (3, 'third')");
    expect((await flushAndWait(c, 'app.new_name')).status).toBe('completed');
    await restart();
    expect((await c.query('SELECT * FROM app.new_name ORDER BY id')).rows).toEqual([{ id: 1, v: 'first' }, { id: 3, v: 'third' }]);
    expect((await c.query('SELECT * FROM app.old_name ORDER BY id')).rows).toEqual([{ id: 2, v: 'second' }]);
  });

  it('flushes a table without a primary key, whose keys an UPDATE does not move', async () => {
    await c.query('CREATE TABLE app.log (msg TEXT, n INT)');
    await c.query("INSERT INTO app.log SELECT 'm' || g, g FROM generate_series(1, 50) g");
    await c.query("UPDATE app.log SET msg = 'changed' WHERE n <= 10");
    expect((await flushAndWait(c, 'app.log')).status).toBe('completed');
    await c.query("UPDATE app.log SET n = n + 100 WHERE msg = 'changed'");
    expect((await flushAndWait(c, 'app.log')).status).toBe('completed');
    const r = await c.query<{ count: number; sum: number; changed: number }>(
      "SELECT count(*)::int AS count, sum(n)::int AS sum, count(*) FILTER (WHERE msg = 'changed')::int AS changed FROM app.log");
    expect(r.rows[0]).toEqual({ count: 50, sum: 1275 + 1000, changed: 10 });
  });

  it('answers STORAGE FLUSH errors with PostgreSQL codes', async () => {
    expect(await sqlstate(c.query('STORAGE FLUSH TABLE app.nope'))).toBe('42P01');
    expect(await sqlstate(c.query('STORAGE FLUSH ALL IN nope'))).toBe('3F000');
    expect(await sqlstate(c.query('STORAGE COMPACT TABLE app.nope'))).toBe('42P01');
    const all = await c.query('STORAGE FLUSH ALL IN app');
    expect(all.rows.map((r: { table_name: string }) => r.table_name).sort()).toEqual(['gone', 'items', 'log', 'new_name', 'old_name']);
  });
});

/** Rows of the table still in RocksDB (hot), tombstones included, read under the hood. */
async function hotRowCount(server: TestServer, namespace: string, table: string): Promise<number> {
  const db = server.server.db;
  const def = db.schema.table(namespace, table)!;
  await db.rows.settle();
  const { tablePrefix } = await import('../../src/storage/key-layout.js');
  const { prefixEnd } = await import('../../src/storage/keycode.js');
  let n = 0;
  for await (const batch of db.rows.scanStored(tablePrefix(def.id), prefixEnd(tablePrefix(def.id)))) n += batch.length;
  return n;
}
