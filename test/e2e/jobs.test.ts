/**
 * Jobs over the wire, with a job kind the test registers itself (the flush job is not built yet):
 * system.jobs while a job runs and after it ends, KILL JOB of a queued and of a running job, its
 * errors and privileges, and jobs kept across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { JobContext, JobKind } from '../../src/jobs/job-kind.js';
import type { JobTarget } from '../../src/jobs/job-record.js';
import { sqlstate, startTestServer, type TestServer } from './harness.js';

const TEST_KIND: JobKind = { name: 'test-echo', prefix: 'TE' };

let t: TestServer;
let c: pg.Client;
const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-jobs-'));

beforeAll(async () => {
  t = await startTestServer(dir, {}, { jobKinds: [TEST_KIND] });
  c = await t.client();
  await c.query('CREATE NAMESPACE app');
  await c.query('CREATE USER TABLE app.messages (id BIGINT PRIMARY KEY, body TEXT)');
  await c.query("CREATE USER 'ann' WITH PASSWORD 'apw' ROLE user");
});
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function messagesTarget(userId?: string): JobTarget {
  const def = t.server.db.schema.table('app', 'messages')!;
  return { table: { id: def.id, namespace: def.namespace, name: def.name }, ...(userId ? { userId } : {}) };
}

/** A job that works in steps until released or killed. */
function stepping(): { run: (ctx: JobContext) => Promise<{ rows: number; bytes: number }>; release: () => void; started: Promise<void> } {
  let released = false;
  let started!: () => void;
  return {
    started: new Promise<void>((r) => (started = r)),
    release: () => (released = true),
    run: async (ctx) => {
      started();
      let rows = 0;
      while (!released) {
        await new Promise((r) => setTimeout(r, 5));
        await ctx.pause();
        ctx.progress(`wrote ${++rows} batches`, { rows, bytes: rows * 10 });
      }
      return { rows: 1000, bytes: 65536 };
    },
  };
}

async function job(id: string): Promise<Record<string, unknown>> {
  const rows = (await c.query('SELECT * FROM system.jobs WHERE job_id = $1', [id])).rows;
  expect(rows).toHaveLength(1);
  return rows[0] as Record<string, unknown>;
}

describe('system.jobs', () => {
  it('shows a job while it runs and after it completes', async () => {
    const jobs = t.server.db.jobs;
    const s = stepping();
    const id = await jobs.submit('test-echo', { ...messagesTarget('u42'), params: { reason: 'test' } }, s.run);
    expect(id).toMatch(/^TE-\d+$/);
    await s.started;
    await new Promise((r) => setTimeout(r, 30));
    expect(await job(id)).toMatchObject({
      job_id: id, job_type: 'test-echo', status: 'running', namespace: 'app', table_name: 'messages', user_id: 'u42',
      progress: expect.stringMatching(/^wrote \d+ batches$/), error: null, parameters: { reason: 'test' },
      created_at: expect.any(Date), started_at: expect.any(Date), finished_at: null,
    });
    s.release();
    await jobs.whenFinished(id);
    expect(await job(id)).toMatchObject({
      status: 'completed', rows: '1000', bytes: '65536', progress: null, error: null, finished_at: expect.any(Date),
    });
    const fields = (await c.query('SELECT * FROM system.jobs LIMIT 0')).fields.map((f) => f.name);
    expect(fields).toEqual([
      'job_id', 'job_type', 'status', 'namespace', 'table_name', 'user_id', 'rows', 'bytes', 'progress', 'error',
      'parameters', 'created_at', 'started_at', 'finished_at',
    ]);
  });

  it('shows a failed job with its error', async () => {
    const id = await t.server.db.jobs.submit('test-echo', messagesTarget(), async () => {
      throw new Error('segment directory is read-only');
    });
    await t.server.db.jobs.whenFinished(id);
    expect(await job(id)).toMatchObject({ status: 'failed', error: 'segment directory is read-only', rows: null, bytes: null });
  });

  it('shows users below dba only the jobs of their own partition', async () => {
    const ann = t.server.db.schema.user('ann')!;
    const id = await t.server.db.jobs.submit('test-echo', messagesTarget(ann.id), async () => ({ rows: 1, bytes: 1 }));
    await t.server.db.jobs.whenFinished(id);
    const client = await t.client({ user: 'ann', password: 'apw' });
    expect((await client.query('SELECT job_id, user_id FROM system.jobs')).rows).toEqual([{ job_id: id, user_id: ann.id }]);
    expect(await sqlstate(client.query(`KILL JOB '${id}'`))).toBe('42501');
  });
});

