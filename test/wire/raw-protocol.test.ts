/** Exact message sequences over a raw socket, including the ones a well-behaved driver never sends. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frame, RawClient, serialize, startupPacket, startupParams } from './raw-client.js';
import { startServer, type Fixture } from './server-fixture.js';
import pg from 'pg';

let f: Fixture;
beforeAll(async () => {
  f = await startServer();
});
afterAll(async () => {
  await f.close();
});

/** The server still serves a fresh client properly. */
async function stillServing(): Promise<void> {
  const c = new pg.Client({ host: '127.0.0.1', port: f.port, user: 'trust_user', database: 'db' });
  await c.connect();
  expect((await c.query('select 5')).rows).toEqual([{ '?column?': 5 }]);
  await c.end();
}

function errorOf(c: RawClient): { code: string; severity: string; message: string } {
  const e = c.messages.find((m) => m.name === 'error') as unknown as { code: string; severity: string; message: string };
  expect(e).toBeDefined();
  return e;
}

describe('startup', () => {
  it('SSLRequest is answered with a single N, then startup proceeds on the same socket', async () => {
    const c = (await RawClient.connect(f.port)).rawOnly();
    c.send(serialize.requestSsl());
    await c.until(() => c.raw.length >= 1);
    expect(c.raw).toEqual(Buffer.from('N'));
    c.parseFromNowOn();
    c.send(serialize.startup({ user: 'trust_user', database: 'db' }));
    await c.readyCount(1);
    expect(c.names()).toEqual([
      'authenticationOk',
      ...Array(11).fill('parameterStatus'),
      'backendKeyData',
      'readyForQuery',
    ]);
    c.send(serialize.query('select 1'));
    await c.readyCount(2);
    expect(c.after(1).map((m) => m.name)).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
    c.end();
  });

  it('GSSENCRequest then SSLRequest are both refused with N', async () => {
    const c = (await RawClient.connect(f.port)).rawOnly();
    c.send(startupPacket(80877104));
    await c.until(() => c.raw.length >= 1);
    c.send(serialize.requestSsl());
    await c.until(() => c.raw.length >= 2);
    expect(c.raw.toString()).toBe('NN');
    c.parseFromNowOn();
    c.send(serialize.startup({ user: 'trust_user' }));
    await c.readyCount(1);
    c.end();
  });

  it('data pipelined after SSLRequest is refused (CVE-2021-23214), as PostgreSQL does', async () => {
    const c = (await RawClient.connect(f.port)).rawOnly();
    c.send(Buffer.concat([serialize.requestSsl(), serialize.startup({ user: 'trust_user' })]));
    await c.closed;
    expect(c.raw[0]).toBe(0x4e);
    expect(c.raw.subarray(1).toString('latin1')).toContain('received unencrypted data after SSL request');
  });

  it('minor version 3.1 and _pq_ options get NegotiateProtocolVersion, then login continues', async () => {
    const c = await RawClient.connect(f.port);
    c.send(startupPacket(0x00030001, startupParams({ user: 'trust_user', '_pq_.foo': 'bar', '_pq_.baz': '1' })));
    await c.until(() => c.raw.length > 0 && c.raw.includes(0x5a));
    // pg-protocol does not know 'v'; read it by hand: v, len, newest minor 0, 2 options.
    expect(c.raw[0]).toBe(0x76);
    const len = c.raw.readInt32BE(1);
    const v = c.raw.subarray(5, 1 + len);
    expect(v.readInt32BE(0)).toBe(0);
    expect(v.readInt32BE(4)).toBe(2);
    expect(v.subarray(8).toString()).toBe('_pq_.foo\0_pq_.baz\0');
    expect(c.raw[1 + len]).toBe(0x52); // AuthenticationOk follows
    c.end();
  });

  it('an unsupported major version is FATAL 0A000 (PostgreSQL\'s code)', async () => {
    const c = await RawClient.connect(f.port);
    c.send(startupPacket(0x00040000, startupParams({ user: 'trust_user' })));
    await c.closed;
    const e = errorOf(c);
    expect(e).toMatchObject({ severity: 'FATAL', code: '0A000', message: 'unsupported frontend protocol 4.0: server supports 3.0 to 3.0' });
  });

  it('a startup packet without user is FATAL 28000', async () => {
    const c = await RawClient.connect(f.port);
    c.send(serialize.startup({ database: 'db' }));
    await c.closed;
    expect(errorOf(c)).toMatchObject({ severity: 'FATAL', code: '28000', message: 'no PostgreSQL user name specified in startup packet' });
  });

  it('a startup packet over 10000 bytes is refused', async () => {
    const c = await RawClient.connect(f.port);
    c.send(Buffer.from([0, 0, 0x27, 0x11, 0, 3, 0, 0]));
    await c.closed;
    expect(errorOf(c)).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'invalid length of startup packet' });
    await stillServing();
  });

  it('SCRAM with a p= (channel binding) header is refused', async () => {
    const c = await RawClient.connect(f.port);
    c.send(serialize.startup({ user: 'scram_user' }));
    await c.until(() => c.names().includes('authenticationSASL'));
    c.send(serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256', 'p=tls-server-end-point,,n=,r=abcdefgh'));
    await c.closed;
    expect(errorOf(c)).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'malformed SCRAM message' });
  });

  it('SASL with another mechanism is refused', async () => {
    const c = await RawClient.connect(f.port);
    c.send(serialize.startup({ user: 'scram_user' }));
    await c.until(() => c.names().includes('authenticationSASL'));
    const sasl = c.messages.find((m) => m.name === 'authenticationSASL') as unknown as { mechanisms: string[] };
    expect(sasl.mechanisms).toEqual(['SCRAM-SHA-256']);
    c.send(serialize.sendSASLInitialResponseMessage('SCRAM-SHA-256-PLUS', 'p=tls-server-end-point,,n=,r=abcdefgh'));
    await c.closed;
    expect(errorOf(c)).toMatchObject({ code: '08P01', message: 'client selected an invalid SASL authentication mechanism' });
  });

  it('a query during authentication is a protocol violation', async () => {
    const c = await RawClient.connect(f.port);
    c.send(serialize.startup({ user: 'md5_user' }));
    await c.until(() => c.names().includes('authenticationMD5Password'));
    c.send(serialize.query('select 1'));
    await c.closed;
    expect(errorOf(c)).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'expected password response, got message type 81' });
  });

  it('a client that leaves mid-authentication leaves nothing behind', async () => {
    const c = await RawClient.connect(f.port);
    c.send(serialize.startup({ user: 'scram_user' }));
    await c.until(() => c.names().includes('authenticationSASL'));
    c.end();
    await stillServing();
  });
});

