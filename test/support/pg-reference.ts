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
  // The free port can be taken by someone else before the postmaster binds it (other test files
  // start servers at the same time): a postmaster that exits while we wait is started again on another.
  let port = 0;
  let proc: ChildProcess | undefined;
  for (let attempt = 1; !proc; attempt++) {
    port = await freePort();
    const [cmd, args] = asPostgres('postgres', ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'TimeZone=UTC']);
    const started: ChildProcess = spawn(cmd, args, { stdio: 'ignore', detached: false });
    const exited = new Promise<'exited'>((r) => started.once('exit', () => r('exited')));
    const ready = waitForPostgres(port, 60_000).then(() => 'ready' as const);
    ready.catch(() => undefined); // still polling after an exit: its failure is not news
    if ((await Promise.race([ready, exited])) === 'ready') proc = started;
    else if (attempt === 3) throw new Error(`PostgreSQL exited three times while starting (last port ${port})`);
  }
  return {
    port,
    user: 'postgres',
    async stop() {
      // pg_ctl stops the postmaster itself: a signal to runuser need not reach it.
      const [stopCmd, stopArgs] = asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      const running = proc!;
      const exited = running.exitCode !== null ? Promise.resolve() : new Promise((r) => running.once('exit', r));
      try {
        execFileSync(stopCmd, stopArgs, { stdio: 'ignore' });
      } catch {
        running.kill('SIGKILL');
      }
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