describe('KILL JOB', () => {
  it('cancels a running job at its next step, and one queued behind it at once', async () => {
    const jobs = t.server.db.jobs;
    const running = stepping();
    const first = await jobs.submit('test-echo', messagesTarget(), running.run);
    let queuedRan = false;
    const second = await jobs.submit('test-echo', messagesTarget(), async () => {
      queuedRan = true;
      return { rows: 0, bytes: 0 };
    });
    await running.started;
    expect((await job(second)).status).toBe('new');
    await c.query(`KILL JOB '${second}'`);
    expect(await job(second)).toMatchObject({ status: 'cancelled', error: 'cancelled by KILL JOB', started_at: null });

    const notices: string[] = [];
    c.on('notice', (n) => notices.push(String(n.message)));
    const r = await c.query(`KILL JOB '${first}'`);
    c.removeAllListeners('notice');
    expect(r.command).toBe('KILL');
    expect(notices).toEqual([`job ${first} is running: it stops at its next step`]);
    await jobs.whenFinished(first);
    expect(await job(first)).toMatchObject({ status: 'cancelled', error: 'cancelled by KILL JOB', finished_at: expect.any(Date) });
    expect(queuedRan).toBe(false);
  });

  it('answers 55000 for a job that has ended and 42704 for one that does not exist', async () => {
    const id = await t.server.db.jobs.submit('test-echo', {}, async () => ({ rows: 0, bytes: 0 }));
    await t.server.db.jobs.whenFinished(id);
    await expect(c.query(`KILL JOB '${id}'`)).rejects.toMatchObject({ code: '55000', message: `job "${id}" has already ended (completed)` });
    await expect(c.query("KILL JOB 'FL-123'")).rejects.toMatchObject({ code: '42704', message: 'job "FL-123" does not exist' });
  });
});

describe('STORAGE FLUSH and STORAGE COMPACT', () => {
  it('queue a job per table and answer its id, which system.jobs shows', async () => {
    const flush = await c.query('STORAGE FLUSH TABLE app.messages');
    expect(flush.fields.map((f) => f.name)).toEqual(['job_id', 'namespace', 'table_name']);
    expect(flush.rows).toEqual([{ job_id: expect.stringMatching(/^FL-\d+$/), namespace: 'app', table_name: 'messages' }]);
    const compact = await c.query('STORAGE COMPACT TABLE app.messages');
    expect(compact.rows).toEqual([{ job_id: expect.stringMatching(/^CO-\d+$/), namespace: 'app', table_name: 'messages' }]);
    for (const id of [flush.rows[0].job_id, compact.rows[0].job_id]) await t.server.db.jobs.whenFinished(id);
    const jobs = await c.query('SELECT job_type, status FROM system.jobs WHERE job_id = ANY($1) ORDER BY job_type', [[flush.rows[0].job_id, compact.rows[0].job_id]]);
    expect(jobs.rows).toEqual([{ job_type: 'compact', status: 'completed' }, { job_type: 'flush', status: 'completed' }]);
    const all = await c.query('FLUSH ALL TABLES');
    expect(all.rows.length).toBeGreaterThan(0);
    expect(all.rows.every((r: { job_id: string }) => r.job_id.startsWith('FL-'))).toBe(true);
    for (const r of all.rows) await t.server.db.jobs.whenFinished(r.job_id);
  });
});

describe('jobs across a restart', () => {
  it('keeps finished jobs, and a clean shutdown cancels a running job that stops for it', async () => {
    const jobs = t.server.db.jobs;
    const running = stepping();
    const id = await jobs.submit('test-echo', messagesTarget(), running.run);
    await running.started;
    const before = (await c.query("SELECT job_id, status, error FROM system.jobs WHERE status <> 'running' ORDER BY created_at")).rows;
    await t.stop(); // the data directory is the test's: kept
    t = await startTestServer(dir, {}, { jobKinds: [TEST_KIND] });
    c = await t.client();
    const after = (await c.query('SELECT job_id, status, error FROM system.jobs ORDER BY created_at')).rows;
    expect(after).toEqual([...before, { job_id: id, status: 'cancelled', error: 'the server was shut down while the job ran' }]);
  });
});
