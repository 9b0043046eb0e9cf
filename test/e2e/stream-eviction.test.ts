/**
 * The stream-eviction job (storage/ttl/evict-job.ts) and its schedule: it deletes exactly the
 * expired rows of a STREAM table (every user partition) and the index entries they own, in
 * batches, shows in system.jobs, never deletes a row written while it runs, resumes after a
 * restart, and the server queues it by itself for tables that may hold expired rows.
 *
 * Rows are counted in the row store itself (what RocksDB and the commit log hold), not through
 * SQL, which hides expired rows anyway.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { TableDefinition } from '../../src/catalog/table-definition.js';
import type { Database } from '../../src/executor/database.js';
import type { JobContext, JobKind } from '../../src/jobs/job-kind.js';
import { tableAccess } from '../../src/executor/table-access.js';
import { indexAllPrefix, tablePrefix } from '../../src/storage/key-layout.js';
import { prefixEnd } from '../../src/storage/keycode.js';
import { EVICTION_BATCH_ROWS, STREAM_EVICTION, submitEviction } from '../../src/storage/ttl/evict-job.js';
import { sqlstate, startTestServer, type TestServer } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function countKeys(db: Database, prefix: Buffer): Promise<number> {
  let n = 0;
  for await (const batch of db.rows.scan(prefix, prefixEnd(prefix))) n += batch.length;
  return n;
}

/** Every row the row store holds (expired or not), in key order: [first column, second column]. */
async function storedRows(db: Database, t: TableDefinition): Promise<[number, string][]> {
  const access = tableAccess(t);
  const out: [number, string][] = [];
  for await (const batch of db.rows.scan(tablePrefix(t.id), prefixEnd(tablePrefix(t.id)))) {
    for (const [, v] of batch) {
      const row = access.decode(v);
      out.push([row[0] as number, row[1] as string]);
    }
  }
  return out;
}

function table(db: Database, name: string): TableDefinition {
  return db.schema.table('app', name)!;
}

async function indexEntries(db: Database, t: TableDefinition): Promise<number[]> {
  const out: number[] = [];
  for (const ix of (t.indexes ?? []).filter((i) => !i.primary)) out.push(await countKeys(db, indexAllPrefix(ix.storageId)));
  return out;
}

async function evictNow(db: Database, t: TableDefinition) {
  const id = await submitEviction(db, t);
  const job = await db.jobs.whenFinished(id);
  return { id, job };
}

