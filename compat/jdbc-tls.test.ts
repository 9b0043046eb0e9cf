/**
 * pgjdbc (Debian's libpostgresql-jdbc-java) over TLS: ssl=true checking the server against the
 * test CA (sslmode=verify-full, sslrootcert), NonValidatingFactory, and --tls-required refusing
 * sslmode=disable.
 */
import { existsSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { makeTestCertificates } from '../test/support/tls-certs.js';
import { withTlsServer } from '../test/support/tls-server.js';
import { JDBC_JAR, runJdbcProgram } from './jdbc-runner.js';

// Skipped only on a developer machine without the jar; CI installs it (.ci/run), so there it must run.
const HAVE_JDBC = existsSync(JDBC_JAR) || process.env.CI === 'true';

function runJava(url: string): Promise<string> {
  return runJdbcProgram('Tls', [url, SUPERUSER, PASSWORD]);
}

describe.runIf(HAVE_JDBC)('pgjdbc over TLS', () => {
  const certs = makeTestCertificates();
  afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));
  const open = withTlsServer(certs);
  const required = withTlsServer(certs, { required: true });
  const url = (port: number, params: string) => `jdbc:postgresql://localhost:${port}/postgres?${params}`;

  it('ssl=true with sslmode=verify-full checks the certificate against the CA', async () => {
    const out = await runJava(url(open.t.port, `ssl=true&sslmode=verify-full&sslrootcert=${certs.caFile}`));
    expect(out).toMatch(/^pg_stat_ssl: true TLSv1\.[23]\nssl: on\n$/);
  }, 120_000);

  it('ssl=true with NonValidatingFactory', async () => {
    const out = await runJava(url(open.t.port, 'ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory'));
    expect(out).toMatch(/^pg_stat_ssl: true TLSv1\.[23]\n/);
  }, 120_000);

  it('--tls-required refuses sslmode=disable with 28000 and accepts ssl=true', async () => {
    expect(await runJava(url(required.t.port, 'sslmode=disable'))).toMatch(
      /^refused: 28000 FATAL: connection refused: this server accepts only TLS connections \(host "127\.0\.0\.1", user "postgres", database "postgres", no encryption\)/,
    );
    expect(await runJava(url(required.t.port, `ssl=true&sslmode=verify-full&sslrootcert=${certs.caFile}`))).toMatch(/^pg_stat_ssl: true/);
  }, 120_000);
});
