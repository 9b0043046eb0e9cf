// kalamdb-pg from dist/ on a temp data dir: start, wait until it listens, stop, restart, delete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { onCleanup } from './cleanup.mjs';
import { waitForPort } from './ports.mjs';
import { tail } from './process.mjs';

const START_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/** One server process on `dataDir`: resolves once it listens, with a handle to stop or kill it. */
async function launch({ mainJs, dataDir, host, port, password, label, log, args }) {
  const child = spawn(process.execPath, [
    mainJs, '--data-dir', dataDir, '--host', host, '--port', String(port),
    '--user', 'postgres', '--password', password, ...args,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, exited: false, sawListening: false };
  const onOutput = (chunk) => {
    log.append(chunk);
    if (chunk.includes('listening')) proc.sawListening = true;
  };
  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', onOutput);
  proc.exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    proc.exited = true;
    log.append(`\n[process exited: code ${code}, signal ${signal}]\n`);
    resolve();
  }));
  child.once('error', (err) => log.append(`\n[spawn error: ${err.message}]\n`));
  proc.stop = async (signal = 'SIGTERM') => {
    if (proc.exited) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await proc.exitedPromise;
    clearTimeout(timer);
  };

  // The "listening" line says the server thinks it is ready; the port says a client can get in.
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!proc.sawListening && !proc.exited && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const ready = proc.sawListening && await waitForPort(host, port, {
    timeoutMs: Math.max(1000, deadline - Date.now()),
    isAlive: () => !proc.exited,
  });
  if (!ready) {
    await proc.stop('SIGKILL');
    const why = proc.exited ? 'exited during startup' : 'did not report "listening" and accept connections in time';
    throw new Error(`${label} ${why} (port ${port}):\n${tail(log.text())}`);
  }
  return proc;
}

/** Starts `node <mainJs> --data-dir … --port <port> [args…]` with a fresh superuser password. */
export async function startKalamdb({ port, mainJs, label = 'kalamdb-pg', args = [] }) {
  if (!fs.existsSync(mainJs)) {
    throw new Error(`${mainJs} does not exist: build first (npm run build), or use --self-test`);
  }
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalamdb-bench-kalam-'));
  const removeTmp = onCleanup(`remove ${tmpDir}`, () => fs.rmSync(tmpDir, { recursive: true, force: true }));
  const dataDir = path.join(tmpDir, 'data');
  const password = crypto.randomBytes(12).toString('hex');
  const host = '127.0.0.1';
  let logText = '';
  const log = { append: (s) => { logText = (logText + s).slice(-64 * 1024); }, text: () => logText };
  const settings = { mainJs, dataDir, host, port, password, label, log, args };

  let current = null;
  const removeStop = onCleanup(`stop ${label}`, () => current?.stop());
  try {
    current = await launch(settings);
  } catch (err) {
    removeStop();
    removeTmp();
    fs.rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  }

  return {
    label,
    kind: 'kalamdb-pg',
    host,
    port,
    user: 'postgres',
    database: 'postgres',
    clientEnv: { PGPASSWORD: password },
    /** Its data directory: the cold suite measures the RocksDB and segment files under it. */
    dataDir,
    settleSql: null,
    isAlive: () => !current.exited,
    pid: () => (current.exited ? null : current.child.pid),
    logTail: () => tail(logText),
    /**
     * Kills the process (SIGKILL: one stuck in a synchronous loop would not see a SIGTERM soon)
     * and starts a new one on the same data directory; resolves with the seconds that took.
     */
    async restart() {
      const started = Date.now();
      await current.stop('SIGKILL');
      log.append('\n[bench: restarting on the same data directory]\n');
      current = await launch(settings);
      return (Date.now() - started) / 1000;
    },
    async stop() {
      removeStop();
      await current.stop();
      removeTmp();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
