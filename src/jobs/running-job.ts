/** The JobContext of one job while it runs: its stop flag, its progress, its checkpoints. */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { JobCancelled, type JobContext } from './job-kind.js';
import { isFinished, type JobRecord, type JobView, type JsonValue } from './job-record.js';
import type { JobStore } from './job-store.js';

export const CANCELLED_BY_KILL = 'cancelled by KILL JOB';
export const CANCELLED_BY_SHUTDOWN = 'the server was shut down while the job ran';

export class RunningJob implements JobContext {
  private readonly controller = new AbortController();
  private note: string | undefined;
  private rows: number | undefined;
  private bytes: number | undefined;

  constructor(
    readonly job: JobRecord,
    private readonly store: JobStore,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelRequested(): boolean {
    return this.controller.signal.aborted;
  }

  /** Why it was asked to stop (the first reason wins). */
  get cancelReason(): string {
    return String(this.controller.signal.reason ?? CANCELLED_BY_KILL);
  }

  requestCancel(reason: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  checkCancelled(): void {
    if (this.cancelRequested) throw new JobCancelled(this.cancelReason);
  }

  async pause(): Promise<void> {
    await yieldToLoop();
    this.checkCancelled();
  }

  progress(note: string, counts: { readonly rows?: number; readonly bytes?: number } = {}): void {
    this.note = note;
    if (counts.rows !== undefined) this.rows = counts.rows;
    if (counts.bytes !== undefined) this.bytes = counts.bytes;
  }

  async checkpoint(state: JsonValue): Promise<void> {
    const current = this.store.get(this.job.id) ?? this.job;
    await this.store.put({ ...current, state });
  }

  /** Whether `e` (thrown by the job) means it stopped because it was asked to. */
  stoppedByRequest(e: unknown): boolean {
    return e instanceof JobCancelled || (this.cancelRequested && (e as { name?: string }).name === 'AbortError');
  }

  /** The stored record with the live progress on top (while it has not ended). */
  view(stored: JobRecord): JobView {
    if (isFinished(stored.status)) return stored;
    return {
      ...stored,
      ...(this.note !== undefined ? { progress: this.note } : {}),
      ...(this.rows !== undefined ? { rows: this.rows } : {}),
      ...(this.bytes !== undefined ? { bytes: this.bytes } : {}),
    };
  }
}
