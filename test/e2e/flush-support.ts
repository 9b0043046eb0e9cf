/** Flushing from tests: queue STORAGE FLUSH and wait for its job to end. */
import type pg from 'pg';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface FinishedJob {
  readonly status: string;
  readonly rows: number | null;
  readonly error: string | null;
}

/** Flushes `table` and resolves with its job once it has ended (completed, failed or cancelled). */
export async function flushAndWait(c: pg.Client, table: string): Promise<FinishedJob> {
  const { rows } = await c.query<{ job_id: string }>(`STORAGE FLUSH TABLE ${table}`);
  return waitForJob(c, rows[0]!.job_id);
}

export async function waitForJob(c: pg.Client, jobId: string): Promise<FinishedJob> {
  for (;;) {
    const r = await c.query<{ status: string; rows: string | null; error: string | null }>('SELECT status, rows, error FROM system.jobs WHERE job_id = $1', [jobId]);
    const job = r.rows[0]!;
    if (job.status !== 'new' && job.status !== 'running') return { status: job.status, rows: job.rows === null ? null : Number(job.rows), error: job.error };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The segment files (`*.parquet`) directly in `dir`. */
export function segmentFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.parquet'));
  } catch {
    return [];
  }
}

export function storageDir(dataDir: string, ...parts: string[]): string {
  return join(dataDir, 'storage', ...parts);
}
