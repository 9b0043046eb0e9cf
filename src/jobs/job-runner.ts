/**
 * JobRunner: runs background jobs — flushes, compactions — one at a time per table, a few at a
 * time in all, and keeps every job in RocksDB so system.jobs survives a restart.
 *
 *   submit('flush', { table }, run)  →  'FL-…'   record 'new', synced; queued
 *   (a slot and the table free)          record 'running'; run(ctx)
 *   run resolves {rows, bytes}           record 'completed'
 *   run throws                           record 'failed', error = its message
 *   KILL JOB 'FL-…'                      queued: 'cancelled' at once; running: ctx.signal aborts,
 *                                        and the job ends 'cancelled' at its next pause()
 *
 * At start, jobs a crash left 'running' go to their kind's recovery hook, ahead of any other job
 * of their table; jobs left 'new' to its resume hook. Without the hook they are marked failed
 * with the reason. Nothing here blocks a writer: the runner takes no lock, and a job yields to
 * the event loop between its steps (JobContext.pause).
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { SnowflakeGenerator } from '../util/snowflake.js';
import { JobCancelled, type JobKind, type JobRecovery, type JobRun } from './job-kind.js';
import { isFinished, type JobRecord, type JobResult, type JobStatus, type JobTarget, type JobView } from './job-record.js';
import type { JobStore } from './job-store.js';
import { CANCELLED_BY_KILL, CANCELLED_BY_SHUTDOWN, RunningJob } from './running-job.js';

/** Finished jobs kept for system.jobs; older ones are forgotten. */
export const KEEP_FINISHED_JOBS = 1000;
const DEFAULT_CONCURRENCY = 2;

type Ending =
  | { readonly status: 'completed'; readonly rows: number; readonly bytes: number }
  | { readonly status: 'failed' | 'cancelled'; readonly error: string };

interface Pending {
  readonly id: string;
  /** Jobs with the same key run one at a time: the table, or the kind for jobs without one. */
  readonly key: string;
  readonly task: (ctx: RunningJob) => Promise<Ending>;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function keyOf(kind: string, target: JobTarget): string {
  return target.table ? `table:${target.table.id}` : `kind:${kind}`;
}

function fromResult(r: JobResult): Ending {
  return { status: 'completed', rows: r.rows, bytes: r.bytes };
}

function fromRecovery(r: JobRecovery): Ending {
  return r.outcome === 'completed'
    ? { status: 'completed', rows: r.rows, bytes: r.bytes }
    : { status: 'failed', error: `interrupted by a server restart and rolled back: ${r.reason}` };
}

export class JobRunner {
  private readonly kinds = new Map<string, JobKind>();
  private readonly pending: Pending[] = [];
  private readonly active = new Map<string, { readonly ctx: RunningJob; readonly done: Promise<void> }>();
  private readonly busyKeys = new Set<string>();
  private readonly waiters = new Map<string, ((job: JobRecord) => void)[]>();
  private readonly ids = new SnowflakeGenerator();
  private started = false;
  private closing = false;

  constructor(
    private readonly store: JobStore,
    private readonly onError: (e: unknown) => void = () => undefined,
    private readonly concurrency = DEFAULT_CONCURRENCY,
  ) {}

  /** Makes a kind of job known. Kinds with recovery hooks must be registered before start(). */
  register(kind: JobKind): void {
    if (!/^[A-Z]{2}$/.test(kind.prefix)) throw new Error(`job kind "${kind.name}": prefix must be two capital letters`);
    for (const k of this.kinds.values()) {
      if (k.name === kind.name || k.prefix === kind.prefix) throw new Error(`job kind "${kind.name}" (${kind.prefix}) is registered already`);
    }
    this.kinds.set(kind.name, kind);
  }

  /**
   * Queues a job and returns its id once its record is durable. `run` does the work (see
   * JobContext); it runs after every earlier job of the same table has ended.
   */
  async submit(kind: string, target: JobTarget, run: JobRun): Promise<string> {
    const k = this.kinds.get(kind);
    if (!k) throw Errors.internal(`job kind "${kind}" is not registered`);
    if (this.closing) throw new SqlError('57P01', 'the server is shutting down: no new jobs start');
    let id: string;
    do id = `${k.prefix}-${this.ids.next()}`; while (this.store.get(id)); // ids of an earlier run, should the clock have gone back
    await this.store.put({
      id, kind, status: 'new', ...target, rows: null, bytes: null, createdAt: new Date().toISOString(),
    });
    this.pending.push({ id, key: keyOf(kind, target), task: async (ctx) => fromResult(await run(ctx)) });
    this.schedule();
    return id;
  }

  /** A job with what it is doing right now, if it runs. */
  get(id: string): JobView | undefined {
    const stored = this.store.get(id);
    return stored && (this.active.get(id)?.ctx.view(stored) ?? stored);
  }

  /** Every job kept, oldest first (system.jobs). */
  list(): JobView[] {
    return this.store.list().map((j) => this.active.get(j.id)?.ctx.view(j) ?? j);
  }

  /** Jobs not finished yet, of a kind and (if given) a table: what a caller checks before queueing a duplicate. */
  unfinished(kind: string, tableId?: number): JobView[] {
    return this.list().filter((j) => j.kind === kind && !isFinished(j.status) && (tableId === undefined || j.table?.id === tableId));
  }

