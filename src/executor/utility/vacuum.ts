/**
 * VACUUM and ANALYZE (PostgreSQL's VacuumStmt), over every table or the ones named:
 *
 *   ANALYZE [VERBOSE] [t [(cols)], …]  /  ANALYZE (VERBOSE, SKIP_LOCKED) …
 *   VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] [t [(cols)], …]  /  VACUUM (option, …) …
 *
 * Both count each table's live rows exactly — every partition, hot rows merged over segments
 * (storage/stats/count-rows.ts) — and record the count as pg_class.reltuples, the size as relpages
 * and n_live_tup; ANALYZE also last_analyze/analyze_count, VACUUM last_vacuum/vacuum_count, as
 * PostgreSQL's VACUUM too sets reltuples. There are no dead tuples to reclaim: a delete or an
 * overwrite leaves RocksDB versions its own compaction drops, and segment versions STORAGE COMPACT
 * drops. So VACUUM FULL — PostgreSQL's "rewrite the table to give back its space" — compacts: the
 * table's segments (a STORAGE COMPACT job, waited for) and RocksDB's files of its row and index
 * key ranges. That is server administration (dba and system roles, like STORAGE COMPACT); for
 * another role a FULL skips the table with a warning, as PostgreSQL skips a table its role may
 * not vacuum.
 *
 * Column lists are checked (42703) but change nothing: no per-column statistics are kept.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { displayName, findRelation, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { stringValue } from '../../sql/ast-util.js';
import { COMPACT_JOB, submitTableJob } from '../../storage/cold/flush-job.js';
import { indexAllPrefix, tablePrefix } from '../../storage/key-layout.js';
import { prefixEnd } from '../../storage/keycode.js';
import { countLiveRows } from '../../storage/stats/count-rows.js';
import type { PreparedStatement } from '../prepared-statement.js';
import { pagesOf } from '../relation-stats-lookup.js';
import type { SessionContext } from '../session-context.js';
import { utility } from './utility-statement.js';
import { readVacuumOptions, type VacuumOptions } from './vacuum-options.js';

interface VacuumRelationNode {
  readonly relation: RangeVarNode;
  readonly va_cols?: Node[];
}

/** A named relation, or the skip warning PostgreSQL gives for one that is not a table. */
type Target = { readonly table: TableDefinition; readonly columns: readonly string[] } | { readonly skip: string };

function targetOf(ctx: SessionContext, rel: VacuumRelationNode, verb: string): Target {
  const rv = rel.relation;
  const found = findRelation(ctx, rv.schemaname, rv.relname);
  if (!found) {
    if (rv.schemaname && !ctx.db.schema.namespace(rv.schemaname) && !ctx.db.schema.isBuiltinNamespace(rv.schemaname)) {
      throw Errors.undefinedSchema(rv.schemaname);
    }
    throw Errors.undefinedTable(displayName(rv));
  }
  if (found.kind !== 'table') return { skip: `skipping "${rv.relname}" --- cannot ${verb} non-tables or special system tables` };
  const columns = (rel.va_cols ?? []).map(stringValue);
  for (const col of columns) {
    if (!found.table.columns.some((c) => c.name === col)) {
      throw new SqlError('42703', `column "${col}" of relation "${found.table.name}" does not exist`);
    }
  }
  return { table: found.table, columns };
}

const mayCompact = (ctx: SessionContext): boolean => ctx.user.role === 'dba' || ctx.user.role === 'system';

