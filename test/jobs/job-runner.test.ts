import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobContext, JobKind } from '../../src/jobs/job-kind.js';
import type { JobRecord, JobTarget } from '../../src/jobs/job-record.js';
import { JobRunner } from '../../src/jobs/job-runner.js';
import { JobStore } from '../../src/jobs/job-store.js';
import { KvStore } from '../../src/storage/kv-store.js';

const dirs: string[] = [];
const open: KvStore[] = [];
afterEach(async () => {
  for (const kv of open.splice(0)) await kv.close();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function kvStore(): Promise<KvStore> {
  const d = mkdtempSync(join(tmpdir(), 'job-runner-'));
  dirs.push(d);
  const kv = await KvStore.open(d);
  open.push(kv);
  return kv;
}

const ECHO: JobKind = { name: 'echo', prefix: 'EC' };

async function runner(kv: KvStore, kinds: JobKind[] = [ECHO], concurrency = 2): Promise<{ jobs: JobRunner; errors: unknown[] }> {
  const errors: unknown[] = [];
  const jobs = new JobRunner(await JobStore.open(kv), (e) => errors.push(e), concurrency);
  for (const k of kinds) jobs.register(k);
  await jobs.start();
  return { jobs, errors };
}

const table = (id: number): JobTarget => ({ table: { id, namespace: 'app', name: `t${id}` } });

/** A job that runs until the test opens its gate (or it is cancelled), pausing between steps. */
function gated(log?: string[], name = ''): { run: (ctx: JobContext) => Promise<{ rows: number; bytes: number }>; open: () => void; started: Promise<void> } {
  let opened = false;
  let markStarted!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  return {
    open: () => (opened = true),
    started,
    run: async (ctx) => {
      log?.push(`start ${name}`);
      markStarted();
      let steps = 0;
      while (!opened) {
        await ctx.pause();
        ctx.progress(`step ${++steps}`, { rows: steps });
        await new Promise((r) => setTimeout(r, 2));
      }
      log?.push(`end ${name}`);
      return { rows: 10, bytes: 100 };
    },
  };
}

describe('JobRunner', () => {
  it('runs a job to completion and keeps its record in RocksDB', async () => {
    const kv = await kvStore();
    const { jobs } = await runner(kv);
    const id = await jobs.submit('echo', { ...table(1), userId: 'u7', params: { reason: 'manual' } }, async (ctx) => {
      expect(ctx.job).toMatchObject({ id, kind: 'echo', status: 'running', table: { id: 1 }, userId: 'u7' });
      await ctx.pause();
      return { rows: 3, bytes: 4096 };
    });
    expect(id).toMatch(/^EC-\d+$/);
    const done = await jobs.whenFinished(id);
    expect(done).toMatchObject({ status: 'completed', rows: 3, bytes: 4096, userId: 'u7', params: { reason: 'manual' } });
    expect(Date.parse(done.startedAt!)).toBeLessThanOrEqual(Date.parse(done.finishedAt!));
    expect((await JobStore.open(kv)).get(id)).toEqual(done);
  });

  it('marks a job that throws failed, with its message', async () => {
    const { jobs } = await runner(await kvStore());
    const id = await jobs.submit('echo', {}, async () => {
      throw new Error('disk full');
    });
    expect(await jobs.whenFinished(id)).toMatchObject({ status: 'failed', error: 'disk full', rows: null, bytes: null });
  });

  it('runs the jobs of one table one at a time, and of different tables side by side', async () => {
    const { jobs } = await runner(await kvStore(), [ECHO], 2);
    const log: string[] = [];
    const a = gated(log, 'a1');
    const b = gated(log, 'a2');
    const c = gated(log, 'b1');
    const ids = [await jobs.submit('echo', table(1), a.run), await jobs.submit('echo', table(1), b.run), await jobs.submit('echo', table(2), c.run)];
    await Promise.all([a.started, c.started]);
    expect(jobs.get(ids[1]!)!.status).toBe('new');
    expect(log).toEqual(['start a1', 'start b1']);
    a.open();
    await b.started;
    expect(log.slice(0, 4)).toEqual(['start a1', 'start b1', 'end a1', 'start a2']);
    b.open();
    c.open();
    for (const id of ids) expect((await jobs.whenFinished(id)).status).toBe('completed');
  });

  it('never runs more jobs at once than its concurrency', async () => {
    const { jobs } = await runner(await kvStore(), [ECHO], 1);
    const a = gated(undefined);
    const b = gated(undefined);
    const ia = await jobs.submit('echo', table(1), a.run);
    const ib = await jobs.submit('echo', table(2), b.run);
    await a.started;
    await new Promise((r) => setTimeout(r, 30));
    expect(jobs.get(ib)!.status).toBe('new');
    a.open();
    b.open();
    expect((await jobs.whenFinished(ia)).status).toBe('completed');
    expect((await jobs.whenFinished(ib)).status).toBe('completed');
  });

  it('shows a running job’s progress, and cancels it at its next pause', async () => {
    const { jobs } = await runner(await kvStore());
    const g = gated();
    const id = await jobs.submit('echo', table(1), g.run);
    await g.started;
    await new Promise((r) => setTimeout(r, 20));
    const live = jobs.list().find((j) => j.id === id)!;
    expect(live.status).toBe('running');
    expect(live.progress).toMatch(/^step \d+$/);
    expect(live.rows).toBeGreaterThan(0);
    expect((await jobs.cancel(id)).status).toBe('running');
    const done = await jobs.whenFinished(id);
    expect(done).toMatchObject({ status: 'cancelled', error: 'cancelled by KILL JOB' });
    expect(jobs.get(id)!.progress).toBeUndefined();
  });

  it('cancels a queued job at once, so it never runs', async () => {
    const { jobs } = await runner(await kvStore());
    const first = gated();
    let ran = false;
    const a = await jobs.submit('echo', table(1), first.run);
    const b = await jobs.submit('echo', table(1), async () => {
      ran = true;
      return { rows: 0, bytes: 0 };
    });
    await first.started;
    expect(await jobs.cancel(b)).toMatchObject({ status: 'cancelled', error: 'cancelled by KILL JOB' });
    first.open();
    await jobs.whenFinished(a);
    expect(ran).toBe(false);
  });

  it('refuses to cancel a job that ended (55000) or does not exist (42704)', async () => {
    const { jobs } = await runner(await kvStore());
    const id = await jobs.submit('echo', {}, async () => ({ rows: 1, bytes: 1 }));
    await jobs.whenFinished(id);
    await expect(jobs.cancel(id)).rejects.toMatchObject({ code: '55000', message: `job "${id}" has already ended (completed)` });
    await expect(jobs.cancel('EC-1')).rejects.toMatchObject({ code: '42704' });
  });

  it('a job that completes despite a cancel request ends completed (it was past the point where it checks)', async () => {
    const { jobs } = await runner(await kvStore());
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const id = await jobs.submit('echo', {}, async () => {
      await gate;
      return { rows: 5, bytes: 5 };
    });
    await new Promise((r) => setTimeout(r, 20));
    await jobs.cancel(id);
    release();
    expect((await jobs.whenFinished(id)).status).toBe('completed');
  });

  it('refuses kinds with a bad or taken prefix, and jobs of unknown kinds', async () => {
    const { jobs } = await runner(await kvStore());
    expect(() => jobs.register({ name: 'x', prefix: 'x1' })).toThrow(/two capital letters/);
    expect(() => jobs.register({ name: 'other', prefix: 'EC' })).toThrow(/registered already/);
    await expect(jobs.submit('nope', {}, async () => ({ rows: 0, bytes: 0 }))).rejects.toMatchObject({ code: 'XX000' });
  });
});

describe('JobRunner after a crash', () => {
  /** What a crash leaves: records in RocksDB that say 'running' or 'new'. */
  async function crashed(kv: KvStore, records: Partial<JobRecord>[]): Promise<void> {
    const store = await JobStore.open(kv);
    for (const r of records) {
      await store.put({ kind: 'echo', rows: null, bytes: null, createdAt: new Date().toISOString(), status: 'running', id: 'EC-0', ...r } as JobRecord);
    }
  }

  it('hands a job left running to its kind’s recovery hook, with its last checkpoint, before new jobs of its table', async () => {
    const kv = await kvStore();
    await crashed(kv, [
      { id: 'EC-1', table: table(1).table, state: { written: 'seg-1.parquet', rows: 42 } },
      { id: 'EC-2', table: table(2).table, state: { written: null } },
    ]);
    const order: string[] = [];
    const kind: JobKind = {
      name: 'echo',
      prefix: 'EC',
      async recover(job, ctx) {
        order.push(`recover ${job.id}`);
        expect(ctx.job.id).toBe(job.id);
        const state = job.state as { written: string | null; rows?: number };
        if (state.written) return { outcome: 'completed', rows: state.rows!, bytes: 7 };
        return { outcome: 'rolled-back', reason: 'no segment was written' };
      },
    };
    const { jobs } = await runner(kv, [kind]);
    const later = await jobs.submit('echo', table(1), async () => {
      order.push('new job');
      return { rows: 0, bytes: 0 };
    });
    expect(await jobs.whenFinished('EC-1')).toMatchObject({ status: 'completed', rows: 42, bytes: 7 });
    expect(await jobs.whenFinished('EC-2')).toMatchObject({
      status: 'failed', error: 'interrupted by a server restart and rolled back: no segment was written',
    });
    await jobs.whenFinished(later);
    expect(order.indexOf('recover EC-1')).toBeLessThan(order.indexOf('new job'));
  });

  it('marks a job left running failed when its kind has no recovery hook (or is not registered)', async () => {
    const kv = await kvStore();
    await crashed(kv, [{ id: 'EC-1' }, { id: 'ZZ-1', kind: 'gone' }]);
    const { jobs } = await runner(kv);
    expect(jobs.get('EC-1')).toMatchObject({
      status: 'failed', error: 'the server stopped while the job was running, and job type "echo" has no recovery',
    });
    expect(jobs.get('ZZ-1')).toMatchObject({ status: 'failed', error: expect.stringContaining('job type "gone" has no recovery') });
  });

  it('fails a recovery that throws, saying so', async () => {
    const kv = await kvStore();
    await crashed(kv, [{ id: 'EC-1' }]);
    const { jobs } = await runner(kv, [{ ...ECHO, recover: async () => Promise.reject(new Error('manifest unreadable')) }]);
    expect(await jobs.whenFinished('EC-1')).toMatchObject({ status: 'failed', error: 'recovery after a server restart failed: manifest unreadable' });
  });

  it('resumes a job left queued when its kind can, and fails it otherwise', async () => {
    const kv = await kvStore();
    await crashed(kv, [
      { id: 'EC-1', status: 'new', params: { n: 5 } },
      { id: 'EC-2', status: 'new', params: { n: -1 } },
    ]);
    const kind: JobKind = {
      ...ECHO,
      resume: (job) => {
        const n = (job.params as { n: number }).n;
        return n < 0 ? undefined : async () => ({ rows: n, bytes: 0 });
      },
    };
    const { jobs } = await runner(kv, [kind]);
    expect(await jobs.whenFinished('EC-1')).toMatchObject({ status: 'completed', rows: 5 });
    expect(jobs.get('EC-2')).toMatchObject({ status: 'failed', error: 'the server stopped before the job started' });
  });

  it('a KILL JOB for a job awaiting recovery reaches the recovery hook', async () => {
    const kv = await kvStore();
    await crashed(kv, [{ id: 'EC-1', table: table(1).table }, { id: 'EC-2', table: table(1).table }]);
    let seen: boolean[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const kind: JobKind = {
      ...ECHO,
      async recover(job, ctx) {
        if (job.id === 'EC-1') await gate;
        seen.push(ctx.cancelRequested);
        return ctx.cancelRequested ? { outcome: 'rolled-back', reason: 'asked to stop' } : { outcome: 'completed', rows: 1, bytes: 1 };
      },
    };
    const { jobs } = await runner(kv, [kind]);
    expect((await jobs.cancel('EC-2')).status).toBe('running'); // queued behind EC-1's recovery
    release();
    await jobs.whenFinished('EC-2');
    expect(seen).toEqual([false, true]);
    seen = [];
  });
});

describe('JobRunner shutdown and history', () => {
  it('asks running jobs to stop on close; one that does not stop stays running for recovery', async () => {
    const kv = await kvStore();
    const { jobs } = await runner(kv);
    const polite = gated();
    const pa = await jobs.submit('echo', table(1), polite.run);
    const pb = await jobs.submit('echo', table(2), () => new Promise(() => undefined)); // never checks
    const queued = await jobs.submit('echo', table(1), async () => ({ rows: 0, bytes: 0 }));
    await polite.started;
    await jobs.close(200);
    const store = await JobStore.open(kv);
    expect(store.get(pa)).toMatchObject({ status: 'cancelled', error: 'the server was shut down while the job ran' });
    expect(store.get(pb)!.status).toBe('running');
    expect(store.get(queued)!.status).toBe('new');
    await expect(jobs.submit('echo', {}, async () => ({ rows: 0, bytes: 0 }))).rejects.toMatchObject({ code: '57P01' });
  });

  it('forgets all but the newest finished jobs', async () => {
    const kv = await kvStore();
    const { jobs } = await runner(kv);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await jobs.submit('echo', {}, async () => ({ rows: i, bytes: 0 })));
      await jobs.whenFinished(ids[i]!);
    }
    const store = await JobStore.open(kv);
    await store.prune(2);
    expect(store.list().map((j) => j.id)).toEqual(ids.slice(3));
    expect((await JobStore.open(kv)).list().map((j) => j.id)).toEqual(ids.slice(3));
  });
});