describe('the stream-eviction job', () => {
  let t: TestServer;
  let c: pg.Client;
  let ann: pg.Client;

  beforeAll(async () => {
    t = await startTestServer(undefined, { streamEvictionInterval: 0 });
    c = await t.client();
    await c.query('CREATE NAMESPACE app');
    await c.query("CREATE USER 'ann' WITH PASSWORD 'apw' ROLE user");
    ann = await t.client({ user: 'ann', password: 'apw' });
  });
  afterAll(async () => t?.stop());

  it('deletes every expired row and the index entries it owns, in every partition, and keeps the live rows', async () => {
    const db = t.server.db;
    // TTL 3 s: the rows written after the wait must stay alive until the checks below are done.
    await c.query('CREATE STREAM TABLE app.s (id INT PRIMARY KEY, kind TEXT, n INT) WITH (TTL_SECONDS = 3)');
    await c.query('CREATE UNIQUE INDEX s_kind ON app.s (kind)');
    await c.query('CREATE INDEX s_n ON app.s (n)');
    const old = 2 * EVICTION_BATCH_ROWS + 500;
    await c.query(`INSERT INTO app.s SELECT g, 'k' || g, g % 7 FROM generate_series(1, ${old}) g`);
    await ann.query("INSERT INTO app.s SELECT g, 'k' || g, 0 FROM generate_series(1, 10) g");
    await sleep(3200);
    await c.query("INSERT INTO app.s SELECT g, 'k' || g, 1 FROM generate_series(5000, 5004) g");
    await c.query("INSERT INTO app.s VALUES (1, 'renewed', 1)"); // over expired row 1: alive again
    await c.query("INSERT INTO app.s VALUES (6000, 'k2', 2)"); // takes expired row 2's unique value
    const s = table(db, 's');
    expect(await countKeys(db, tablePrefix(s.id))).toBe(old + 10 + 5 + 1);

    const { id, job } = await evictNow(db, s);
    expect(job).toMatchObject({ status: 'completed', rows: old - 1 + 10 });
    expect(job.bytes).toBeGreaterThan(0);
    expect(await countKeys(db, tablePrefix(s.id))).toBe(7);
    expect(await indexEntries(db, s)).toEqual([7, 7]);
    expect(await storedRows(db, s)).toEqual([[1, 'renewed'], [5000, 'k5000'], [5001, 'k5001'], [5002, 'k5002'], [5003, 'k5003'], [5004, 'k5004'], [6000, 'k2']]);
    expect(await sqlstate(c.query("INSERT INTO app.s VALUES (6001, 'k2', 2)"))).toBe('23505');
    expect((await ann.query('SELECT count(*)::int AS n FROM app.s')).rows[0].n).toBe(0);

    const shown = (await c.query('SELECT job_type, status, namespace, table_name, rows, parameters FROM system.jobs WHERE job_id = $1', [id])).rows;
    expect(id).toMatch(/^SE-\d+$/);
    expect(shown).toEqual([{
      job_type: STREAM_EVICTION, status: 'completed', namespace: 'app', table_name: 's', rows: String(old + 9), parameters: { ttl_seconds: 3 },
    }]);

    // Nothing left to do: a second run deletes nothing.
    expect((await evictNow(db, s)).job).toMatchObject({ status: 'completed', rows: 0 });
    expect(await countKeys(db, tablePrefix(s.id))).toBe(7);
  });

  it('never deletes a row written over an expired one while it runs', async () => {
    const db = t.server.db;
    const old = 3000;
    await c.query('CREATE STREAM TABLE app.race (id INT PRIMARY KEY, v TEXT) WITH (TTL_SECONDS = 1)');
    await c.query(`INSERT INTO app.race SELECT g, 'old' FROM generate_series(1, ${old}) g`);
    await sleep(1200);
    const r = table(db, 'race');
    const writers = await Promise.all([1, 2, 3, 4].map(() => t.client()));
    const evicting = evictNow(db, r);
    const outcomes = await Promise.all(writers.map(async (w, k) => {
      const mine: { id: number; code: string }[] = [];
      for (let i = 0; i < 100; i++) {
        const id = 1 + ((k * 100 + i) * 7) % old;
        mine.push({ id, code: await sqlstate(w.query('INSERT INTO app.race VALUES ($1, $2)', [id, `new${id}`])) });
      }
      return mine;
    }));
    const { job } = await evicting;
    expect(job.status).toBe('completed');
    const written = outcomes.flat().filter((o) => o.code === 'no error').map((o) => o.id).sort((a, b) => a - b);
    // A write that loses its key to the eviction's commit is told to retry; none is lost silently.
    for (const o of outcomes.flat()) expect(['no error', '40001']).toContain(o.code);
    expect(written.length).toBeGreaterThan(0);
    // Read from the row store, not SQL: the new rows expire too, a second after they were written.
    expect(await storedRows(db, r)).toEqual(written.map((id) => [id, `new${id}`]));
    expect(await countKeys(db, tablePrefix(r.id))).toBe(written.length);
    // Each old row was evicted, or written over before the eviction reached it (a key evicted first and written after counts once each).
    expect(job.rows).toBeGreaterThanOrEqual(old - written.length);
    expect(job.rows).toBeLessThanOrEqual(old);
  });

  it('runs again after a restart if it was queued when the server stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-evict-'));
    // A job of the same table that runs until the shutdown cancels it: the eviction waits behind it.
    const blocker: JobKind = { name: 'test-block', prefix: 'TB' };
    const block = async (ctx: JobContext) => {
      for (;;) {
        await sleep(5);
        await ctx.pause();
      }
    };
    try {
      const first = await startTestServer(dir, { streamEvictionInterval: 0 }, { jobKinds: [blocker] });
      const fc = await first.client();
      await fc.query('CREATE NAMESPACE app');
      await fc.query('CREATE STREAM TABLE app.q (id INT PRIMARY KEY) WITH (TTL_SECONDS = 1)');
      await fc.query('INSERT INTO app.q SELECT generate_series(1, 50)');
      await sleep(1200);
      const q = table(first.server.db, 'q');
      await first.server.db.jobs.submit('test-block', { table: { id: q.id, namespace: 'app', name: 'q' } }, block);
      const id = await submitEviction(first.server.db, q);
      expect(first.server.db.jobs.get(id)?.status).toBe('new');
      await first.stop();

      const second = await startTestServer(dir, { streamEvictionInterval: 0 }, { jobKinds: [blocker] });
      try {
        expect(await second.server.db.jobs.whenFinished(id)).toMatchObject({ status: 'completed', rows: 50 });
        expect(await countKeys(second.server.db, tablePrefix(q.id))).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the eviction schedule', () => {
  let t: TestServer;
  let c: pg.Client;

  beforeAll(async () => {
    t = await startTestServer(undefined, { streamEvictionInterval: 0.2 });
    c = await t.client();
    await c.query('CREATE NAMESPACE app');
  });
  afterAll(async () => t?.stop());

  it('queues evictions of tables that may hold expired rows, one at a time, and none for an empty table', async () => {
    const db = t.server.db;
    await c.query('CREATE STREAM TABLE app.idle (id INT PRIMARY KEY) WITH (TTL_SECONDS = 1)');
    await c.query('CREATE STREAM TABLE app.busy (id INT PRIMARY KEY) WITH (TTL_SECONDS = 1)');
    await c.query('INSERT INTO app.busy SELECT generate_series(1, 50)');
    const busy = table(db, 'busy');
    let overlapping = false;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await countKeys(db, tablePrefix(busy.id))) > 0) {
      if (db.jobs.unfinished(STREAM_EVICTION, busy.id).length > 1) overlapping = true;
      await sleep(20);
    }
    expect(await countKeys(db, tablePrefix(busy.id))).toBe(0);
    expect(overlapping).toBe(false);
    const jobs = (await c.query("SELECT table_name, status, rows::int AS rows FROM system.jobs WHERE job_type = 'stream_eviction'")).rows;
    expect(jobs.every((j) => j.table_name === 'busy' && j.status === 'completed')).toBe(true);
    expect(jobs.reduce((n, j) => n + j.rows, 0)).toBe(50);
    // A few runs at most: one finding the rows alive, then one when the oldest of them expired.
    expect(jobs.length).toBeLessThanOrEqual(3);
  });
});