/** VACUUM FULL's compaction: the segments (as STORAGE COMPACT, waited for), then RocksDB's files. */
async function compactStorage(ctx: SessionContext, table: TableDefinition, verbose: boolean): Promise<void> {
  const db = ctx.db;
  // The job compacts the scopes where that changes something (several segments, or tombstones).
  if (db.cold.scopes(table.id).length > 0) {
    const jobId = await submitTableJob(db.flushDeps, COMPACT_JOB, table);
    const job = await db.jobs.whenFinished(jobId);
    if (job.status !== 'completed') {
      throw new SqlError(job.status === 'cancelled' ? '57014' : 'XX000', `compaction job ${jobId} of "${table.name}" ${job.status}${job.error ? `: ${job.error}` : ''}`);
    }
    if (verbose) ctx.info(`"${table.namespace}.${table.name}": compacted its segments (job ${jobId}, ${job.rows ?? 0} rows kept)`);
  }
  const ranges = [tablePrefix(table.id), ...(table.indexes ?? []).filter((i) => !i.primary).map((i) => indexAllPrefix(i.storageId))];
  await db.rows.settle(); // commits acknowledged so far are in RocksDB's memtable, then its files
  for (const prefix of ranges) await db.kv.compactRange(prefix, prefixEnd(prefix));
  await db.sizes.hot.refresh();
}

async function maintain(ctx: SessionContext, table: TableDefinition, options: VacuumOptions): Promise<void> {
  const db = ctx.db;
  const qualified = `${table.namespace}.${table.name}`;
  if (options.vacuum && options.verbose) ctx.info(`vacuuming "${ctx.database}.${qualified}"`);
  if (options.full) await compactStorage(ctx, table, options.verbose);
  if (options.analyze && options.verbose) ctx.info(`analyzing "${qualified}"`);
  const start = db.stats.beginCount(table.id);
  const live = await countLiveRows(db.rows, table, ctx.pendingWrites(), () => ctx.checkCancel());
  const indexPages: Record<string, number> = {};
  for (const ix of table.indexes ?? []) indexPages[ix.oid] = pagesOf(db.sizes.indexBytes(ix));
  const relpages = pagesOf(db.sizes.tableBytes(table));
  await db.stats.finishCount(start, { analyzed: options.analyze, vacuumed: options.vacuum, liveRows: live, relpages, indexPages });
  if (!options.verbose) return;
  const segments = db.sizes.coldOf(table.id).segments;
  const where = segments === 0 ? 'in RocksDB' : `in RocksDB and ${segments} Parquet segment${segments === 1 ? '' : 's'}`;
  if (options.vacuum) ctx.info(`finished vacuuming "${ctx.database}.${qualified}": ${live} live rows ${where}, ${relpages} pages of 8 kB`);
  if (options.analyze) ctx.info(`"${table.name}": counted ${live} live rows ${where}; ${live} estimated total rows`);
}

export function prepareVacuum(ctx: SessionContext, body: Node): PreparedStatement {
  const s = body as { options?: Node[]; rels?: Node[]; is_vacuumcmd?: boolean };
  const isVacuum = s.is_vacuumcmd === true;
  const options = readVacuumOptions(isVacuum, s.options);
  const rels = (s.rels ?? []).map((r) => bodyOf<VacuumRelationNode>(r));
  if (!options.analyze && rels.some((r) => (r.va_cols?.length ?? 0) > 0)) {
    throw new SqlError('0A000', 'ANALYZE option must be specified when a column list is provided');
  }
  const verb = isVacuum ? 'vacuum' : 'analyze';
  return utility(ctx, async (c) => {
    // RocksDB's compaction and the compaction job commit on their own, as VACUUM does in PostgreSQL.
    if (isVacuum && (c.inTransactionBlock || c.inImplicitBlock)) throw new SqlError('25001', 'VACUUM cannot run inside a transaction block');
    const named = rels.map((r) => targetOf(c, r, verb));
    const tables: TableDefinition[] = [];
    for (const t of named) {
      if ('skip' in t) c.notice('01000', t.skip);
      else if (options.full && !mayCompact(c)) c.notice('01000', `skipping "${t.table.name}" --- only dba and system roles can vacuum it with FULL (it compacts the table's storage)`);
      else tables.push(t.table);
    }
    // No list: every table — or, for VACUUM FULL by another role, the ones it may compact: none.
    if (rels.length === 0 && (!options.full || mayCompact(c))) tables.push(...c.db.schema.listTables());
    for (const t of tables) {
      // A table dropped by another session since the list was made is passed over, as in PostgreSQL.
      if (c.db.schema.tableById(t.id)) await maintain(c, t, options);
    }
    return { tag: isVacuum ? 'VACUUM' : 'ANALYZE' };
  });
}
