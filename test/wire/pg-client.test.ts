/** The real node-postgres client against the real wire, with an echo engine behind it. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDS } from './echo-engine.js';
import { startServer, type Fixture } from './server-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startServer();
});
afterAll(async () => {
  await f.close();
});

function client(user: string, password?: string, database = 'db'): pg.Client {
  return new pg.Client({ host: '127.0.0.1', port: f.port, user, password, database });
}

async function expectLoginFailure(user: string, password: string): Promise<void> {
  const c = client(user, password);
  c.on('error', () => undefined);
  const err = (await c.connect().then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; message?: string; severity?: string } | null;
  expect(err).not.toBeNull();
  expect(err!.code).toBe('28P01');
  expect(err!.severity).toBe('FATAL');
  expect(err!.message).toBe(`password authentication failed for user "${user}"`);
}

describe('authentication with pg', () => {
  it.each([
    ['scram_user', PASSWORDS.scram_user],
    ['md5_user', PASSWORDS.md5_user],
    ['clear_user', PASSWORDS.clear_user],
    ['trust_user', undefined],
  ])('%s logs in and queries', async (user, password) => {
    const c = client(user, password);
    await c.connect();
    const r = await c.query('select 42');
    expect(r.rows).toEqual([{ '?column?': 42 }]);
    expect(r.command).toBe('SELECT');
    expect(c.processID).toBeGreaterThan(0);
    await c.end();
  });

  it.each([
    ['scram_user', 'wrong'],
    ['md5_user', 'wrong'],
    ['clear_user', 'wrong'],
    ['clear_user', ''],
    ['nobody', 'whatever'],
  ])('%s with a bad password gets FATAL 28P01', async (user, password) => {
    await expectLoginFailure(user, password);
  });

  it('reports ParameterStatus and BackendKeyData', async () => {
    const c = client('scram_user', PASSWORDS.scram_user);
    await c.connect();
    expect(c.processID).toBeGreaterThan(0);
    expect(typeof c.secretKey).toBe('number');
    expect(f.registry.size).toBeGreaterThan(0);
    await c.end();
  });

  it('a database the engine refuses is FATAL after AuthenticationOk', async () => {
    const c = client('trust_user', undefined, 'nodb');
    c.on('error', () => undefined);
    const err = (await c.connect().then(() => null, (e: unknown) => e)) as { code?: string; severity?: string };
    expect(err.code).toBe('3D000');
    expect(err.severity).toBe('FATAL');
  });

  it('an engine that throws while opening a session gives FATAL XX000, not a crash', async () => {
    const c = client('broken_user');
    c.on('error', () => undefined);
    const err = (await c.connect().then(() => null, (e: unknown) => e)) as { code?: string; severity?: string };
    expect(err.code).toBe('XX000');
    expect(err.severity).toBe('FATAL');
    const ok = client('trust_user');
    await ok.connect();
    expect((await ok.query('select 1')).rows).toEqual([{ '?column?': 1 }]);
    await ok.end();
  });
});

describe('queries with pg', () => {
  it('runs simple queries, errors keep the connection usable', async () => {
    const c = client('trust_user');
    await c.connect();
    await expect(c.query('nonsense')).rejects.toMatchObject({ code: '42601', position: '1' });
    expect((await c.query("select 'after'")).rows).toEqual([{ '?column?': 'after' }]);
    const empty = await c.query('');
    expect(empty.rows).toEqual([]);
    await c.end();
  });

  it('an engine exception becomes XX000 and the connection survives', async () => {
    const c = client('trust_user');
    await c.connect();
    const before = f.internalErrors.length;
    await expect(c.query('boom')).rejects.toMatchObject({ code: 'XX000' });
    expect(f.internalErrors.length).toBe(before + 1);
    expect((await c.query('select 7')).rows).toEqual([{ '?column?': 7 }]);
    await c.end();
  });

  it('transaction status travels in ReadyForQuery', async () => {
    const c = client('trust_user');
    await c.connect();
    await c.query('begin');
    await expect(c.query('error')).rejects.toMatchObject({ code: '42601' });
    await expect(c.query('select 1')).rejects.toMatchObject({ code: '25P02' });
    await c.query('rollback');
    expect((await c.query('select 2')).rows).toEqual([{ '?column?': 2 }]);
    await c.end();
  });

  it('extended query with a named statement, parsed once and executed twice', async () => {
    const c = client('scram_user', PASSWORDS.scram_user);
    await c.connect();
    const a = await c.query({ name: 'echo2', text: 'select $1, $2', values: ['a', null] });
    const b = await c.query({ name: 'echo2', text: 'select $1, $2', values: ['héllo ✓', 'x'] });
    expect(a.rows).toEqual([{ echo1: 'a', echo2: null }]);
    expect(b.rows).toEqual([{ echo1: 'héllo ✓', echo2: 'x' }]);
    const many = await c.query({ text: 'generate 1000', values: [] });
    expect(many.rowCount).toBe(1000);
    expect(many.rows[999]).toEqual({ i: 1000, label: 'row-1000' });
    await c.end();
  });

  it('an error in the extended protocol is reported once, and the next query works', async () => {
    const c = client('trust_user');
    await c.connect();
    await expect(c.query({ text: 'execute_error', values: [] })).rejects.toMatchObject({ code: '22012' });
    await expect(c.query({ text: 'parse me not', values: [] })).rejects.toMatchObject({ code: '42601' });
    expect((await c.query({ text: 'select $1', values: ['ok'] })).rows).toEqual([{ echo1: 'ok' }]);
    await c.end();
  });

  it('streams a large result', async () => {
    const c = client('trust_user');
    await c.connect();
    const r = await c.query('generate 100000');
    expect(r.rowCount).toBe(100000);
    expect(r.rows[54321]).toEqual({ i: 54322, label: 'row-54322' });
    await c.end();
  });

  it('notices and ParameterStatus reach the client', async () => {
    const c = client('trust_user');
    await c.connect();
    const notices: string[] = [];
    c.on('notice', (n) => notices.push(n.message ?? ''));
    await c.query('notice');
    expect(notices).toEqual(['hello from the engine']);
    const statuses: string[] = [];
    (c as unknown as { connection: NodeJS.EventEmitter }).connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) =>
      statuses.push(`${m.parameterName}=${m.parameterValue}`),
    );
    await c.query('set application_name = myapp');
    expect(statuses).toEqual(['application_name=myapp']);
    await c.end();
  });

  it('CancelRequest from another socket cancels a running statement', async () => {
    const c = client('trust_user');
    await c.connect();
    // Settled into a value at once: the rejection can arrive while the canceller is still closing.
    const running = c.query('sleep 5000').then(() => 'finished', (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const { RawClient, serialize } = await import('./raw-client.js');
    const canceller = await RawClient.connect(f.port);
    canceller.send(serialize.cancel(c.processID!, c.secretKey!));
    await canceller.closed;
    expect(canceller.raw.length).toBe(0);
    expect(await running).toMatchObject({ code: '57014' });
    expect((await c.query('select 3')).rows).toEqual([{ '?column?': 3 }]);
    await c.end();
  });

  it('a wrong secret cancels nothing', async () => {
    const c = client('trust_user');
    await c.connect();
    const running = c.query('sleep 300');
    const { RawClient, serialize } = await import('./raw-client.js');
    const canceller = await RawClient.connect(f.port);
    canceller.send(serialize.cancel(c.processID!, (c.secretKey! + 1) | 0));
    await canceller.closed;
    await expect(running).resolves.toMatchObject({ command: 'SLEEP' });
    await c.end();
  });

  it('Terminate closes the session and unregisters it', async () => {
    const c = client('trust_user');
    await c.connect();
    const session = f.engine.sessions.at(-1)!;
    const before = f.registry.size;
    await c.end();
    await new Promise((r) => setTimeout(r, 50));
    expect(session.closed).toBe(true);
    expect(f.registry.size).toBe(before - 1);
  });

  it('many clients at once', async () => {
    const clients = Array.from({ length: 20 }, (_, i) => client(i % 2 ? 'scram_user' : 'md5_user', i % 2 ? PASSWORDS.scram_user : PASSWORDS.md5_user));
    await Promise.all(clients.map((c) => c.connect()));
    const results = await Promise.all(clients.map((c, i) => c.query(`select ${i}`)));
    results.forEach((r, i) => expect(r.rows).toEqual([{ '?column?': i }]));
    await Promise.all(clients.map((c) => c.end()));
  });
});
