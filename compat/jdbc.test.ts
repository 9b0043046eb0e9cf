/** pgjdbc (Debian's libpostgresql-jdbc-java) runs the same program against both servers. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER, startTestServer, type TestServer } from '../test/e2e/harness.js';
import { startReferencePostgres, type ReferencePostgres } from '../test/support/pg-reference.js';

const JAR = '/usr/share/java/postgresql.jar';
let ours: TestServer;
let ref: ReferencePostgres;

beforeAll(async () => {
  [ours, ref] = await Promise.all([startTestServer(), startReferencePostgres()]);
});
afterAll(async () => {
  await ours?.stop();
  await ref?.stop();
});

function runJava(port: number, user: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('java', ['-cp', JAR, 'compat/jdbc/Smoke.java', `jdbc:postgresql://127.0.0.1:${port}/postgres`, user, password], {
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

describe('pgjdbc', () => {
  // Skipped only on a developer machine without the jar; CI installs it (.ci/run), so there it must run.
  it.runIf(existsSync(JAR) || process.env.CI === 'true')('prints the same as against PostgreSQL', async () => {
    const [a, b] = [await runJava(ours.port, SUPERUSER, PASSWORD), await runJava(ref.port, ref.user, 'unused')];
    expect(a).toBe(b);
    expect(a).toContain('batch: 8');
  }, 120_000);
});
