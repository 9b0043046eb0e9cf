/**
 * TLS on real sockets: node-postgres verifying the server against a throwaway CA, SCRAM with and
 * without channel binding, what pg_stat_ssl and SHOW ssl say, the refusals (plaintext after an
 * SSLRequest, a binding of the wrong certificate, -PLUS over plaintext, --tls-required), and
 * broken handshakes that must leave the server serving everyone else.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error node-postgres' SCRAM client has no type declarations
import sasl from 'pg/lib/crypto/sasl.js';
import { startServer } from '../../src/server/server.js';
import { makeTestCertificates } from '../support/tls-certs.js';
import { withTlsServer } from '../support/tls-server.js';
import { RawClient, serialize } from '../wire/raw-client.js';
import { PASSWORD, startTestServer, sqlstate, SUPERUSER } from './harness.js';

const certs = makeTestCertificates();
const ca = readFileSync(certs.caFile);
afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));

function client(port: number, ssl: pg.ClientConfig['ssl'], extra: Partial<pg.ClientConfig> = {}): pg.Client {
  return new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, password: PASSWORD, database: 'postgres', ssl, ...extra });
}

async function connected(port: number, ssl: pg.ClientConfig['ssl'], extra: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  const c = client(port, ssl, extra);
  await c.connect();
  return c;
}

const OWN_SSL_ROW = 'select ssl, version, cipher, bits, client_dn from pg_stat_ssl where pid = pg_backend_pid()';

type ErrorFields = { code: string; message: string; severity: string };

function errorOf(c: RawClient): ErrorFields {
  const e = c.messages.find((m) => m.name === 'error') as unknown as ErrorFields | undefined;
  if (!e) throw new Error(`no ErrorResponse; got ${c.names().join(',')}`);
  return e;
}

function mechanismsOf(c: RawClient): string[] {
  const m = c.messages.find((x) => x.name === 'authenticationSASL') as unknown as { mechanisms: string[] } | undefined;
  if (!m) throw new Error(`no AuthenticationSASL; got ${c.names().join(',')}`);
  return m.mechanisms;
}

describe('with --tls-cert and --tls-key', () => {
  const server = withTlsServer(certs);

  it('node-postgres verifies the certificate against the CA and runs over TLS; pg_stat_ssl and SHOW ssl say so', async () => {
    const c = await connected(server.t.port, { ca, rejectUnauthorized: true });
    try {
      expect((await c.query('show ssl')).rows).toEqual([{ ssl: 'on' }]);
      const [row] = (await c.query(OWN_SSL_ROW)).rows;
      expect(row).toMatchObject({ ssl: true, version: expect.stringMatching(/^TLSv1\.[23]$/), client_dn: null });
      expect(row.cipher).toMatch(/AES|CHACHA/);
      expect([128, 256]).toContain(row.bits);
    } finally {
      await c.end();
    }
  });

  it('a client that does not trust the CA refuses the server', async () => {
    const other = makeTestCertificates(join(certs.dir, 'other'));
    const c = client(server.t.port, { ca: readFileSync(other.caFile), rejectUnauthorized: true });
    await expect(c.connect()).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('plaintext still works on the same server: ssl false in pg_stat_ssl, which a superuser sees for every session', async () => {
    const secure = await connected(server.t.port, { ca });
    const plain = await connected(server.t.port, false);
    try {
      expect((await plain.query(OWN_SSL_ROW)).rows).toEqual([{ ssl: false, version: null, cipher: null, bits: null, client_dn: null }]);
      expect((await plain.query('show ssl')).rows).toEqual([{ ssl: 'on' }]); // the server's setting, as in PostgreSQL
      const pids = [(await secure.query('select pg_backend_pid() p')).rows[0].p, (await plain.query('select pg_backend_pid() p')).rows[0].p];
      const rows = (await plain.query('select pid, ssl from pg_stat_ssl where pid = any($1) order by ssl', [pids])).rows;
      expect(rows).toEqual([{ pid: pids[1], ssl: false }, { pid: pids[0], ssl: true }]);
    } finally {
      await Promise.all([secure.end(), plain.end()]);
    }
  });

  it('SCRAM-SHA-256-PLUS is offered first over TLS, only SCRAM-SHA-256 in the clear', async () => {
    const secure = await RawClient.connectTls(server.t.port, ca);
    secure.send(serialize.startup({ user: SUPERUSER, database: 'postgres' }));
    await secure.until(() => secure.messages.length > 0);
    expect(mechanismsOf(secure)).toEqual(['SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256']);
    secure.end();
    const plain = await RawClient.connect(server.t.port);
    plain.send(serialize.startup({ user: SUPERUSER, database: 'postgres' }));
    await plain.until(() => plain.messages.length > 0);
    expect(mechanismsOf(plain)).toEqual(['SCRAM-SHA-256']);
    plain.end();
  });

  it('node-postgres with channel binding logs in over TLS (SCRAM-SHA-256-PLUS) and in the clear (y flag, nothing offered)', async () => {
    for (const ssl of [{ ca }, false] as const) {
      const c = await connected(server.t.port, ssl, { enableChannelBinding: true } as Partial<pg.ClientConfig>);
      expect((await c.query(OWN_SSL_ROW)).rows[0].ssl).toBe(ssl !== false);
      await c.end();
    }
  });

  /**
   * SCRAM-SHA-256-PLUS over TLS with node-postgres' own client code, binding to whatever
   * certificate `shown` is: the real one, or one a man in the middle would present.
   */
  async function scramPlus(shown: string): Promise<RawClient> {
    const c = await RawClient.connectTls(server.t.port, ca);
    const stream = { getPeerCertificate: () => ({ raw: new X509Certificate(readFileSync(shown)).raw }) };
    c.send(serialize.startup({ user: SUPERUSER, database: 'postgres' }));
    await c.until(() => c.messages.length > 0);
    const session = sasl.startSession(mechanismsOf(c), stream);
    expect(session.mechanism).toBe('SCRAM-SHA-256-PLUS');
    c.send(serialize.sendSASLInitialResponseMessage(session.mechanism, session.response));
    await c.until(() => c.messages.some((m) => m.name === 'authenticationSASLContinue'));
    const cont = c.messages.find((m) => m.name === 'authenticationSASLContinue') as unknown as { data: string };
    await sasl.continueSession(session, PASSWORD, cont.data, stream);
    c.send(serialize.sendSCRAMClientFinalMessage(session.response));
    return c;
  }

  it('a binding to another certificate (a man in the middle) is refused: FATAL 28000', async () => {
    const c = await scramPlus(certs.caFile);
    await c.closed;
    expect(errorOf(c)).toMatchObject({ code: '28000', severity: 'FATAL', message: 'SCRAM channel binding check failed' });
  });

  it('the same exchange binding to the real certificate logs in', async () => {
    const c = await scramPlus(certs.certFile);
    await c.readyCount(1);
    expect(c.names()).toContain('authenticationSASLFinal');
    c.end();
  });

  it.each([
    ['choosing SCRAM-SHA-256-PLUS', 'SCRAM-SHA-256-PLUS', 'client selected an invalid SASL authentication mechanism'],
    ['asking for binding (p=) under SCRAM-SHA-256', 'SCRAM-SHA-256', 'malformed SCRAM message'],
  ])('%s in the clear is refused (08P01)', async (_name, mechanism, message) => {
    const c = await RawClient.connect(server.t.port);
    c.send(serialize.startup({ user: SUPERUSER, database: 'postgres' }));
    await c.until(() => c.messages.length > 0);
    c.send(serialize.sendSASLInitialResponseMessage(mechanism, 'p=tls-server-end-point,,n=*,r=abcdef'));
    await c.closed;
    expect(errorOf(c)).toMatchObject({ code: '08P01', message });
  });

  it('plaintext in the same packet as the SSLRequest is refused (CVE-2021-23214): S, then FATAL 08P01 in the clear', async () => {
    const c = (await RawClient.connect(server.t.port)).rawOnly();
    c.send(Buffer.concat([serialize.requestSsl(), serialize.startup({ user: SUPERUSER, database: 'postgres' })]));
    await c.closed;
    expect(c.raw[0]).toBe(0x53);
    expect(c.raw.subarray(1).toString('latin1')).toContain('received unencrypted data after SSL request');
    expect(c.raw.subarray(1).toString('latin1')).toContain('08P01');
  });

  it('a half-sent packet after the SSLRequest is refused too', async () => {
    const c = (await RawClient.connect(server.t.port)).rawOnly();
    c.send(Buffer.concat([serialize.requestSsl(), Buffer.from([0, 0, 0])]));
    await c.closed;
    expect(c.raw.subarray(1).toString('latin1')).toContain('received unencrypted data after SSL request');
  });

  it('broken and abandoned handshakes close only their own connection', async () => {
    const steady = await connected(server.t.port, { ca });
    const attempts = [
      // plaintext where the ClientHello should be
      async () => {
        const s = await sslRequested(server.t.port);
        s.write(serialize.startup({ user: SUPERUSER, database: 'postgres' }));
        await closed(s);
      },
      // gone right after the S
      async () => {
        const s = await sslRequested(server.t.port);
        s.destroy();
      },
      // a ClientHello, then gone mid-handshake
      async () => {
        const s = await sslRequested(server.t.port);
        const secure = tls.connect({ socket: s, ca, servername: 'localhost' });
        secure.on('error', () => undefined);
        secure.once('data', () => undefined);
        await new Promise((r) => setTimeout(r, 20));
        s.destroy();
      },
      // a client that refuses the server's certificate (its CA is unknown) and aborts
      async () => {
        const s = await sslRequested(server.t.port);
        const secure = tls.connect({ socket: s, servername: 'localhost', rejectUnauthorized: true });
        await new Promise((r) => secure.once('error', r));
        secure.destroy();
      },
    ];
    for (let round = 0; round < 5; round++) for (const attempt of attempts) await attempt();
    expect((await steady.query('select 41 + 1 as n')).rows).toEqual([{ n: 42 }]);
    const fresh = await connected(server.t.port, { ca });
    expect((await fresh.query(OWN_SSL_ROW)).rows[0].ssl).toBe(true);
    await Promise.all([steady.end(), fresh.end()]);
  });
});

