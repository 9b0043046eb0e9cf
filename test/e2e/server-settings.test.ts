/** Settings fixed when the server starts read back as the server was started, as PostgreSQL's postmaster-level settings do. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(undefined, { maxConnections: 20, superuserReservedConnections: 2 });
});
afterAll(async () => t?.stop());

describe('server-wide settings', () => {
  it('SHOW and pg_settings give --max-connections and --superuser-reserved-connections', async () => {
    const c = await t.client();
    expect((await c.query('SHOW max_connections')).rows).toEqual([{ max_connections: '20' }]);
    const r = await c.query("SELECT name, setting, context FROM pg_settings WHERE name IN ('max_connections', 'superuser_reserved_connections', 'ssl') ORDER BY name");
    expect(r.rows).toEqual([
      { name: 'max_connections', setting: '20', context: 'postmaster' },
      { name: 'ssl', setting: 'off', context: 'sighup' },
      { name: 'superuser_reserved_connections', setting: '2', context: 'postmaster' },
    ]);
  });
});
