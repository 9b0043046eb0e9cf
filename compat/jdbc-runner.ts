/** Runs one of compat/jdbc's Java programs against pgjdbc, asynchronously (the server under test may live in this process). */
import { spawn } from 'node:child_process';

export const JDBC_JAR = '/usr/share/java/postgresql.jar';

/** Resolves with its stdout when it exits 0; rejects with its stderr otherwise. */
export function runJdbcProgram(program: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('java', ['-cp', JDBC_JAR, `compat/jdbc/${program}.java`, ...args], {
      env: { ...process.env, TZ: 'UTC' },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`java exited ${code}: ${err}\n${out}`))));
  });
}
