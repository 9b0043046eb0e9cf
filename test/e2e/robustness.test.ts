/** Bad input never takes the server down: other clients keep being served. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { PASSWORD, SUPERUSER, startTestServer, sqlstate, type TestServer } from './harness.js';
import type pg from 'pg';

let t: TestServer;
let healthy: pg.Client;
beforeAll(async () => {
  t = await startTestServer();
  healthy = await t.client();
  await healthy.query('CREATE TABLE r (id INT PRIMARY KEY, v TEXT)');
});
afterAll(async () => t.stop());

/** Sends raw bytes, returns what came back before the server closed (or a timeout). */
function raw(port: number, chunks: Buffer[], waitMs = 1500): Promise<{ reply: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    let closed = false;
    s.on('data', (d) => got.push(d));
    s.on('error', () => undefined);
    s.on('close', () => {
      closed = true;
      resolve({ reply: Buffer.concat(got), closed });
    });
    s.on('connect', () => chunks.forEach((c) => s.write(c)));
    setTimeout(() => {
      s.destroy();
      resolve({ reply: Buffer.concat(got), closed });
    }, waitMs);
  });
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

async function stillServing(): Promise<void> {
  const c = await t.client();
  expect((await c.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
  expect((await healthy.query('SELECT count(*)::int AS n FROM r')).rows[0].n).toBeGreaterThanOrEqual(0);
}

describe('malformed protocol input', () => {
  it('random bytes: error or close, server keeps serving', async () => {
    const junk = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) & 0xff));
    const r = await raw(t.port, [junk]);
    expect(r.closed || r.reply.length > 0).toBe(true);
    await stillServing();
  });

  it('a length of 2^31 is refused', async () => {
    const r = await raw(t.port, [Buffer.concat([int32(0x7fffffff), int32(196608)])]);
    expect(r.closed).toBe(true);
    await stillServing();
  });

  it('a truncated message then a hang-up', async () => {
    const r = await raw(t.port, [Buffer.concat([int32(100), int32(196608), Buffer.from('user\0postg')])], 300);
    expect(r.reply.length).toBe(0);
    await stillServing();
  });

  it('bad SQL, bad parameters and huge values get SQLSTATEs on a live connection', async () => {
    const c = await t.client();
    expect(await sqlstate(c.query('SELECT * FROM'))).toBe('42601');
    expect(await sqlstate(c.query('INSERT INTO r VALUES ($1, $2)', ['not a number', 'x']))).toBe('22P02');
    expect(await sqlstate(c.query('SELECT $1::int', ['99999999999']))).toBe('22003');
    await c.query('INSERT INTO r VALUES (1, $1)', ['x'.repeat(5_000_000)]);
    expect((await c.query('SELECT length(v) AS n FROM r WHERE id = 1')).rows).toEqual([{ n: 5_000_000 }]);
    expect((await c.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    await stillServing();
  });

  it('a client that dies mid-transaction leaves nothing behind', async () => {
    const c = await t.client();
    await c.query('BEGIN');
    await c.query("INSERT INTO r VALUES (99, 'ghost')");
    c.on('error', () => undefined); // we are about to kill its socket
    (c as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await healthy.query('SELECT * FROM r WHERE id = 99')).rows).toEqual([]);
  });
});

describe('CancelRequest', () => {
  it('cancels a running statement with 57014, and the connection goes on', async () => {
    const sql = postgres({ host: '127.0.0.1', port: t.port, username: SUPERUSER, password: PASSWORD, database: 'postgres', max: 1 });
    try {
      const q = sql`SELECT pg_sleep(5)`;
      const started = Date.now();
      setTimeout(() => void q.cancel(), 300);
      const err = await q.then(() => null, (e: { code?: string }) => e);
      expect(err?.code).toBe('57014');
      expect(Date.now() - started).toBeLessThan(3000);
      expect([...(await sql`SELECT 3 AS three`)]).toEqual([{ three: 3 }]);
    } finally {
      await sql.end();
    }
  });
});
