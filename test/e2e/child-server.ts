/** kalamdb-pg as a separate process (the built `dist/`), for restart and crash tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { freePort } from '../support/pg-reference.js';

export { freePort };

export const CHILD_PASSWORD = 'child-pw';

export interface ChildServer {
  readonly port: number;
  readonly proc: ChildProcess;
  readonly output: string[];
  client(): Promise<pg.Client>;
  exited: Promise<number | null>;
}

export interface ChildOptions {
  /**
   * A TypeScript fixture to run (through vite-node, as test/storage/fixtures do) instead of the
   * built server; it gets the same flags and must print "listening" once it serves.
   */
  readonly fixture?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** More server flags (--max-connections 600, …). */
  readonly args?: readonly string[];
}

export async function startChild(dataDir: string, port: number, options: ChildOptions = {}): Promise<ChildServer> {
  const flags = ['--data-dir', dataDir, '--port', String(port), '--password', CHILD_PASSWORD, ...(options.args ?? [])];
  const entry = options.fixture ? ['node_modules/vite-node/vite-node.mjs', options.fixture, '--', ...flags] : ['dist/server/main.js', ...flags];
  const proc = spawn(process.execPath, entry, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output.push(d.toString());
      if (output.join('').includes('listening')) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${output.join('')}`)));
  });
  return {
    port,
    proc,
    output,
    exited,
    async client() {
      const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: CHILD_PASSWORD, database: 'postgres' });
      await c.connect();
      return c;
    },
  };
}
