/**
 * A background job as system.jobs shows it and RocksDB keeps it (key `j/<id>`, JSON): what it
 * works on, where it got to, and how it ended.
 *
 *   new ──▶ running ──▶ completed
 *    │         ├──────▶ failed      (an error; or the server stopped and nothing could recover it)
 *    └─────────┴──────▶ cancelled   (KILL JOB, or a shutdown the job stopped for)
 *
 * Ids are the kind's two-letter prefix and a time-ordered number, as KalamDB types them:
 * `FL-318512345678901248` is a flush, `CO-…` a compaction.
 */
export type JobStatus = 'new' | 'running' | 'completed' | 'failed' | 'cancelled';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The table a job works on, as it was named when the job was submitted. */
export interface JobTable {
  readonly id: number;
  readonly namespace: string;
  readonly name: string;
}

/** What a job applies to: a table (jobs of one table run one at a time), a user partition, parameters. */
export interface JobTarget {
  readonly table?: JobTable;
  /** The user partition (user id) of a USER table, when the job is about one user. */
  readonly userId?: string;
  /** Whatever else the kind needs to resume or recover the job (kept with it, shown in system.jobs). */
  readonly params?: JsonValue;
}

export interface JobRecord extends JobTarget {
  readonly id: string;
  /** The kind's name: 'flush', 'compact', … */
  readonly kind: string;
  readonly status: JobStatus;
  /** The last checkpoint (JobContext.checkpoint): what recovery starts from. */
  readonly state?: JsonValue;
  /** Rows and bytes the job moved; null until it reports them. */
  readonly rows: number | null;
  readonly bytes: number | null;
  readonly error?: string;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

/** A record with what only the running job knows (its latest progress note and counts). */
export interface JobView extends JobRecord {
  readonly progress?: string;
}

export interface JobResult {
  readonly rows: number;
  readonly bytes: number;
}

const FINISHED: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);

export function isFinished(status: JobStatus): boolean {
  return FINISHED.has(status);
}
