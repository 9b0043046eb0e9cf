/**
 * Jobs survive a crash: the server is SIGKILLed while one job runs (after a durable checkpoint)
 * and another waits behind it. On restart the running job goes to its kind's recovery hook and
 * the queued one to its resume hook — or, when the server that restarts has no such kind (the
 * built kalamdb-pg knows nothing of the test's kind), both are marked failed, saying why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startChild, type ChildServer } from './child-server.js';

const FIXTURE = 'test/e2e/fixtures/job-server.ts';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Starts the fixture in submit mode, waits for its two jobs, and kills it. */
async function crashWithJobs(dir: string, port: number): Promise<[string, string]> {
  const s = await startChild(dir, port, { fixture: FIXTURE, env: { JOB_FIXTURE_MODE: 'submit' } });
  const ids = await new Promise<[string, string]>((resolve, reject) => {
    const look = () => {
      const m = /jobs (TS-\d+) (TS-\d+)/.exec(s.output.join(''));
      if (m) resolve([m[1]!, m[2]!]);
    };
    s.proc.stdout!.on('data', look);
    look();
    void s.exited.then((code) => reject(new Error(`fixture exited with ${code}: ${s.output.join('')}`)));
  });
  s.proc.kill('SIGKILL');
  await s.exited;
  return ids;
}

async function jobsOf(s: ChildServer): Promise<Record<string, unknown>[]> {
  const c = await s.client();
  try {
    return (await c.query("SELECT job_id, job_type, status, table_name, rows, bytes, error FROM system.jobs ORDER BY created_at")).rows;
  } finally {
    await c.end();
  }
}

async function stop(s: ChildServer): Promise<void> {
  s.proc.kill('SIGTERM');
  await s.exited;
}

describe('jobs after a SIGKILL', () => {
  it('are marked failed, with the reason, by a server that cannot recover their kind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-jobcrash-'));
    dirs.push(dir);
    const port = await freePort();
    const [running, queued] = await crashWithJobs(dir, port);
    const s = await startChild(dir, port); // the built server: no test-sleep kind
    expect(await jobsOf(s)).toEqual([
      {
        job_id: running, job_type: 'test-sleep', status: 'failed', table_name: 'events', rows: null, bytes: null,
        error: 'the server stopped while the job was running, and job type "test-sleep" has no recovery',
      },
      {
        job_id: queued, job_type: 'test-sleep', status: 'failed', table_name: 'events', rows: null, bytes: null,
        error: 'the server stopped before the job started',
      },
    ]);
    await stop(s);
  });

  it('are finished by their kind’s recovery hook from the last checkpoint, and the queued one resumed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-jobcrash-'));
    dirs.push(dir);
    const port = await freePort();
    const [running, queued] = await crashWithJobs(dir, port);
    const s = await startChild(dir, port, { fixture: FIXTURE, env: { JOB_FIXTURE_MODE: 'recover' } });
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      rows = await jobsOf(s);
      if (rows.every((r) => r.status === 'completed')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows).toEqual([
      { job_id: running, job_type: 'test-sleep', status: 'completed', table_name: 'events', rows: '77', bytes: '4096', error: null },
      { job_id: queued, job_type: 'test-sleep', status: 'completed', table_name: 'events', rows: '1', bytes: '1', error: null },
    ]);
    await stop(s);
  });
});
