/**
 * A client that vanishes (a TCP reset: no FIN, so no 'end') while the server waits on it must not
 * leave its session behind — found by the protocol fuzz test: a session left waiting inside
 * COPY FROM STDIN stayed in pg_stat_activity for good.
 */
import type net from 'node:net';
import type pg from 'pg';
import { expect, it } from 'vitest';
import { withServerAndClient } from './harness.js';

const s = withServerAndClient();

function streamOf(c: pg.Client): net.Socket {
  return (c as unknown as { connection: { stream: net.Socket } }).connection.stream;
}

async function othersConnected(): Promise<number> {
  const r = await s.c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid()');
  return (r.rows[0] as { n: number }).n;
}

async function untilOthers(n: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms;
  let got = await othersConnected();
  while (got !== n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    got = await othersConnected();
  }
  return got;
}

it('a client reset in the middle of COPY FROM STDIN leaves no session behind', async () => {
  await s.c.query('CREATE TABLE copied (id INT PRIMARY KEY, v TEXT)');
  const gone = await s.t.client();
  gone.on('error', () => undefined);
  expect(await othersConnected()).toBe(1);
  // Straight onto the socket, past pg's own state machine: the server answers CopyInResponse and
  // waits for CopyData; one row arrives, then the connection is reset.
  const sql = 'COPY copied FROM STDIN\0';
  const q = Buffer.alloc(5 + Buffer.byteLength(sql));
  q[0] = 0x51;
  q.writeInt32BE(4 + Buffer.byteLength(sql), 1);
  q.write(sql, 5);
  const data = Buffer.from('1\tone\n');
  const d = Buffer.concat([Buffer.from([0x64, 0, 0, 0, 4 + data.length]), data]);
  streamOf(gone).write(Buffer.concat([q, d]));
  await new Promise((r) => setTimeout(r, 300));
  streamOf(gone).resetAndDestroy();
  expect(await untilOthers(0, 3000)).toBe(0);
  expect((await s.c.query('SELECT count(*)::int AS n FROM copied')).rows).toEqual([{ n: 0 }]);
});
