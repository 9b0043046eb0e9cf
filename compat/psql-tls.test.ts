/**
 * psql (libpq 15) over TLS: sslmode=require, verify-full against the test CA by host name and by
 * IP address, channel_binding=require (SCRAM-SHA-256-PLUS), and --tls-required refusing
 * sslmode=disable with its message while accepting sslmode=require.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { makeTestCertificates } from '../test/support/tls-certs.js';
import { withTlsServer } from '../test/support/tls-server.js';
import { runPsql } from './psql-runner.js';

const certs = makeTestCertificates();
afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));
const OWN_SSL = 'select ssl, version from pg_stat_ssl where pid = pg_backend_pid();\n';

function psql(port: number, conninfo: string, script = OWN_SSL) {
  return runPsql(`port=${port} user=${SUPERUSER} dbname=postgres ${conninfo}`, script, ['-At', '-v', 'ON_ERROR_STOP=1'], PASSWORD);
}

describe('psql with TLS configured', () => {
  const server = withTlsServer(certs);

  it.each([
    ['sslmode=require', 'host=127.0.0.1 sslmode=require'],
    ['sslmode=verify-full by host name', `host=localhost sslmode=verify-full sslrootcert=${certs.caFile}`],
    ['sslmode=verify-full by IP address', `host=127.0.0.1 sslmode=verify-full sslrootcert=${certs.caFile}`],
    ['channel_binding=require', `host=localhost sslmode=verify-full sslrootcert=${certs.caFile} channel_binding=require`],
    ['the default sslmode (prefer)', 'host=127.0.0.1'],
  ])('%s connects over TLS', async (_name, conninfo) => {
    const r = await psql(server.t.port, conninfo, `${OWN_SSL}show ssl;\n`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^t\|TLSv1\.[23]\non\n$/);
    expect(r.code).toBe(0);
  });

  it('sslmode=disable goes on in the clear', async () => {
    const r = await psql(server.t.port, 'host=127.0.0.1 sslmode=disable');
    expect(r.stdout).toBe('f|\n');
  });

  it('verify-full refuses a server its root certificate did not sign', async () => {
    const other = makeTestCertificates(join(certs.dir, 'other'));
    const r = await psql(server.t.port, `host=localhost sslmode=verify-full sslrootcert=${other.caFile}`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/certificate verify failed/);
  });

  it('verify-full refuses a host name the certificate does not carry', async () => {
    const r = await psql(server.t.port, `host=localhost.localdomain hostaddr=127.0.0.1 sslmode=verify-full sslrootcert=${certs.caFile}`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/does not match host name "localhost\.localdomain"/);
  });

  it('channel_binding=require in the clear fails: the server offers no binding there', async () => {
    const r = await psql(server.t.port, 'host=127.0.0.1 sslmode=disable channel_binding=require');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/channel binding/);
  });
});

describe('psql with --tls-required', () => {
  const server = withTlsServer(certs, { required: true });

  it('sslmode=disable is refused with a clear FATAL error', async () => {
    const r = await psql(server.t.port, 'host=127.0.0.1 sslmode=disable');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'FATAL:  connection refused: this server accepts only TLS connections (host "127.0.0.1", user "postgres", database "postgres", no encryption)',
    );
    expect(r.stderr).toContain('HINT:  Connect with TLS');
  });

  it('sslmode=require is accepted', async () => {
    const r = await psql(server.t.port, 'host=127.0.0.1 sslmode=require');
    expect(r.stdout).toMatch(/^t\|TLSv1\.[23]\n$/);
  });
});
