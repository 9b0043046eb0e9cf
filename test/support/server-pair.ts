/** kalamdb-pg and a throwaway PostgreSQL 15 side by side for a differential test file. */
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../e2e/harness.js';
import { startReferencePostgres, type ReferencePostgres } from './pg-reference.js';

export function withOursAndReference(): { readonly ours: TestServer; readonly ref: ReferencePostgres } {
  const s = {} as { ours: TestServer; ref: ReferencePostgres };
  beforeAll(async () => {
    [s.ours, s.ref] = await Promise.all([startTestServer(), startReferencePostgres()]);
  });
  afterAll(async () => {
    await s.ours?.stop();
    await s.ref?.stop();
  });
  return s;
}
