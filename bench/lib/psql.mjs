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

/** First column of the first row of `sql`, or undefined if the server refused it. */
export async function psqlValue(server, sql) {
  const result = await runCommand('psql', [...connectionArgs(server), '-A', '-t', '-c', sql], {
    env: clientEnv(server), timeoutMs: 30_000,
  });
  return result.code === 0 ? result.stdout.split('\n')[0].trim() : undefined;
}
