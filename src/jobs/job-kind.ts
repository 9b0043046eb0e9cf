/**
 * What a kind of job (flush, compact, …) gives the runner, and what a running job gets from it.
 *
 * A job is a function over a JobContext that returns the rows and bytes it moved. It must not
 * hold the event loop for long: between steps (a batch of rows, a file) it calls `ctx.pause()`,
 * which yields and throws JobCancelled when KILL JOB asked it to stop — so a job is only ever
 * stopped where it can stop cleanly, and never past its point of no return if it stops checking
 * there. State it needs to finish or undo its work after a crash goes through `ctx.checkpoint`.
 */
import type { JobRecord, JobResult, JsonValue } from './job-record.js';

export interface JobContext {
  /** The job as it started: id, kind, table, user, params and (after a restart) its last checkpoint. */
  readonly job: JobRecord;
  /** Aborted when the job is asked to stop; hand it to anything that takes a signal. */
  readonly signal: AbortSignal;
  readonly cancelRequested: boolean;
  /** Throws JobCancelled if the job was asked to stop. Call between steps. */
  checkCancelled(): void;
  /** Yields to the event loop, then checkCancelled(). Call between batches. */
  pause(): Promise<void>;
  /** A progress note and running counts, shown in system.jobs while the job runs (not persisted). */
  progress(note: string, counts?: { readonly rows?: number; readonly bytes?: number }): void;
  /** Persists `state` (synced) for the kind's recovery hook, should the server die before the job ends. */
  checkpoint(state: JsonValue): Promise<void>;
}

export type JobRun = (ctx: JobContext) => Promise<JobResult>;

/** How recovery ended a job the server was running when it stopped. */
export type JobRecovery =
  | { readonly outcome: 'completed'; readonly rows: number; readonly bytes: number }
  | { readonly outcome: 'rolled-back'; readonly reason: string };

export interface JobKind {
  /** system.jobs.job_type: 'flush', 'compact', … */
  readonly name: string;
  /** Two capital letters its job ids start with: 'FL', 'CO', … */
  readonly prefix: string;
  /**
   * A job of this kind was running when the server stopped (a crash, a kill, a shutdown it did not
   * stop for): finish it or roll it back. Runs at start, before any other job of the same table;
   * `job.state` is its last checkpoint. Kinds without it have such jobs marked failed.
   */
  recover?(job: JobRecord, ctx: JobContext): Promise<JobRecovery>;
  /**
   * A job of this kind was queued but had not started when the server stopped: how to run it now
   * (from its table, user and params), or undefined to mark it failed.
   */
  resume?(job: JobRecord): JobRun | undefined;
}

/** Thrown by checkCancelled/pause when the job was asked to stop; the job ends as cancelled. */
export class JobCancelled extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'JobCancelled';
  }
}
