// kalamdb-pg from dist/ on a temp data dir: start, wait until it listens, stop, delete.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { onCleanup } from './cleanup.mjs';
import { waitForPort } from './ports.mjs';
import { tail } from './process.mjs';

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;

/** Starts `node <mainJs> --data-dir … --port <port>` with a fresh superuser password. */
export async function startKalamdb({ port, mainJs, label = 'kalamdb-pg' }) {
  if (!fs.existsSync(mainJs)) {
    throw new Error(`${mainJs} does not exist: build first (npm run build), or use --self-test`);
  }
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kalamdb-bench-kalam-'));
  const removeTmp = onCleanup(`remove ${tmpDir}`, () => fs.rmSync(tmpDir, { recursive: true, force: true }));
  const dataDir = path.join(tmpDir, 'data');
  const password = crypto.randomBytes(12).toString('hex');
  const host = '127.0.0.1';

  const child = spawn(process.execPath, [
    mainJs, '--data-dir', dataDir, '--host', host, '--port', String(port),
    '--user', 'postgres', '--password', password,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  let log = '';
  let sawListening = false;
  const onOutput = (chunk) => {
    log = (log + chunk).slice(-64 * 1024);
    if (chunk.includes('listening')) sawListening = true;
  };
  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', onOutput);
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => {
    exited = true;
    log += `\n[process exited: code ${code}, signal ${signal}]`;
    resolve();
  }));
  child.once('error', (err) => { log += `\n[spawn error: ${err.message}]`; });

  let stopping;
  const stop = () => (stopping ??= stopServer());
  const stopServer = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exitedPromise;
    clearTimeout(timer);
  };
  const removeStop = onCleanup(`stop ${label}`, stop);

  // The "listening" line says the server thinks it is ready; the port says a client can get in.
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!sawListening && !exited && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const ready = sawListening && await waitForPort(host, port, {
    timeoutMs: Math.max(1000, deadline - Date.now()),
    isAlive: () => !exited,
  });
  if (!ready) {
    const why = exited ? 'exited during startup' : 'did not report "listening" and accept connections in time';
    throw new Error(`${label} ${why} (port ${port}):\n${tail(log)}`);
  }

  return {
    label,
    kind: 'kalamdb-pg',
    host,
    port,
    user: 'postgres',
    database: 'postgres',
    clientEnv: { PGPASSWORD: password },
    settleSql: null,
    isAlive: () => !exited,
    pid: () => (exited ? null : child.pid),
    logTail: () => tail(log),
    async stop() {
      removeStop();
      await stop();
      removeTmp();
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
