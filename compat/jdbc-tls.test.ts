/**
 * pgjdbc (Debian's libpostgresql-jdbc-java) over TLS: ssl=true checking the server against the
 * test CA (sslmode=verify-full, sslrootcert), NonValidatingFactory, and --tls-required refusing
 * sslmode=disable.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, SUPERUSER, type TestServer } from '../test/e2e/harness.js';
import { makeTestCertificates } from '../test/support/tls-certs.js';

const JAR = '/usr/share/java/postgresql.jar';
// Skipped only on a developer machine without the jar; CI installs it (.ci/run), so there it must run.
const HAVE_JDBC = existsSync(JAR) || process.env.CI === 'true';

function runJava(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('java', ['-cp', JAR, 'compat/jdbc/Tls.java', url, SUPERUSER, PASSWORD], { env: { ...process.env, TZ: 'UTC' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`java exited ${code}: ${err}\n${out}`))));
  });
}

describe.runIf(HAVE_JDBC)('pgjdbc over TLS', () => {
  const certs = makeTestCertificates();
  let open: TestServer;
  let required: TestServer;
  beforeAll(async () => {
    open = await startTestServer(undefined, { tlsCert: certs.certFile, tlsKey: certs.keyFile });
    required = await startTestServer(undefined, { tlsCert: certs.certFile, tlsKey: certs.keyFile, tlsRequired: true });
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), required?.stop()]);
    rmSync(certs.dir, { recursive: true, force: true });
  });
  const url = (port: number, params: string) => `jdbc:postgresql://localhost:${port}/postgres?${params}`;

  it('ssl=true with sslmode=verify-full checks the certificate against the CA', async () => {
    const out = await runJava(url(open.port, `ssl=true&sslmode=verify-full&sslrootcert=${certs.caFile}`));
    expect(out).toMatch(/^pg_stat_ssl: true TLSv1\.[23]\nssl: on\n$/);
  }, 120_000);

  it('ssl=true with NonValidatingFactory', async () => {
    const out = await runJava(url(open.port, 'ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory'));
    expect(out).toMatch(/^pg_stat_ssl: true TLSv1\.[23]\n/);
  }, 120_000);

  it('--tls-required refuses sslmode=disable with 28000 and accepts ssl=true', async () => {
    expect(await runJava(url(required.port, 'sslmode=disable'))).toMatch(
      /^refused: 28000 FATAL: connection refused: this server accepts only TLS connections \(host "127\.0\.0\.1", user "postgres", database "postgres", no encryption\)/,
    );
    expect(await runJava(url(required.port, `ssl=true&sslmode=verify-full&sslrootcert=${certs.caFile}`))).toMatch(/^pg_stat_ssl: true/);
  }, 120_000);
});
