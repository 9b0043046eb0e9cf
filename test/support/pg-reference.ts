/**
 * A throwaway PostgreSQL 15 for differential tests: our answers are checked against what the
 * real server says, never against values typed in by hand. Uses the `initdb`/`postgres`
 * binaries on the machine (as the postgres OS user when running as root, since PostgreSQL
 * refuses to run as root).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import pg from 'pg';

export interface ReferencePostgres {
  readonly port: number;
  readonly user: string;
  stop(): Promise<void>;
}

function asPostgres(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Waits until PostgreSQL accepts sessions. The port accepts TCP while the server is still
 * starting up (a session then fails with 57P03), so this asks the server itself, the way
 * `pg_isready` does: a startup packet answered by anything but "starting up".
 */
async function waitForPostgres(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await acceptsSessions(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PostgreSQL did not start on port ${port}`);
}

async function acceptsSessions(port: number): Promise<boolean> {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  c.on('error', () => {});
  try {
    await c.connect();
  } catch {
    return false;
  }
  await c.end().catch(() => undefined);
  return true;
}

export function postgresAvailable(): boolean {
  try {
    execFileSync('initdb', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function startReferencePostgres(): Promise<ReferencePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-ref-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'db');
  const [initCmd, initArgs] = asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [cmd, args] = asPostgres('postgres', ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'TimeZone=UTC']);
  const proc: ChildProcess = spawn(cmd, args, { stdio: 'ignore', detached: false });
  await waitForPostgres(port, 20_000);
  return {
    port,
    user: 'postgres',
    async stop() {
      // pg_ctl stops the postmaster itself: a signal to runuser need not reach it.
      const [stopCmd, stopArgs] = asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      const exited = proc.exitCode !== null ? Promise.resolve() : new Promise((r) => proc.once('exit', r));
      try {
        execFileSync(stopCmd, stopArgs, { stdio: 'ignore' });
      } catch {
        proc.kill('SIGKILL');
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
