// The live-query bench scaled down (bench/lib/live-*.mjs, `npm run bench -- --live`): 100 live
// queries with their own WHEREs over 20 connections, a writer making 50 single-row changes a
// second for 3 s. Every change must reach every matching live query exactly once, in commit
// order, with its row. Correctness only: timings on a shared machine prove nothing here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryCheck } from '../../bench/lib/live-check.mjs';
import { expectedDeliveries, liveChanges, liveSubscriptions } from '../../bench/lib/live-plan.mjs';
import { drain, liveSides, openClient, subscribeAll, writeChanges } from '../../bench/lib/live-session.mjs';
import { PASSWORD, startTestServer, SUPERUSER, type TestServer } from './harness.js';

const QUERIES = 100;
const CONNECTIONS = 20;
const RATE = 50;
const SECONDS = 3;

describe('1/10 of the live-query bench, in-process', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(undefined, { maxConnections: 200 });
  });
  afterAll(async () => t?.stop());

  it('delivers every change to every matching live query exactly once, in commit order', async () => {
    const server = { host: '127.0.0.1', port: t.port, user: SUPERUSER, database: 'postgres', clientEnv: { PGPASSWORD: PASSWORD } };
    const side = liveSides['kalamdb-pg'];
    const subs = liveSubscriptions(QUERIES);
    const changes = liveChanges(RATE * SECONDS);
    const expected = expectedDeliveries(subs, changes);
    const total = expected.reduce((n, e) => n + e.length, 0);
    // Nearly every live query gets changes, and updates move rows out of a val filter as deletes.
    expect(expected.filter((e) => e.length > 0).length).toBeGreaterThan(QUERIES * 0.9);
    expect(expected.some((e) => e.some((d) => d.kind === 'delete' && changes[d.i]!.kind === 'update'))).toBe(true);

    const admin = await openClient(server);
    await admin.query(side.setupSql);
    const deliveries = new DeliveryCheck({ subs, changes, expectedCounts: expected.map((e) => e.length) });
    const subscribers = await subscribeAll(server, side, subs, CONNECTIONS, (k, payload, at) => deliveries.arrive(k, payload, at));
    const writer = await openClient(server);
    try {
      const written = await writeChanges(writer, changes, RATE);
      await drain(subscribers, total, 5000);
      const check = deliveries.result(written.sentAt, written.ackAt);
      expect(check.examples).toEqual([]);
      expect({ received: check.received, stray: subscribers.stray, notices: subscribers.notices }).toEqual({ received: total, stray: 0, notices: [] });
      expect(check.exactlyOnce).toBe(true);
      // The live queries really are the server's: system.live_queries counts what each delivered.
      const r = await admin.query<{ n: string; changes: string }>('SELECT count(*) AS n, sum(changes) AS changes FROM system.live_queries');
      expect({ n: Number(r.rows[0]!.n), changes: Number(r.rows[0]!.changes) }).toEqual({ n: QUERIES, changes: total });
    } finally {
      await subscribers.close();
      await writer.end();
      await admin.end();
    }
  }, 60_000);
});
