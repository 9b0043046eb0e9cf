// One pgbench run against one server: the load generator for both sides of the comparison.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childCpuSeconds, treeCpuSeconds, withChildCpu } from './cpu-time.mjs';
import { runCommand } from './process.mjs';
import { describeProblems, parsePgbenchOutput } from './pgbench-output.mjs';

/**
 * Runs `pgbench -n -f <script> -c C -j min(C,2) -T secs -M protocol` and returns the parsed
 * figures plus exit status, and the CPU microseconds per transaction burnt by the server (all its
 * processes and threads) and by pgbench. Never throws for a bad run: a failure is a result to report.
 */
export async function runPgbench(server, { workload, clients, protocol, seconds }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalamdb-bench-script-'));
  const scriptFile = path.join(dir, `${workload.key}.sql`);
  fs.writeFileSync(scriptFile, workload.script);
  const args = [
    '-n', '-f', scriptFile,
    '-c', String(clients), '-j', String(Math.min(clients, 2)),
    '-T', String(seconds), '-M', protocol,
    '-h', server.host, '-p', String(server.port), '-U', server.user, server.database,
  ];
  try {
    const cpuBefore = treeCpuSeconds(server.pid?.());
    const startedAt = process.hrtime.bigint();
    const [command, commandArgs] = withChildCpu('pgbench', args);
    const result = server.isAlive()
      ? await runCommand(command, commandArgs, {
        env: { PGCONNECT_TIMEOUT: '10', ...server.clientEnv },
        timeoutMs: (seconds + 60) * 1000,
      })
      : { code: null, stdout: '', stderr: 'pgbench: error: not run: the server process has exited', timedOut: false };
    const cpuAfter = treeCpuSeconds(server.pid?.());
    const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const serverCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const parsed = parsePgbenchOutput(result.stdout, result.stderr);
    const perTx = (cpuSeconds) => (cpuSeconds !== null && parsed.transactions > 0 ? (cpuSeconds * 1e6) / parsed.transactions : null);
    const clientCpu = childCpuSeconds(result.stdout);
    const run = {
      server: server.label,
      workload: workload.key,
      clients,
      protocol,
      seconds,
      exitCode: result.code,
      timedOut: result.timedOut,
      ...parsed,
      serverCpuUsPerTx: perTx(serverCpu),
      // Cores the server kept busy on average over pgbench's whole run (connections included).
      serverCores: serverCpu === null ? null : serverCpu / wallSeconds,
      pgbenchCpuUsPerTx: perTx(clientCpu),
    };
    run.problems = describeProblems(run);
    run.ok = run.problems === '';
    return run;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