describe('extended protocol', () => {
  it('Parse/Describe statement/Bind/Execute/Sync answers in order', async () => {
    const c = await RawClient.login(f.port);
    c.send(
      serialize.parse({ name: 's1', text: 'select $1', types: [0] }),
      serialize.describe({ type: 'S', name: 's1' }),
      serialize.bind({ statement: 's1', values: ['v'] }),
      serialize.describe({ type: 'P', name: '' }),
      serialize.execute({ portal: '' }),
      serialize.sync(),
    );
    await c.readyCount(2);
    expect(c.after(1).map((m) => m.name)).toEqual([
      'parseComplete',
      'parameterDescription',
      'rowDescription',
      'bindComplete',
      'rowDescription',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    const pd = c.after(1)[1] as unknown as { dataTypeIDs: number[] };
    expect(pd.dataTypeIDs).toEqual([25]);
    c.end();
  });

  it('Describe of a statement without results sends NoData; Close sends CloseComplete', async () => {
    const c = await RawClient.login(f.port);
    c.send(
      serialize.parse({ name: 'b', text: 'begin' }),
      serialize.describe({ type: 'S', name: 'b' }),
      serialize.close({ type: 'S', name: 'b' }),
      serialize.close({ type: 'P', name: 'nope' }),
      serialize.sync(),
    );
    await c.readyCount(2);
    expect(c.after(1).map((m) => m.name)).toEqual([
      'parseComplete',
      'parameterDescription',
      'noData',
      'closeComplete',
      'closeComplete',
      'readyForQuery',
    ]);
    c.end();
  });

  it('after an error every message up to Sync is discarded', async () => {
    const c = await RawClient.login(f.port);
    c.send(
      serialize.parse({ text: 'not sql' }),
      serialize.bind({}),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.query('select 1'), // also ignored while skipping, as PostgreSQL does
      serialize.flush(),
      serialize.sync(),
      serialize.parse({ text: 'select 9' }),
      serialize.bind({}),
      serialize.execute({}),
      serialize.sync(),
    );
    await c.readyCount(3);
    expect(c.after(1).map((m) => m.name)).toEqual([
      'error',
      'readyForQuery',
      'parseComplete',
      'bindComplete',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    c.end();
  });

  it('an engine exception during Execute is XX000, then skip to Sync', async () => {
    const c = await RawClient.login(f.port);
    c.send(serialize.parse({ text: 'boom' }), serialize.bind({}), serialize.execute({}), serialize.execute({}), serialize.sync());
    await c.readyCount(2);
    expect(c.after(1).map((m) => m.name)).toEqual(['parseComplete', 'bindComplete', 'error', 'readyForQuery']);
    expect(c.after(1)[2]).toMatchObject({ severity: 'ERROR', code: 'XX000' });
    c.send(serialize.query('select 1'));
    await c.readyCount(3);
    c.end();
  });

  it('Execute with a row limit suspends the portal; Execute never sends RowDescription', async () => {
    const c = await RawClient.login(f.port);
    c.send(
      serialize.parse({ name: 'g', text: 'generate 5' }),
      serialize.bind({ portal: 'cur', statement: 'g' }),
      serialize.execute({ portal: 'cur', rows: 2 }),
      serialize.execute({ portal: 'cur', rows: 2 }),
      serialize.execute({ portal: 'cur', rows: 2 }),
      serialize.sync(),
    );
    await c.readyCount(2);
    expect(c.after(1).map((m) => m.name)).toEqual([
      'parseComplete',
      'bindComplete',
      'dataRow',
      'dataRow',
      'portalSuspended',
      'dataRow',
      'dataRow',
      'portalSuspended',
      'dataRow',
      'commandComplete',
      'readyForQuery',
    ]);
    c.end();
  });

  it('Flush sends what is buffered without waiting for Sync (postgres.js pattern)', async () => {
    const c = await RawClient.login(f.port);
    c.send(serialize.parse({ name: 'q', text: 'select $1, $2', types: [23, 0] }), serialize.describe({ type: 'S', name: 'q' }), serialize.flush());
    await c.until(() => c.after(1).length === 3);
    expect(c.after(1).map((m) => m.name)).toEqual(['parseComplete', 'parameterDescription', 'rowDescription']);
    expect((c.after(1)[1] as unknown as { dataTypeIDs: number[] }).dataTypeIDs).toEqual([23, 25]);
    c.send(serialize.bind({ statement: 'q', values: ['1', 'x'] }), serialize.execute({}), serialize.sync());
    await c.readyCount(2);
    expect(c.after(1).slice(3).map((m) => m.name)).toEqual(['bindComplete', 'dataRow', 'commandComplete', 'readyForQuery']);
    c.end();
  });

  it('without Sync or Flush nothing is sent', async () => {
    const c = await RawClient.login(f.port);
    const before = c.messages.length;
    c.send(serialize.parse({ text: 'select 1' }), serialize.bind({}), serialize.execute({}));
    await new Promise((r) => setTimeout(r, 100));
    expect(c.messages.length).toBe(before);
    c.send(serialize.sync());
    await c.readyCount(2);
    c.end();
  });

  it('binary result formats reach the client as bytes', async () => {
    const c = await RawClient.login(f.port);
    c.send(
      serialize.parse({ text: 'generate 1' }),
      serialize.bind({ binary: true }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    );
    await c.readyCount(2);
    const rd = c.after(1).find((m) => m.name === 'rowDescription') as unknown as { fields: { format: string }[] };
    expect(rd.fields.map((x) => x.format)).toEqual(['binary', 'binary']);
    c.end();
  });

  it('invalid UTF-8 in Parse is 22021, then skip to Sync, connection alive', async () => {
    const c = await RawClient.login(f.port);
    const body = Buffer.concat([Buffer.from([0]), Buffer.from([0x41, 0xff, 0]), Buffer.from([0, 0])]);
    c.send(frame('P', body), serialize.bind({}), serialize.execute({}), serialize.sync(), serialize.query('select 4'));
    await c.readyCount(3);
    const e = c.after(1)[0] as unknown as { code: string; message: string; severity: string };
    expect(e).toMatchObject({ severity: 'ERROR', code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0xff' });
    expect(c.after(1).map((m) => m.name)).toEqual(['error', 'readyForQuery', 'rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
    c.end();
  });

  it('a Query with bytes after its terminator is ERROR 08P01 and the connection goes on (as PostgreSQL)', async () => {
    const c = await RawClient.login(f.port);
    c.send(frame('Q', Buffer.from('A\0A\0')), serialize.query('select 6'));
    await c.readyCount(3);
    expect(c.after(1)[0]).toMatchObject({ code: '08P01', message: 'invalid message format', severity: 'ERROR' });
    c.end();
  });
});

describe('hostile input', () => {
  it('random bytes at startup: error or close, and the server keeps serving', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const c = await RawClient.connect(f.port);
      const bytes = Buffer.alloc(64);
      let x = seed * 2654435761;
      for (let i = 0; i < bytes.length; i++) {
        x = (x * 1103515245 + 12345) >>> 0;
        bytes[i] = x >>> 24;
      }
      c.send(bytes);
      await Promise.race([c.closed, new Promise((r) => setTimeout(r, 100))]);
      c.end();
    }
    await stillServing();
  });

  it('random bytes after login: FATAL 08P01 and close', async () => {
    const c = await RawClient.login(f.port);
    c.send(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]));
    await c.closed;
    expect(c.after(1)[0]).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'invalid frontend message type 1' });
    await stillServing();
  });

  it('a length of 2^31 is refused at once, without waiting for the body', async () => {
    const c = await RawClient.login(f.port);
    c.send(Buffer.from([0x51, 0x80, 0, 0, 0]));
    await c.closed;
    expect(c.after(1)[0]).toMatchObject({ severity: 'FATAL', code: '08P01', message: 'invalid message length' });
    await stillServing();
  });

  it('a length below 4 is refused', async () => {
    const c = await RawClient.login(f.port);
    c.send(Buffer.from([0x51, 0, 0, 0, 2]));
    await c.closed;
    expect(c.after(1)[0]).toMatchObject({ code: '08P01', message: 'invalid message length' });
  });

  it('a Sync longer than PostgreSQL\'s small-message limit is refused', async () => {
    const c = await RawClient.login(f.port);
    c.send(Buffer.from([0x53, 0, 1, 0, 0]));
    await c.closed;
    expect(c.after(1)[0]).toMatchObject({ code: '08P01', message: 'invalid message length' });
  });

  it('a truncated message then a hang-up: nothing breaks', async () => {
    const c = await RawClient.login(f.port);
    const q = serialize.query('select 1');
    c.send(q.subarray(0, q.length - 3));
    await new Promise((r) => setTimeout(r, 50));
    expect(c.after(1)).toEqual([]);
    c.end();
    await stillServing();
  });

  it('a query split across many TCP packets is answered once complete', async () => {
    const c = await RawClient.login(f.port);
    const q = serialize.query("select 'split'");
    for (const b of q) {
      c.send(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    await c.readyCount(2);
    expect((c.after(1)[1] as unknown as { fields: string[] }).fields).toEqual(['split']);
    c.end();
  });

  it('a FATAL from the engine closes only that connection', async () => {
    const c = await RawClient.login(f.port);
    c.send(serialize.query('fatal'));
    await c.closed;
    expect(c.after(1)[0]).toMatchObject({ severity: 'FATAL', code: '57P01' });
    await stillServing();
  });

  it('a client that hangs up mid-statement: the session is closed once the statement ends', async () => {
    // Like PostgreSQL, a FIN alone does not cancel the running statement (the client may be
    // half-closed and waiting for its answer); the session goes when the statement is done.
    const c = await RawClient.login(f.port);
    const session = f.engine.sessions.at(-1)!;
    c.send(serialize.query('sleep 200'));
    await new Promise((r) => setTimeout(r, 50));
    c.end();
    await waitFor(() => session.closed);
    await stillServing();
  });

  it('a half-closed client still gets its answer', async () => {
    const c = await RawClient.login(f.port);
    c.send(serialize.query('select 8'));
    c.socket.end();
    await c.closed;
    expect(c.after(1).map((m) => m.name)).toEqual(['rowDescription', 'dataRow', 'commandComplete', 'readyForQuery']);
  });

  it('a slow reader holds the producer back (backpressure)', async () => {
    const c = await RawClient.login(f.port);
    const session = f.engine.sessions.at(-1)!;
    c.socket.pause();
    c.send(serialize.query('wide 20000')); // ~20 MB
    await new Promise((r) => setTimeout(r, 300));
    const producedWhilePaused = session.rowsProduced;
    expect(producedWhilePaused).toBeLessThan(10000);
    c.socket.resume();
    await c.readyCount(2);
    expect(c.after(1).filter((m) => m.name === 'dataRow').length).toBe(20000);
    c.end();
  });
});

async function waitFor(pred: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
