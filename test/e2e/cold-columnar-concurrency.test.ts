/**
 * Column scans of a flushed table while other sessions commit and flushes move rows to segments:
 * every scan must see one committed state, and no older one than the last commit acknowledged
 * before it began. Transfers between accounts keep the balance total and the account count
 * constant, and each also ticks a counter row: any scan that mixed two states, missed a row moving
 * from hot to cold, counted one twice or read a stale mirror shows up. Then: a change of
 * a partition's segments (what a compaction does) is never held up by a mirror, and the next scan
 * reads the new segments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { existsSync } from 'node:fs';
import { startTestServer, type TestServer } from './harness.js';
import { tableAccess } from '../../src/executor/table-access.js';
import { readSegmentRows } from '../../src/storage/segments/segment-reader.js';
import { flushAndWait } from './flush-support.js';
import { seededRandom } from '../support/seeded-random.js';

let server: TestServer;
let reader: pg.Client;
let writer: pg.Client;
let flusher: pg.Client;
const ACCOUNTS = 20_000;
const EACH = 100;

beforeAll(async () => {
  server = await startTestServer();
  [reader, writer, flusher] = await Promise.all([server.client(), server.client(), server.client()]);
  await writer.query('CREATE TABLE acct (id bigint PRIMARY KEY, bal bigint NOT NULL, grp int, at timestamp)');
  await writer.query(`INSERT INTO acct SELECT g, ${EACH}, g % 10, timestamp '2025-01-01' + g * interval '1 second' FROM generate_series(1, ${ACCOUNTS}) g`);
  await writer.query('INSERT INTO acct VALUES (0, 0, NULL, NULL)'); // the counter: transfers committed
  expect((await flushAndWait(flusher, 'public.acct')).status).toBe('completed');
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('scans of a flushed table beside writers and flushes', () => {
  it('always see one committed state: the total and the count never move', async () => {
    const next = seededRandom(5);
    let running = true;
    let moved = 0;
    const transfers = (async () => {
      let n = 0;
      while (running || n < 300) {
        const a = 1 + Math.floor(next() * ACCOUNTS);
        const b = 1 + Math.floor(next() * ACCOUNTS);
        const amount = 1 + Math.floor(next() * 10);
        await writer.query('BEGIN');
        await writer.query('UPDATE acct SET bal = bal - $2, at = now() WHERE id = $1', [a, amount]);
        await writer.query('UPDATE acct SET bal = bal + $2 WHERE id = $1', [b, amount]);
        await writer.query('UPDATE acct SET bal = bal + 1 WHERE id = 0');
        await writer.query('COMMIT');
        moved = ++n;
      }
      return n;
    })();
    // A flush every 40 transfers: each adds a segment overlapping the others (updates).
    const flushes = (async () => {
      let n = 0;
      while (running) {
        if (moved < 40 * (n + 1)) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        expect((await flushAndWait(flusher, 'public.acct')).status).toBe('completed');
        n++;
      }
      return n;
    })();
    const seen: string[] = [];
    const stale: string[] = [];
    for (let i = 0; i < 60 || moved < 300; i++) {
      const acked = moved;
      const r = (await reader.query(
        'SELECT count(*)::int AS n, sum(bal)::bigint AS total, sum(CASE WHEN id = 0 THEN bal ELSE 0 END)::int AS tick FROM acct')).rows[0];
      seen.push(`${r.n}/${BigInt(r.total) - BigInt(r.tick)}`);
      if (r.tick < acked) stale.push(`saw ${r.tick} transfers after ${acked} were acknowledged`);
      const g = (await reader.query('SELECT sum(bal)::bigint AS total, max(bal) FILTER (WHERE id = 0) AS tick FROM acct')).rows[0];
      seen.push(`${ACCOUNTS + 1}/${BigInt(g.total) - BigInt(g.tick)}`);
    }
    running = false;
    const [transferred, flushed] = await Promise.all([transfers, flushes]);
    expect(transferred).toBeGreaterThanOrEqual(300);
    expect(flushed).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([`${ACCOUNTS + 1}/${ACCOUNTS * EACH}`]));
    expect(stale).toEqual([]);
    expect(server.server.db.mirrors.coldBuilds).toBeGreaterThanOrEqual(2);
    // A transaction's own half-done transfer shows in its own scan, not in the others'.
    await writer.query('BEGIN');
    await writer.query('UPDATE acct SET bal = bal + 1000 WHERE id = 1');
    const q = 'SELECT sum(bal) FILTER (WHERE id <> 0)::bigint AS t FROM acct';
    expect((await writer.query(q)).rows[0].t).toBe(String(ACCOUNTS * EACH + 1000));
    expect((await reader.query(q)).rows[0].t).toBe(String(ACCOUNTS * EACH));
    await writer.query('ROLLBACK');
  }, 120_000);

  it('lets a change of segments delete the files it replaced at once, and reads the new ones next', async () => {
    const db = server.server.db;
    const def = db.schema.table('public', 'acct')!;
    const scope = db.cold.scopes(def.id)[0]!;
    expect(scope.segments.length).toBeGreaterThanOrEqual(2);
    const before = (await reader.query('SELECT count(*)::int AS n FROM acct')).rows[0].n;
    // What a compaction does at its commit point, minus the merged file: unlist a segment.
    const newest = scope.segments[scope.segments.length - 1]!;
    const unlisted = new Map((await readSegmentRows(newest.segment, def)).map((r) => [`${r[0]}`, `${r[0]}:${r[1]}`]));
    await db.cold.replaceSegments(scope, [], [newest]);
    // The file goes once no read pins it (unlinked in the background): no mirror holds it between scans.
    for (let i = 0; i < 100 && existsSync(newest.path); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(newest.path)).toBe(false);
    // The older versions of the rows it updated show again — in the column path as in the row
    // store's own merge of RocksDB and segments.
    const after = (await reader.query('SELECT id, bal FROM acct ORDER BY id')).rows.map((r: { id: string; bal: string }) => `${r.id}:${r.bal}`);
    const access = tableAccess(def);
    const [lo, hi] = access.partitionRange(null);
    const merged: string[] = [];
    for await (const batch of db.rows.scan(lo, hi)) {
      for (const [, v] of batch) {
        const row = access.decode(v);
        merged.push(`${row[0]}:${row[1]}`);
      }
    }
    expect(after).toEqual(merged);
    expect(after).toHaveLength(before);
    // ... and at least one row read differently from the unlisted segment's version of it.
    expect(after.some((x) => unlisted.has(x.split(':')[0]!) && unlisted.get(x.split(':')[0]!) !== x)).toBe(true);
  });
});
