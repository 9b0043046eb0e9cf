// SQL through psql: the same client path for both servers, no driver of our own in the way.
import { runCommand, runChecked } from './process.mjs';

// -w: never prompt for a password; a missing one must fail, not hang the run.
function connectionArgs(server) {
  return ['-X', '-q', '-w', '-v', 'ON_ERROR_STOP=1', '-h', server.host, '-p', String(server.port),
    '-U', server.user, '-d', server.database];
}

function clientEnv(server) {
  return { PGCONNECT_TIMEOUT: '10', ...server.clientEnv };
}

/** Runs a SQL script (fed on stdin) and rejects with psql's message on the first error. */
export function psqlScript(server, sql, { timeoutMs = 600_000 } = {}) {
  return runChecked('psql', [...connectionArgs(server), '-f', '-'], {
    input: sql, env: clientEnv(server), timeoutMs,
  });
}

/**
 * Runs `copySql` (a `COPY … FROM STDIN`) with `chunks`, an iterable of strings, as its data: psql
 * reads the data from its stdin as it arrives. Resolves with the row count of psql's `COPY n` tag.
 */
export async function psqlCopyIn(server, copySql, chunks, { timeoutMs = 3_600_000 } = {}) {
  // Without -q, so that psql prints the command tag.
  const args = connectionArgs(server).filter((a) => a !== '-q');
  const result = await runChecked('psql', [...args, '-c', copySql], { input: chunks, env: clientEnv(server), timeoutMs });
  const tag = result.stdout.match(/^COPY (\d+)$/m);
  if (!tag) throw new Error(`${server.label}: no COPY tag in psql's output: ${result.stdout.slice(0, 200)}`);
  return Number(tag[1]);
}

/** First column of the first row of `sql`, or undefined if the server refused it. */
export async function psqlValue(server, sql) {
  const result = await runCommand('psql', [...connectionArgs(server), '-A', '-t', '-c', sql], {
    env: clientEnv(server), timeoutMs: 30_000,
  });
  return result.code === 0 ? result.stdout.split('\n')[0].trim() : undefined;
}
