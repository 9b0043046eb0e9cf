/** Runs the real psql asynchronously (the server under test lives in this process: never block it). */
import { spawn } from 'node:child_process';

export interface PsqlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number | null;
}

export function runPsql(conninfo: string, script: string, args: string[], password: string): Promise<PsqlResult> {
  return new Promise((resolve, reject) => {
    const p = spawn('psql', ['-X', conninfo, ...args], {
      env: { ...process.env, PGPASSWORD: password, PGTZ: 'UTC', PGCLIENTENCODING: 'UTF8' },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ stdout, stderr, code }));
    p.stdin.end(script);
  });
}