async function sslRequested(port: number): Promise<net.Socket> {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => undefined);
  await new Promise((r) => s.once('connect', r));
  s.write(serialize.requestSsl());
  const answer = await new Promise<Buffer>((r) => s.once('data', r));
  expect(answer.toString('latin1')).toBe('S');
  return s;
}

function closed(s: net.Socket): Promise<void> {
  return new Promise((r) => (s.destroyed ? r() : s.once('close', () => r())));
}

describe('stopping', () => {
  it('a server stopping with TLS clients connected ends them and closes', async () => {
    const t = await startTestServer(undefined, { tlsCert: certs.certFile, tlsKey: certs.keyFile });
    const idle = await connected(t.port, { ca });
    const ended = new Promise<void>((resolve) => idle.once('end', () => resolve()));
    idle.on('error', () => undefined);
    const busy = await connected(t.port, { ca });
    busy.on('error', () => undefined);
    const running = busy.query('select pg_sleep(30)').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await t.stop();
    await ended;
    expect(await running).toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('--tls-required', () => {
  const server = withTlsServer(certs, { required: true });

  it('refuses a plaintext login with FATAL 28000 and a message saying TLS is required', async () => {
    const c = client(server.t.port, false);
    const error = await c.connect().then(() => null, (e: unknown) => e as { code: string; message: string; hint?: string });
    expect(error).toMatchObject({ code: '28000' });
    expect(error!.message).toMatch(/accepts only TLS connections \(host "127\.0\.0\.1", user "postgres", database "postgres", no encryption\)/);
    expect(error!.hint).toMatch(/sslmode=require/);
  });

  it('accepts the same login over TLS', async () => {
    const c = await connected(server.t.port, { ca });
    expect((await c.query(OWN_SSL_ROW)).rows[0].ssl).toBe(true);
    await c.end();
  });

  it('still takes a CancelRequest in the clear, as libpq sends it', async () => {
    const c = await connected(server.t.port, { ca });
    const running = c.query('select pg_sleep(30)');
    await new Promise((r) => setTimeout(r, 200));
    const key = c as unknown as { processID: number; secretKey: number };
    const canceller = await RawClient.connect(server.t.port);
    canceller.send(serialize.cancel(key.processID, key.secretKey));
    expect(await sqlstate(running)).toBe('57014');
    await c.end();
  });
});

describe('TLS configuration at start', () => {
  const base = { host: '127.0.0.1', port: 0, user: SUPERUSER, password: PASSWORD, logLevel: 'error' as const };
  const dataDir = join(certs.dir, 'data');

  it.each([
    ['--tls-required without a certificate', { tlsRequired: true }, /--tls-required needs --tls-cert and --tls-key/],
    ['a certificate without a key', { tlsCert: certs.certFile }, /TLS needs both --tls-cert and --tls-key/],
    ['a missing certificate file', { tlsCert: join(certs.dir, 'nope.pem'), tlsKey: certs.keyFile }, /could not read TLS certificate file .*nope\.pem/],
    ['a key that is not the certificate\'s', { tlsCert: certs.certFile, tlsKey: join(certs.dir, 'ca.key') }, /does not belong to the certificate/],
  ])('refuses to start with %s', async (_name, tlsOptions, message) => {
    await expect(startServer({ ...base, dataDir, ...tlsOptions })).rejects.toThrow(message);
  });

  it('refuses a certificate file that holds no certificate', async () => {
    const junk = join(certs.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    await expect(startServer({ ...base, dataDir, tlsCert: junk, tlsKey: certs.keyFile })).rejects.toThrow(/holds no PEM certificate/);
  });
});
