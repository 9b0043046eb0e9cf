// How much memory a server holds: its resident set for kalamdb-pg (one process), the
// proportional set size summed over the postmaster and its backends for PostgreSQL (a plain
// RSS sum would count shared_buffers once per backend that touched it).
import fs from 'node:fs';
import { processTree } from './cpu-time.mjs';

function statusKb(pid, field) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function pssKb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // exited while we looked
  }
}

/** MiB the server holds now (see above), or null off Linux or once it exited. */
export function serverMemoryMiB(server) {
  const pid = server.pid();
  if (!pid) return null;
  if (server.kind !== 'postgres') {
    const kb = statusKb(pid, 'VmRSS');
    return kb === null ? null : Math.round(kb / 1024);
  }
  const tree = processTree(pid);
  return tree ? Math.round(tree.pids.reduce((n, p) => n + pssKb(p), 0) / 1024) : null;
}