  /** Resolves with the job's record once it has finished. */
  whenFinished(id: string): Promise<JobRecord> {
    const job = this.store.get(id);
    if (!job) return Promise.reject(Errors.undefinedObject(`job "${id}" does not exist`));
    if (isFinished(job.status)) return Promise.resolve(job);
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  /**
   * KILL JOB: a queued job is cancelled at once; a running one is asked to stop (it ends as
   * cancelled at its next pause, or completes if it was past the point where it checks).
   * Returns the job as it is after the request.
   */
  async cancel(id: string): Promise<JobView> {
    const job = this.store.get(id);
    if (!job) throw Errors.undefinedObject(`job "${id}" does not exist`);
    if (isFinished(job.status)) throw new SqlError('55000', `job "${id}" has already ended (${job.status})`);
    const running = this.active.get(id);
    if (running) {
      running.ctx.requestCancel(CANCELLED_BY_KILL);
      return running.ctx.view(job);
    }
    const at = this.pending.findIndex((p) => p.id === id);
    if (at >= 0 && job.status === 'new') {
      this.pending.splice(at, 1);
      return this.finish(job, { status: 'cancelled', error: CANCELLED_BY_KILL });
    }
    // A job a crash interrupted, waiting for its recovery: the hook will see the request.
    if (at >= 0) {
      const item = this.pending[at]!;
      const task = (ctx: RunningJob) => {
        ctx.requestCancel(CANCELLED_BY_KILL);
        return item.task(ctx);
      };
      this.pending[at] = { ...item, task };
      return job;
    }
    throw Errors.internal(`job ${id} is ${job.status} but neither queued nor running`);
  }

  /**
   * Hands interrupted jobs to their kinds (recover what was running, resume what was queued, fail
   * the rest), forgets old history, and starts running jobs.
   */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const recoveries: Pending[] = [];
    const resumed: Pending[] = [];
    for (const job of this.store.list()) {
      const kind = this.kinds.get(job.kind);
      const key = keyOf(job.kind, job);
      if (job.status === 'running') {
        const recover = kind?.recover;
        if (!recover) {
          await this.finish(job, {
            status: 'failed',
            error: `the server stopped while the job was running, and job type "${job.kind}" has no recovery`,
          });
          continue;
        }
        recoveries.push({
          id: job.id,
          key,
          task: async (ctx) => {
            ctx.progress('recovering after a server restart');
            try {
              return fromRecovery(await recover.call(kind, job, ctx));
            } catch (e) {
              return { status: 'failed', error: `recovery after a server restart failed: ${messageOf(e)}` };
            }
          },
        });
      } else if (job.status === 'new') {
        const run = kind?.resume?.(job);
        if (!run) {
          await this.finish(job, { status: 'failed', error: 'the server stopped before the job started' });
          continue;
        }
        resumed.push({ id: job.id, key, task: async (ctx) => fromResult(await run(ctx)) });
      }
    }
    this.pending.unshift(...recoveries, ...resumed);
    await this.store.prune(KEEP_FINISHED_JOBS);
    this.schedule();
  }

  /**
   * Shutdown: no job starts any more; running ones are asked to stop and given `graceMs`. A job
   * still running after that stays 'running' in RocksDB — its recovery hook finishes it next start —
   * and queued jobs stay 'new' for their resume hook.
   */
  async close(graceMs = 3000): Promise<void> {
    this.closing = true;
    for (const { ctx } of this.active.values()) ctx.requestCancel(CANCELLED_BY_SHUTDOWN);
    const all = Promise.all([...this.active.values()].map((a) => a.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  private schedule(): void {
    if (this.started && !this.closing) setImmediate(() => this.pump());
  }

  /** Starts whatever may start: a free slot, a job whose table has nothing running. */
  private pump(): void {
    if (!this.started || this.closing) return;
    for (let i = 0; i < this.pending.length && this.active.size < this.concurrency; ) {
      const item = this.pending[i]!;
      if (this.busyKeys.has(item.key)) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      this.launch(item);
    }
  }

  private launch(item: Pending): void {
    const job = this.store.get(item.id)!;
    const started = job.status === 'new' ? { ...job, status: 'running' as const, startedAt: new Date().toISOString() } : job;
    const ctx = new RunningJob(started, this.store);
    this.busyKeys.add(item.key);
    const done = this.execute(item, ctx).then(
      () => undefined,
      (e: unknown) => this.onError(e),
    ).finally(() => {
      this.active.delete(item.id);
      this.busyKeys.delete(item.key);
      this.schedule();
    });
    this.active.set(item.id, { ctx, done });
  }

  private async execute(item: Pending, ctx: RunningJob): Promise<void> {
    let ending: Ending;
    try {
      if (this.store.get(item.id)!.status === 'new') await this.store.put(ctx.job);
      ending = await item.task(ctx);
    } catch (e) {
      ending = ctx.stoppedByRequest(e)
        ? { status: 'cancelled', error: e instanceof JobCancelled ? e.message : ctx.cancelReason }
        : { status: 'failed', error: messageOf(e) };
    }
    await this.finish(this.store.get(item.id)!, ending);
  }

  private async finish(job: JobRecord, ending: Ending): Promise<JobRecord> {
    const status: JobStatus = ending.status;
    const done: JobRecord = {
      ...job,
      status,
      ...(ending.status === 'completed' ? { rows: ending.rows, bytes: ending.bytes } : { error: ending.error }),
      finishedAt: new Date().toISOString(),
    };
    await this.store.put(done);
    for (const resolve of this.waiters.get(job.id) ?? []) resolve(done);
    this.waiters.delete(job.id);
    if (this.store.finishedCount > KEEP_FINISHED_JOBS + 100) await this.store.prune(KEEP_FINISHED_JOBS);
    return done;
  }
}
