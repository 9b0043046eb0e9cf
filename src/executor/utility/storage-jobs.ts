/**
 * STORAGE FLUSH / STORAGE COMPACT TABLE t | ALL [IN ns] (and FLUSH TABLE / FLUSH ALL TABLES):
 * queues a job per table and answers one row per job — its id, to follow in system.jobs — without
 * waiting for it.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { findRelation } from '../../binder/resolve-relation.js';
import type { StorageJobScope } from '../../sql/kalam/statement.js';
import { COMPACT_JOB, FLUSH_JOB, submitTableJob } from '../../storage/cold/flush-job.js';
import { T } from '../../system/column-types.js';
import type { PreparedStatement } from '../prepared-statement.js';
import { requireDba } from '../require-dba.js';
import type { SessionContext } from '../session-context.js';
import { rowsStatement } from './utility-statement.js';

const COLUMNS = [
  { name: 'job_id', type: T.text, tableOid: 0, attnum: 0 },
  { name: 'namespace', type: T.text, tableOid: 0, attnum: 0 },
  { name: 'table_name', type: T.text, tableOid: 0, attnum: 0 },
];

/** The tables a scope names: one (which must be flushable) or every USER and SHARED table. */
function tablesOf(ctx: SessionContext, scope: StorageJobScope, verb: string): TableDefinition[] {
  if (scope.kind === 'all') {
    if (scope.namespace !== undefined && !ctx.db.schema.namespace(scope.namespace)) throw Errors.undefinedSchema(scope.namespace);
    return ctx.db.schema.listTables(scope.namespace).filter((t) => t.tableType === 'USER' || t.tableType === 'SHARED');
  }
  const { namespace, name, position } = scope.table;
  const rel = findRelation(ctx, namespace, name);
  const shown = namespace ? `${namespace}.${name}` : name;
  if (!rel) throw Errors.undefinedTable(shown, position);
  if (rel.kind !== 'table') throw new SqlError('42809', `"${shown}" is not a table: only tables are ${verb}ed`);
  const t = rel.table;
  if (t.tableType === 'STREAM') throw Errors.featureNotSupported(`stream table "${shown}" is not ${verb}ed: its rows stay in the hot store until their TTL ends`);
  return [t];
}

export function prepareStorageJob(ctx: SessionContext, scope: StorageJobScope, job: typeof FLUSH_JOB | typeof COMPACT_JOB): PreparedStatement {
  const verb = job === FLUSH_JOB ? 'flush' : 'compact';
  return rowsStatement(ctx, COLUMNS, (r) => `SELECT ${r.length}`, async (c) => {
    requireDba(c, `${verb} tables`);
    const out = [];
    for (const t of tablesOf(c, scope, verb)) out.push([await submitTableJob(c.db.flushDeps, job, t), t.namespace, t.name]);
    return out;
  });
}
