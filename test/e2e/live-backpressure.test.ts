/**
 * A subscriber that stops reading (issue 7, acceptance 3): the server holds at most its socket's
 * backlog plus --max-notification-queue for it, then ends its live query (and a LISTEN channel)
 * with a WARNING it reads once it reads again — while a subscriber that keeps reading gets every
 * change and the writer never waits for the slow one.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

const QUEUE_BOUND = 256 * 1024;
const BODY = 'x'.repeat(8000);
const ROWS = 3000; // ~24 MB of notifications: well past the socket buffers and the bound

let t: TestServer;
let admin: pg.Client;

beforeAll(async () => {
  t = await startTestServer(undefined, { maxNotificationQueue: QUEUE_BOUND });
  admin = await t.client();
  await admin.query('CREATE NAMESPACE bp');
  await admin.query('CREATE TABLE bp.t (id INT PRIMARY KEY, body TEXT)');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

/** pg.Client's socket: pausing it stops reading, so the kernel's buffers and then the server's fill. */
function socketOf(c: pg.Client): import('node:net').Socket {
  return (c as unknown as { connection: { stream: import('node:net').Socket } }).connection.stream;
}

describe('a subscriber that stops reading', () => {
  it('is held to the bound and its live query ends; others get everything', async () => {
    const slow = await t.client();
    const fast = await t.client();
    const slowNotices: string[] = [];
    slow.on('notice', (n) => slowNotices.push(n.message ?? ''));
    let slowGot = 0;
    slow.on('notification', () => slowGot++);
    const fastIds: number[] = [];
    fast.on('notification', (m) => fastIds.push(JSON.parse(m.payload!).row.id));
    const slowLive = (await slow.query('SUBSCRIBE TO bp.t')).rows[0].live_query_id as string;
    await slow.query('LISTEN side');
    await fast.query('SUBSCRIBE TO bp.t');
    socketOf(slow).pause();

    let maxQueued = 0;
    for (let i = 0; i < ROWS; i += 100) {
      const values = Array.from({ length: 100 }, (_, k) => `(${i + k}, '${BODY}')`).join(',');
      await admin.query(`INSERT INTO bp.t VALUES ${values}`);
      const q = await admin.query('SELECT max(queued_bytes) AS q FROM system.live_queries WHERE live_query_id = $1', [slowLive]);
      maxQueued = Math.max(maxQueued, Number(q.rows[0]?.q ?? 0));
    }
    // The writer finished without waiting for the slow reader; the fast one got every change, in order.
    for (let i = 0; i < 200 && fastIds.length < ROWS; i++) await new Promise((r) => setTimeout(r, 25));
    expect(fastIds).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(maxQueued).toBeLessThanOrEqual(QUEUE_BOUND);
    const live = await admin.query('SELECT live_query_id FROM system.live_queries WHERE live_query_id = $1', [slowLive]);
    expect(live.rows).toEqual([]);
    // A plain LISTEN channel is held to the same bound: past it, the session stops listening on it.
    for (let i = 0; i < 200; i++) await admin.query(`NOTIFY side, '${i} ${'y'.repeat(7000)}'`);

    socketOf(slow).resume();
    await slow.query('SELECT 1');
    expect(slowNotices).toContain(`live query ${slowLive} on bp.t ended: the client is not reading its notifications`);
    expect(slowNotices).toContain('stopped listening on channel "side": the client is not reading its notifications');
    expect(slowGot).toBeLessThan(ROWS);
    expect((await slow.query('SELECT pg_listening_channels() AS c')).rows).toEqual([]);
    // The slow client's connection still works, and it can subscribe again.
    const again = await slow.query('SUBSCRIBE TO bp.t WHERE id = 0');
    expect(again.rows[0].rows).toEqual([{ id: 0, body: BODY }]);
    await slow.end();
    await fast.end();
  }, 120_000);
});
