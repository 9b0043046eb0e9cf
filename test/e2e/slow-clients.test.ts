/**
 * Clients that do not keep up cannot make the server hold memory without bound or keep a
 * transaction open forever: a client that stops reading a 400 MB result, and one that trickles a
 * message byte by byte inside a transaction. The server runs as a child process so its RSS is its own.
 */
import { mkdtempSync } from 'node:fs';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_PASSWORD, freePort, startChild, type ChildServer } from './child-server.js';
import { removeDir } from './harness.js';
import { mib, residentBytes } from '../support/process-memory.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-slow-'));
let child: ChildServer;
beforeAll(async () => {
  child = await startChild(dataDir, await freePort());
});
afterAll(async () => {
  child.proc.kill('SIGKILL');
  await child.exited;
  removeDir(dataDir);
});

function streamOf(c: pg.Client): net.Socket {
  return (c as unknown as { connection: { stream: net.Socket } }).connection.stream;
}

/** The server's RSS growth while a client that reads nothing is sent ~400 MB by `sql`; others are served meanwhile. */
async function stalledGrowth(sql: string, check: (rows: unknown) => void): Promise<number> {
  const other = await child.client();
  await other.query('SELECT 1');
  const before = residentBytes(child.proc.pid!);
  const stalled = await child.client();
  stalled.on('error', () => undefined);
  streamOf(stalled).pause(); // from now on the client reads nothing
  const result = stalled.query(sql).catch((e: unknown) => e);
  let peak = before;
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 150));
    peak = Math.max(peak, residentBytes(child.proc.pid!));
    expect((await other.query('SELECT count(*)::int AS n FROM generate_series(1, 100)')).rows).toEqual([{ n: 100 }]);
  }
  // The client reads again: the result arrives whole.
  streamOf(stalled).resume();
  check(await result);
  await stalled.end();
  await other.end();
  return peak - before;
}

/**
 * 4,000 rows of one shared 100 kB string: ~400 MB on the wire, almost nothing in the server's
 * rows, so only buffering the serialised result could make the server's memory grow by that much.
 */
const BIG_RESULT = "SELECT g, t.v FROM generate_series(1, 4000) g, (SELECT repeat('x', 100000) AS v) t";
const BOUND = 100 * 1024 * 1024;

describe('a client that does not read its results', () => {
  it('stalls its own SELECT at the socket: the server RSS stays bounded and other clients are served', async () => {
    const growth = await stalledGrowth(BIG_RESULT, (r) => {
      const rows = (r as pg.QueryResult).rows as Array<{ v: string }>;
      expect(rows.length).toBe(4000);
      expect(rows[3999]!.v.length).toBe(100000);
    });
    expect(growth, `RSS grew ${mib(growth)}`).toBeLessThan(BOUND);
  }, 120_000);

  it('stalls its own COPY TO STDOUT the same way', async () => {
    // pg has no COPY OUT stream of its own here: the query ends once the data is read.
    const growth = await stalledGrowth(`COPY (${BIG_RESULT}) TO STDOUT`, (r) => {
      expect((r as pg.QueryResult).rowCount).toBe(4000);
    });
    expect(growth, `RSS grew ${mib(growth)}`).toBeLessThan(BOUND);
  }, 120_000);
});

describe('idle_in_transaction_session_timeout', () => {
  it('ends the session with FATAL 25P03 even while the client trickles a message byte by byte', async () => {
    const c = new pg.Client({ host: '127.0.0.1', port: child.port, user: 'postgres', password: CHILD_PASSWORD, database: 'postgres' });
    const errors: Array<{ code?: string; message: string }> = [];
    c.on('error', (e: Error & { code?: string }) => errors.push({ code: e.code, message: e.message }));
    await c.connect();
    await c.query("SET idle_in_transaction_session_timeout = '300ms'");
    await c.query('BEGIN');
    const started = Date.now();
    // A Query frame, one byte every 100 ms: not a message until its last byte, so not activity.
    const frame = Buffer.concat([Buffer.from([0x51, 0, 0, 0, 13]), Buffer.from('SELECT 1\0')]);
    const socket = streamOf(c);
    let closedAt = 0;
    socket.on('close', () => (closedAt = Date.now()));
    for (let i = 0; i < frame.length - 1 && !closedAt; i++) {
      socket.write(frame.subarray(i, i + 1));
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(closedAt, 'the server kept the session').toBeGreaterThan(0);
    expect(closedAt - started).toBeLessThan(1100); // the frame alone would have taken 1.3 s
    expect(errors[0]).toEqual({ code: '25P03', message: 'terminating connection due to idle-in-transaction timeout' });
  });
});
