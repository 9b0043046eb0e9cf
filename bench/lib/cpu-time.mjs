// CPU time burnt by a server (every process and thread under its root pid) and by pgbench,
// so a run can say how many microseconds of CPU one transaction costs on each side.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

let ticksPerSecond = null;
function clockTicks() {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** pid → { ppid, ticks } for every process, where ticks = utime + stime + cutime + cstime. */
function processTable() {
  const table = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the command name, which is in parentheses and may contain spaces.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    table.set(Number(name), { ppid: Number(f[1]), ticks });
  }
  return table;
}

/** `rootPid` and all its live descendants, with the process table they were read from; null when it is gone or off Linux. */
export function processTree(rootPid) {
  if (!rootPid || !fs.existsSync('/proc/self/stat')) return null;
  const table = processTable();
  if (!table.has(rootPid)) return null;
  const pids = [];
  const todo = [rootPid];
  while (todo.length > 0) {
    const pid = todo.pop();
    pids.push(pid);
    for (const [child, p] of table) if (p.ppid === pid) todo.push(child);
  }
  return { pids, table };
}

/**
 * CPU seconds used so far by `rootPid` and all its live descendants, including children they
 * have reaped (PostgreSQL's backends end up in the postmaster's cutime). null off Linux.
 */
export function treeCpuSeconds(rootPid) {
  const tree = processTree(rootPid);
  if (!tree) return null;
  return tree.pids.reduce((ticks, pid) => ticks + tree.table.get(pid).ticks, 0) / clockTicks();
}

/**
 * Wraps a command so that, after it exits, the shell prints the CPU its children used
 * (bash's `times`) on stdout after a marker line. Returns [command, args].
 */
export function withChildCpu(command, args) {
  return ['bash', ['-c', '"$@"; rc=$?; echo "--- child cpu"; times; exit $rc', 'bash', command, ...args]];
}

/** The children's user + system seconds from withChildCpu's output, or null. */
export function childCpuSeconds(stdout) {
  const m = stdout.match(/--- child cpu\n[^\n]*\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
}

/**
 * CPU seconds the whole machine has been busy since boot (every core: user, nice, system, irq,
 * softirq, steal from /proc/stat), or null off Linux. Two readings minus what our own processes
 * used in between is what everyone else on the machine used: how quiet the run was.
 */
export function machineBusySeconds() {
  let line;
  try {
    line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  } catch {
    return null;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) / clockTicks();
}
