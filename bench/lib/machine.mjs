// What the figures were measured on: they mean nothing without the machine next to them.
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

function readOr(file, fallback = '') {
  try { return fs.readFileSync(file, 'utf8'); } catch { return fallback; }
}

function commandOr(command, args, fallback) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return fallback;
  }
}

/** CPU count (as `nproc` sees it: cgroup and affinity limits apply), CPU model, memory, OS. */
export function describeMachine() {
  const cpuinfo = readOr('/proc/cpuinfo');
  const cpuModel = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1].trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const memKb = Number(readOr('/proc/meminfo').match(/^MemTotal:\s+(\d+) kB/m)?.[1] ?? 0);
  const memoryBytes = memKb > 0 ? memKb * 1024 : os.totalmem();
  return {
    hostname: os.hostname(),
    nproc: Number(commandOr('nproc', [], String(os.availableParallelism?.() ?? os.cpus().length))),
    cpuModel,
    memoryGiB: Math.round((memoryBytes / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pgbench: commandOr('pgbench', ['--version'], 'unknown'),
  };
}

/** The hostname reduced to something safe in a file name. */
export function hostSlug(hostname) {
  const slug = hostname.toLowerCase().split('.')[0].replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 40) || 'host';
}

/** The short commit of the working tree being measured, if there is one. */
export function gitCommit(cwd) {
  const commit = commandOr('git', ['-C', cwd, 'rev-parse', '--short', 'HEAD'], '');
  if (!commit) return null;
  const dirty = commandOr('git', ['-C', cwd, 'status', '--porcelain', '--untracked-files=no'], '') !== '';
  return dirty ? `${commit}-dirty` : commit;
}
