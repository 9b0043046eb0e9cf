/** A kalamdb-pg with TLS on for one describe block, started and stopped by its hooks. */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../e2e/harness.js';
import type { TestCertificates } from './tls-certs.js';

export function withTlsServer(certs: TestCertificates, options: { readonly required?: boolean } = {}): { readonly t: TestServer } {
  const s = {} as { t: TestServer };
  beforeAll(async () => {
    s.t = await startTestServer(undefined, { tlsCert: certs.certFile, tlsKey: certs.keyFile, tlsRequired: options.required === true });
  });
  afterAll(async () => s.t?.stop());
  return s;
}
