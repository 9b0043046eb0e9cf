/**
 * A real kalamdb-pg on a real port for end-to-end tests: started in-process on port 0 with a
 * temporary data directory, reached with the real `pg` client over TCP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type RunningServer, type ServerExtensions } from '../../src/server/server.js';
import type { ServerConfig } from '../../src/server/config.js';

export const SUPERUSER = 'postgres';
export const PASSWORD = 'test-password';

export interface TestServer {
  readonly server: RunningServer;
  readonly port: number;
  readonly dataDir: string;
  client(opts?: { user?: string; password?: string; binary?: boolean }): Promise<pg.Client>;
  stop(): Promise<void>;
}

export async function startTestServer(given?: string, config: Partial<ServerConfig> = {}, extensions: ServerExtensions = {}): Promise<TestServer> {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'kalamdb-pg-test-'));
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, user: SUPERUSER, password: PASSWORD, logLevel: 'error', ...config }, extensions);
  const clients: pg.Client[] = [];
  return {
    server,
    port: server.port,
    dataDir,
    async client(opts = {}) {
      const c = new pg.Client({
        host: '127.0.0.1',
        port: server.port,
        user: opts.user ?? SUPERUSER,
        password: opts.password ?? PASSWORD,
        database: 'postgres',
        binary: opts.binary ?? false,
      });
      await c.connect();
      clients.push(c);
      return c;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
      await server.close(500);
      if (!given) removeDir(dataDir); // a directory the caller passed in is the caller's
    },
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The SQLSTATE of a rejected promise. */
export async function sqlstate(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${String(e)}`;
  }
  return 'no error';
}

/** One server and one superuser client for a whole test file, started and stopped by its hooks. */
export function withServerAndClient(): { readonly t: TestServer; readonly c: pg.Client } {
  const s = {} as { t: TestServer; c: pg.Client };
  beforeAll(async () => {
    s.t = await startTestServer();
    s.c = await s.t.client();
  });
  afterAll(async () => s.t?.stop());
  return s;
}
