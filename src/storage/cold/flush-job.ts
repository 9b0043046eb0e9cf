/**
 * The job kinds that move rows between tiers — 'flush' (ids `FL-…`) and 'compact' (`CO-…`) — and
 * how a statement or a policy queues one per table. Jobs of one table run one at a time
 * (jobs/job-runner.ts), so a table's flush and compaction never overlap.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import type { JobContext, JobKind, JobRun } from '../../jobs/job-kind.js';
import type { JobResult } from '../../jobs/job-record.js';
import { compactTable, wantsAutoCompaction } from './compact.js';
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
  // Many small segments in a scope slow every read of it: merge them, as a job of its own.
  if (deps.cold.scopes(def.id).some(wantsAutoCompaction)) await submitTableJob(deps, AUTO_COMPACT_JOB, def);
  return result;
}

/** A compaction: of everything (STORAGE COMPACT), or params `{ "small": true }` after a flush. */
function runCompact(deps: FlushDeps, tableId: number, ctx: JobContext): Promise<JobResult> {
  const params = ctx.job.params as { readonly small?: boolean } | undefined;
  return compactTable(deps, current(deps, tableId, ctx), ctx, params?.small !== true);
}

const RUNS: Record<string, (deps: FlushDeps, tableId: number, ctx: JobContext) => Promise<JobResult>> = {
  [FLUSH_JOB]: runFlush,
  [COMPACT_JOB]: runCompact,
};

/** submitTableJob's name for the automatic compaction of small segments (a 'compact' job with params). */
const AUTO_COMPACT_JOB = 'compact-small';

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
export async function submitTableJob(
  deps: FlushDeps, job: typeof FLUSH_JOB | typeof COMPACT_JOB | typeof AUTO_COMPACT_JOB, table: TableDefinition,
): Promise<string> {
  const name = job === AUTO_COMPACT_JOB ? COMPACT_JOB : job;
  const params = job === AUTO_COMPACT_JOB ? { small: true } : undefined;
  const waiting = deps.jobs.unfinished(name, table.id).find((j) => j.status === 'new' && (j.params as { small?: boolean } | undefined)?.small === params?.small);
  if (waiting) return waiting.id;
  const target = { table: { id: table.id, namespace: table.namespace, name: table.name }, ...(params ? { params } : {}) };
  return deps.jobs.submit(name, target, (ctx) => RUNS[name]!(deps, table.id, ctx));
}
