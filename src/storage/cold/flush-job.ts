/**
 * The job kinds that move rows between tiers — 'flush' (ids `FL-…`) and 'compact' (`CO-…`) — and
 * how a statement or a policy queues one per table. Jobs of one table run one at a time
 * (jobs/job-runner.ts), so a table's flush and compaction never overlap.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import type { JobContext, JobKind, JobRun } from '../../jobs/job-kind.js';
import type { JobResult } from '../../jobs/job-record.js';
import { AUTO_COMPACT_SEGMENTS, compactTable } from './compact.js';
import { flushTable, type FlushDeps } from './flush.js';

export const FLUSH_JOB = 'flush';
export const COMPACT_JOB = 'compact';

function current(deps: FlushDeps, tableId: number, ctx: JobContext): TableDefinition {
  const def = deps.schema.tableById(tableId);
  if (!def) throw Errors.undefinedTable(`${ctx.job.table?.namespace}.${ctx.job.table?.name}`);
  return def;
}

async function runFlush(deps: FlushDeps, tableId: number, ctx: JobContext): Promise<JobResult> {
  const def = current(deps, tableId, ctx);
  const result = await flushTable(deps, def, ctx);
  // Too many segments in a scope slow every read of it: merge them, as a job of its own.
  if (deps.cold.scopes(def.id).some((s) => s.segments.length > AUTO_COMPACT_SEGMENTS)) await submitTableJob(deps, COMPACT_JOB, def);
  return result;
}

function runCompact(deps: FlushDeps, tableId: number, ctx: JobContext): Promise<JobResult> {
  return compactTable(deps, current(deps, tableId, ctx), ctx);
}

const RUNS: Record<string, (deps: FlushDeps, tableId: number, ctx: JobContext) => Promise<JobResult>> = {
  [FLUSH_JOB]: runFlush,
  [COMPACT_JOB]: runCompact,
};

function kind(deps: FlushDeps, name: string, prefix: string, what: string): JobKind {
  return {
    name,
    prefix,
    // Every step leaves each row readable exactly once (flush.ts, compact.ts): nothing to finish or undo.
    recover: () => Promise.resolve({
      outcome: 'rolled-back',
      reason: `the server stopped during the ${what}; what it had not committed to a manifest was undone at start (run it again to finish)`,
    }),
    resume: (job): JobRun | undefined => (job.table ? (ctx) => RUNS[name]!(deps, job.table!.id, ctx) : undefined),
  };
}

export function flushJobKind(deps: FlushDeps): JobKind {
  return kind(deps, FLUSH_JOB, 'FL', 'flush');
}

export function compactJobKind(deps: FlushDeps): JobKind {
  return kind(deps, COMPACT_JOB, 'CO', 'compaction');
}

/**
 * Queues a flush or compaction of `table` and returns its job id; one of the same kind still
 * waiting to start is reused (it will see everything there is by then).
 */
export async function submitTableJob(deps: FlushDeps, name: typeof FLUSH_JOB | typeof COMPACT_JOB, table: TableDefinition): Promise<string> {
  const waiting = deps.jobs.unfinished(name, table.id).find((j) => j.status === 'new');
  if (waiting) return waiting.id;
  return deps.jobs.submit(name, { table: { id: table.id, namespace: table.namespace, name: table.name } }, (ctx) => RUNS[name]!(deps, table.id, ctx));
}
