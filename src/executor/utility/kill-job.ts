/**
 * KILL JOB 'FL-…' (dba and system roles): a queued job is cancelled at once; a running one is
 * asked to stop and ends as cancelled at its next step (jobs/job-runner.ts). Like
 * pg_cancel_backend, it does not wait for that.
 */
import type { StatementResult } from '../prepared-statement.js';
import { requireDba } from '../require-dba.js';
import type { SessionContext } from '../session-context.js';

export async function killJob(ctx: SessionContext, jobId: string): Promise<StatementResult> {
  requireDba(ctx, 'kill jobs');
  const job = await ctx.db.jobs.cancel(jobId);
  if (job.status === 'running') ctx.notice('00000', `job ${jobId} is running: it stops at its next step`);
  return { tag: 'KILL JOB' };
}
