/**
 * The wire's limits on what one client can make the server hold: the largest message, the buffer
 * a declared-but-unsent length may claim, and the server-wide connection slots.
 */
import { serialize } from 'pg-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionSlots } from '../../src/wire/connection-slots.js';
import { FrontendParser } from '../../src/wire/frontend-parser.js';
import { LARGE_MESSAGE_LIMIT } from '../../src/wire/message-codes.js';
import { RawClient } from './raw-client.js';
import { startServer, type Fixture } from './server-fixture.js';

let fx: Fixture | null = null;
afterEach(async () => {
  await fx?.close();
  fx = null;
});

function queryHeader(declaredLength: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = 0x51;
  b.writeInt32BE(declaredLength, 1);
  return b;
}

describe('maximum message size', () => {
  it('a Query longer than --max-message-size is refused at its header with FATAL 08P01, and others go on', async () => {
    fx = await startServer({ maxMessageSize: 1024 * 1024 });
    const c = await RawClient.login(fx.port);
    // Only the header and a little of the body: the server must not wait for (or buffer) the rest.
    c.send(queryHeader(64 * 1024 * 1024), Buffer.from('select 1'));
    await c.closed;
    const error = c.messages.find((m) => m.name === 'error') as unknown as { code: string; message: string; severity: string };
    expect(error).toMatchObject({ code: '08P01', message: 'invalid message length', severity: 'FATAL' });

    const ok = await RawClient.login(fx.port);
    const sql = `select '${'x'.repeat(1024 * 1024 - 64)}'`; // just under the bound
    ok.send(serialize.query(sql));
    await ok.readyCount(2);
    expect(ok.after(1).map((m) => m.name)).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
    ok.end();
  });

  it('a declared length costs only the bytes actually sent, not what it claims (up to PostgreSQL\'s 1 GiB)', () => {
    const parsers: FrontendParser[] = [];
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 8; i++) {
      const p = new FrontendParser();
      p.parse(serialize.startup({ user: 'u' }), () => undefined);
      p.parse(Buffer.concat([queryHeader(LARGE_MESSAGE_LIMIT), Buffer.alloc(100, 0x61)]), () => undefined);
      p.parse(Buffer.alloc(50_000, 0x61), () => undefined); // a partial tail: now held in our own buffer
      expect(p.pendingBytes).toBe(50_105);
      parsers.push(p);
    }
    // Eight parsers each claiming ~1 GiB used to allocate it at once; now ~100 KiB each.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    expect(parsers).toHaveLength(8);
  });
});

describe('connection slots (max_connections, superuser_reserved_connections)', () => {
  it('refuses with FATAL 53300 past the limit, keeps reserved slots for superusers, and frees slots on close', async () => {
    fx = await startServer({ slots: new ConnectionSlots(4, 1) });
    // The echo engine's users are not superusers: they may take 4 - 1 = 3 slots.
    const ordinary = [await RawClient.login(fx.port), await RawClient.login(fx.port), await RawClient.login(fx.port)];
    const refused = await RawClient.connect(fx.port);
    refused.send(serialize.startup({ user: 'trust_user', database: 'db' }));
    await refused.closed;
    expect(refused.messages.find((m) => m.name === 'error')).toMatchObject({
      code: '53300',
      severity: 'FATAL',
      message: 'remaining connection slots are reserved for non-replication superuser connections',
    });
    ordinary[0]!.end();
    await ordinary[0]!.closed;
    await new Promise((r) => setTimeout(r, 50));
    const again = await RawClient.login(fx.port);
    expect(again.readyForQuerySeen).toBe(1);
    again.end();
    for (const c of ordinary.slice(1)) c.end();
  });

  it('counts slots from the StartupMessage: the (max+1)-th client gets "sorry, too many clients already"', () => {
    const slots = new ConnectionSlots(2, 0);
    slots.acquire();
    slots.acquire();
    expect(() => slots.acquire()).toThrow('sorry, too many clients already');
    slots.release();
    expect(() => slots.acquire()).not.toThrow();
    expect(slots.inUse).toBe(2);
  });

  it('a superuser may use the reserved slots', () => {
    const slots = new ConnectionSlots(3, 2);
    slots.acquire();
    expect(() => slots.checkReserved(false)).not.toThrow(); // 2 free
    slots.acquire();
    expect(() => slots.checkReserved(false)).toThrow(/reserved for non-replication superuser/);
    expect(() => slots.checkReserved(true)).not.toThrow();
  });
});
