/**
 * The flush job kind ('flush', ids `FL-…`) and how a statement queues one per table.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import type { JobContext, JobKind } from '../../jobs/job-kind.js';
import type { JobResult } from '../../jobs/job-record.js';
import type { JobRunner } from '../../jobs/job-runner.js';
import { flushTable, type FlushDeps } from './flush.js';

export const FLUSH_JOB = 'flush';

async function runFlush(deps: FlushDeps, tableId: number, ctx: JobContext): Promise<JobResult> {
  const def = deps.schema.tableById(tableId);
  if (!def) throw Errors.undefinedTable(`${ctx.job.table?.namespace}.${ctx.job.table?.name}`);
  return flushTable(deps, def, ctx);
}

export function flushJobKind(deps: FlushDeps): JobKind {
  return {
    name: FLUSH_JOB,
    prefix: 'FL',
    // Every step leaves the rows readable exactly once (flush.ts): nothing to finish or undo.
    recover: () => Promise.resolve({
      outcome: 'rolled-back',
      reason: 'the server stopped during the flush; rows not yet in a listed segment stay in the hot store (flush again to move them)',
    }),
    resume: (job) => (job.table ? (ctx) => runFlush(deps, job.table!.id, ctx) : undefined),
  };
}

/**
 * Queues a flush of `table` and returns its job id; a flush of it still waiting to start is
 * reused (it will read every row written so far).
 */
export async function submitFlush(jobs: JobRunner, deps: FlushDeps, table: TableDefinition): Promise<string> {
  const waiting = jobs.unfinished(FLUSH_JOB, table.id).find((j) => j.status === 'new');
  if (waiting) return waiting.id;
  return jobs.submit(FLUSH_JOB, { table: { id: table.id, namespace: table.namespace, name: table.name } }, (ctx) => runFlush(deps, table.id, ctx));
}
