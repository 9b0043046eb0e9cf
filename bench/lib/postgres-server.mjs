// A throwaway PostgreSQL 15: initdb into a temp dir, start, hand back a connection, stop, delete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { onCleanup } from './cleanup.mjs';
import { runChecked, runCommand, tail } from './process.mjs';

/**
 * The settings PostgreSQL runs with. synchronous_commit=off with fsync=on is the durability class
 * of RocksDB writing its WAL without an fsync per write: a crash can lose the last fraction of a
 * second of commits but never corrupts data.
 */
export const POSTGRES_SETTINGS = {
  synchronous_commit: 'off',
  fsync: 'on',
  shared_buffers: '256MB',
  max_connections: '50',
};

const PG_BIN_DIRS = ['/usr/lib/postgresql/15/bin', '/usr/local/bin', '/usr/bin'];

function pgBinary(name) {
  for (const dir of PG_BIN_DIRS) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return name;
}

// PostgreSQL refuses to run as root, so as root every server command runs as the `postgres` user.
function asServerUser(command, args) {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

function serverUserIds() {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with trust auth; `label` names it in the report;
 * `settings` go over POSTGRES_SETTINGS (the live suite needs more connections).
 */
export async function startPostgres({ port, label = 'PostgreSQL', settings = {} }) {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalamdb-bench-pg-'));
  const removeTmp = onCleanup(`remove ${tmpDir}`, () => fs.rmSync(tmpDir, { recursive: true, force: true }));
  if (process.getuid?.() === 0) {
    const { uid, gid } = serverUserIds();
    fs.chownSync(tmpDir, uid, gid);
  }
  const dataDir = path.join(tmpDir, 'data');
  const logFile = path.join(tmpDir, 'postgres.log');
  const pgCtl = pgBinary('pg_ctl');

  await runChecked(...asServerUser(pgBinary('initdb'), [
    '-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync',
  ]), { cwd: tmpDir });

  const serverOptions = [
    `-p ${port}`, `-k ${tmpDir}`, "-c listen_addresses='127.0.0.1'",
    ...Object.entries({ ...POSTGRES_SETTINGS, ...settings }).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  let stopping;
  const stop = () => (stopping ??= stopServer());
  const stopServer = async () => {
    if (!fs.existsSync(path.join(dataDir, 'postmaster.pid'))) return;
    const result = await runCommand(...asServerUser(pgCtl, ['-D', dataDir, '-m', 'fast', '-w', 'stop']), { cwd: tmpDir });
    if (result.code !== 0 && fs.existsSync(path.join(dataDir, 'postmaster.pid'))) {
      throw new Error(`pg_ctl stop failed: ${result.stderr}`);
    }
  };
  const removeStop = onCleanup(`stop ${label}`, stop);
  const started = await runCommand(...asServerUser(pgCtl, [
    '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start',
  ]), { cwd: tmpDir });
  if (started.code !== 0) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    throw new Error(`${label} did not start on port ${port}:\n${started.stderr}\n${tail(log)}`);
  }

  return {
    label,
    kind: 'postgres',
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    clientEnv: {},
    // After a bulk load PostgreSQL's autovacuum would otherwise wake up in the middle of a run.
    settleSql: 'VACUUM ANALYZE bench_kv; CHECKPOINT;',
    isAlive: () => fs.existsSync(path.join(dataDir, 'postmaster.pid')),
    /** The postmaster: its backends are its children. */
    pid: () => {
      try {
        return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    },
    logTail: () => (fs.existsSync(logFile) ? tail(fs.readFileSync(logFile, 'utf8')) : ''),
    async stop() {
      removeStop();
      await stop();
      removeTmp();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

/** `postgres --version`, e.g. "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
export function postgresBinaryVersion() {
  return execFileSync(pgBinary('postgres'), ['--version'], { encoding: 'utf8' }).trim();
}
