/**
 * INSERT … VALUES (…), (…) | SELECT … [ON CONFLICT (pk) DO NOTHING | DO UPDATE SET …] [RETURNING …]
 *
 *   bind:    target columns, one BoundExpr per VALUES cell (coerced to the column type; DEFAULT →
 *            the column default), RETURNING over the table's row layout
 *   execute: build rows → NOT NULL → keys → one getMany for uniqueness → write set
 */
import { requireDmlPrivileges } from '../privileges/dml-privileges.js';
import { tableObject } from '../privileges/privilege-check.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, maxParamNumber, stringList } from '../../binder/ast.js';
import { boundDefaults } from '../../binder/bind-default.js';
import { bindTargets, type BoundTarget } from '../../binder/bind-targets.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import type { BoundExpr } from '../../binder/expr/bound-expr.js';
import { StatementParams } from '../../binder/param-slots.js';
import { RangeScope, noColumns } from '../../binder/range-scope.js';
import { viewDmlError } from './view-target.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import { tableEntry } from '../../binder/table-scope.js';
import { formatType } from '../../types/declared-type.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import type { PreparedStatement, StatementResult } from '../prepared-statement.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import { tableAccess } from '../table-access.js';
import { partitionOf } from '../query/table-scan.js';
import { keyId, type KeyId } from '../../storage/row-store.js';
import { checkNotNull, duplicateKey, pkeyName } from './row-checks.js';
import { RowError, WRITE_ENTRY_BYTES, atRow, insertRows } from './insert-rows.js';
import { enforceRowChanges, indexNamed, type RowChange } from './row-changes.js';
import { displaceExpired, forgetExpired } from './expired-rows.js';
import type { IndexAccess } from '../index-access.js';
import { prepareSelectSource, type RowSource } from '../query/select-source.js';
import { SubplanList } from '../subquery/subplan-list.js';
import { modifyTableNode } from '../../planner/explain/modify-nodes.js';
import { PlanNode } from '../../planner/explain/plan-node.js';
import type { PlanStats } from '../../planner/explain/plan-stats.js';

/** VALUES items cannot see the target table's columns. */
const NO_COLUMNS = noColumns((names, position) => Errors.undefinedColumn(names.join('.'), position));

/** Coerces a value for column `name`, with PostgreSQL's message when the types do not fit. */
export function coerceForColumn(expr: BoundExpr, type: ColumnType, name: string): BoundExpr {
  try {
    return coerceToType(expr, type, 'assignment');
  } catch (e) {
    if (e instanceof SqlError && e.code === '42804') {
      throw Errors.datatypeMismatch(
        `column "${name}" is of type ${formatType(type.oid, type.typmod)} but expression is of type ${formatType(expr.type.oid, expr.type.typmod)}`,
        e.position,
        'You will need to rewrite or cast the expression.',
      );
    }
    throw e;
  }
}

interface InsertStmtNode {
  relation: RangeVarNode;
  cols?: Node[];
  selectStmt?: Node;
  onConflictClause?: {
    action: 'ONCONFLICT_NOTHING' | 'ONCONFLICT_UPDATE';
    infer?: { indexElems?: Node[]; conname?: string };
    targetList?: Node[];
    whereClause?: Node;
  };
  returningList?: Node[];
  override?: string;
}

/** What can conflict: the primary key ('pk') or unique indexes. */
type Arbiter = 'pk' | IndexAccess;

type ConflictPlan =
  | { kind: 'nothing'; arbiters: Arbiter[] }
  | { kind: 'update'; arbiters: Arbiter[]; sets: { index: number; expr: BoundExpr }[]; where: BoundExpr | null };

export function prepareInsert(
  ctx: SessionContext, node: Node, declared: readonly number[], shared?: StatementParams,
): PreparedStatement {
  const stmt = node as unknown as InsertStmtNode;
  const table = resolveUserTable(ctx, stmt.relation, (stmt.relation.location ?? 0) + 1, viewDmlError('INSERT'));
  requireDmlPrivileges(ctx, tableObject(table), 'InsertStmt', node);
  // `shared`: the statement's parameters when this is part of one (a WITH query, or under one).
  const params = shared ?? new StatementParams(declared);
  const alias = stmt.relation.alias?.aliasname ?? table.name;
  const access = tableAccess(table);

  // Target columns, in the order the statement names them. Without a column list PostgreSQL
  // fills the table's leading columns, as many as the source supplies; the rest get defaults.
  let targets: number[] = stmt.cols
    ? stmt.cols.map((c) => {
        const rt = bodyOf<{ name: string; location: number; indirection?: unknown[] }>(c);
        if (rt.indirection?.length) throw Errors.featureNotSupported('INSERT into array elements or fields is not supported');
        const i = table.columns.findIndex((col) => col.name === rt.name);
        if (i < 0) throw Errors.undefinedColumn(`${rt.name}" of relation "${table.name}`, rt.location + 1);
        return i;
      })
    : table.columns.map((_, i) => i);
  if (new Set(targets).size !== targets.length) {
    const dup = targets.find((t, i) => targets.indexOf(t) !== i)!;
    throw Errors.duplicateColumn(`column "${table.columns[dup]!.name}" specified more than once`);
  }
  const overriding = stmt.override === 'OVERRIDING_SYSTEM_VALUE';
  const defaults = boundDefaults(table.columns);

  // Source rows: VALUES lists bound cell by cell, or a query.
  let valueRows: (BoundExpr | null)[][] | null = null;
  const subqueries = new SubplanList(ctx, params);
  let query: RowSource | null = null;
  const select = stmt.selectStmt ? bodyOf<{ valuesLists?: Node[] }>(stmt.selectStmt) : null;
  if (select?.valuesLists) {
    const widths = select.valuesLists.map((l) => (l.List as { items: Node[] }).items.length);
    if (widths.some((w) => w !== widths[0])) throw Errors.syntax('VALUES lists must all be the same length');
    if (!stmt.cols && widths[0]! < targets.length) targets = targets.slice(0, widths[0]);
    valueRows = select.valuesLists.map((list) => {
      const items = (list.List as { items: Node[] }).items;
      if (items.length > targets.length) throw Errors.syntax('INSERT has more expressions than target columns');
      if (items.length < targets.length) throw Errors.syntax('INSERT has more target columns than expressions');
      return items.map((item, k) => {
        const col = table.columns[targets[k]!]!;
        if (kindOf(item) === 'SetToDefault') return null;
        if (col.identity === 'ALWAYS' && !overriding) {
          throw new SqlError('428C9', `cannot insert a non-DEFAULT value into column "${col.name}"`, {
            detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.`,
            hint: 'Use OVERRIDING SYSTEM VALUE to override.',
          });
        }
        return coerceForColumn(bindExpr(item, NO_COLUMNS, params, { expected: col.type, subqueries }), col.type, col.name);
      });
    });
  } else if (stmt.selectStmt) {
    query = prepareSelectSource(ctx, stmt.selectStmt, params);
    if (!stmt.cols && query.columns.length < targets.length) targets = targets.slice(0, query.columns.length);
    if (query.columns.length > targets.length) throw Errors.syntax('INSERT has more expressions than target columns');
    if (query.columns.length < targets.length) throw Errors.syntax('INSERT has more target columns than expressions');
    query.columns.forEach((c, k) => {
      const col = table.columns[targets[k]!]!;
      const probe: BoundExpr = { type: c.type, eval: () => null, label: c.name };
      coerceForColumn(probe, col.type, col.name);
    });
  } else {
    valueRows = [[]]; // INSERT … DEFAULT VALUES
  }
  const queryCoercions = query
    ? query.columns.map((c, k) => {
        const col = table.columns[targets[k]!]!;
        return coerceForColumn({ type: c.type, eval: (row) => row[k]!, label: c.name }, col.type, col.name);
      })
    : null;

  // ON CONFLICT: the arbiter is the primary key or a unique index, by columns or by name.
  let conflict: ConflictPlan | null = null;
  const oc = stmt.onConflictClause;
  let arbiterNames: string[] = [];
  if (oc) {
    const inferred = (oc.infer?.indexElems ?? []).map((e) => bodyOf<{ name: string }>(e).name);
    const uniques = (table.indexes ?? []).filter((i) => i.unique);
    const keyNames = (ordinals: readonly number[]) => ordinals.map((o) => table.columns.find((c) => c.ordinal === o)!.name);
    const pkIndex = access.pkPositions.length > 0 ? { name: pkeyName(table), primary: true, columns: table.primaryKey } : null;
    const candidates = uniques.length > 0 ? uniques : pkIndex ? [pkIndex] : [];
    let chosen: { name: string; primary: boolean; columns: readonly number[] }[];
    if (oc.infer?.conname) {
      const named = candidates.find((i) => i.name === oc.infer!.conname);
      if (!named) throw Errors.undefinedObject(`constraint "${oc.infer.conname}" for table "${table.name}" does not exist`);
      chosen = [named];
    } else if (inferred.length > 0) {
      chosen = candidates.filter((i) => {
        const names = keyNames(i.columns);
        return names.length === inferred.length && inferred.every((n) => names.includes(n));
      });
    } else {
      chosen = oc.action === 'ONCONFLICT_NOTHING' ? candidates : [];
    }
    if (chosen.length === 0) {
      throw new SqlError('42P10', 'there is no unique or exclusion constraint matching the ON CONFLICT specification');
    }
    arbiterNames = chosen.map((i) => i.name);
    const arbiters = chosen.map((i) => (i.primary ? ('pk' as const) : indexNamed(table, i.name)!));
    if (oc.action === 'ONCONFLICT_NOTHING') conflict = { kind: 'nothing', arbiters };
    else {
      // Scope: the existing row as the table (or its alias), the proposed row as EXCLUDED.
      const scope = new RangeScope([tableEntry(table, alias, 0), tableEntry(table, 'excluded', access.width)]);
      const sets = (oc.targetList ?? []).map((t) => {
        const rt = bodyOf<{ name: string; val: Node; location: number }>(t);
        const index = table.columns.findIndex((c) => c.name === rt.name);
        if (index < 0) throw Errors.undefinedColumn(`${rt.name}" of relation "${table.name}`, rt.location + 1);
        if (access.pkPositions.includes(index)) throw Errors.featureNotSupported('ON CONFLICT DO UPDATE cannot change the primary key');
        const col = table.columns[index]!;
        return { index, expr: coerceForColumn(bindExpr(rt.val, scope, params, { expected: col.type, subqueries }), col.type, col.name) };
      });
      conflict = { kind: 'update', arbiters, sets, where: oc.whereClause ? bindExpr(oc.whereClause, scope, params, { subqueries }) : null };
    }
  }

  const returning: BoundTarget[] | null = stmt.returningList
    ? bindTargets(stmt.returningList, new RangeScope([tableEntry(table, alias, 0)]), params, { subqueries })
    : null;
  const paramTypes = params.resolve(maxParamNumber(node));
  const source = query ? query.plan : PlanNode.create(valueRows && valueRows.length > 1 ? 'Values Scan on "*VALUES*"' : 'Result');
  const plan = modifyTableNode('Insert', table.name, alias, source, subqueries.sidePlans(),
    oc ? [`Conflict Resolution: ${oc.action === 'ONCONFLICT_NOTHING' ? 'NOTHING' : 'UPDATE'}`, `Conflict Arbiter Indexes: ${arbiterNames.join(', ')}`] : []);

  return {
    columns: returning ? returning.map((r) => r.column) : null,
    paramTypes,
    catalogVersion: ctx.db.schema.version,
    plan,
    async execute(ctx: SessionContext, values: readonly Value[], stats?: PlanStats): Promise<StatementResult> {
      await prepareSequences(ctx);
      const ectx = makeEvalContext(ctx, values, stats);
      // Subqueries read the tables as the statement found them: before any row is written.
      await subqueries.prepare(ctx, ectx);
      const sourceRows: Value[][] = [];
      if (valueRows) {
        for (const cells of valueRows) {
          const row = new Array<Value>(access.width).fill(null);
          const given = new Array<boolean>(table.columns.length).fill(false);
          cells.forEach((cell, k) => {
            if (cell) {
              row[targets[k]!] = cell.eval([], ectx);
              given[targets[k]!] = true;
            }
          });
          for (let i = 0; i < table.columns.length; i++) {
            if (!given[i] && defaults[i]) row[i] = defaults[i]!.eval([], ectx);
          }
          sourceRows.push(row);
        }
      } else if (query && queryCoercions) {
        for (const src of await query.run(ctx, ectx)) {
          const row = new Array<Value>(access.width).fill(null);
          const given = new Array<boolean>(table.columns.length).fill(false);
          queryCoercions.forEach((c, k) => {
            row[targets[k]!] = c.eval(src, ectx);
            given[targets[k]!] = true;
          });
          for (let i = 0; i < table.columns.length; i++) {
            if (!given[i] && defaults[i]) row[i] = defaults[i]!.eval([], ectx);
          }
          sourceRows.push(row);
        }
      }
      if (valueRows) stats?.count(source.key, sourceRows.length);
      const written = await writeRows(ctx, table, sourceRows, conflict, ectx);
      const rows = returning ? written.map((r) => returning.map((t) => t.expr.eval(r, ectx))) : undefined;
      stats?.count(plan.key, rows?.length ?? 0);
      return { tag: `INSERT 0 ${written.length}`, rows };
    },
  };
}

/** Writes full rows (table layout, `_seq` and `_deleted` filled here) into the write set. */
export async function writeRows(
  ctx: SessionContext,
  table: TableDefinition,
  rows: Value[][],
  conflict: ConflictPlan | null,
  ectx: ReturnType<typeof makeEvalContext>,
  /** The CONTEXT of an error in row i (COPY's `COPY t, line N`). */
  context?: (i: number) => string,
): Promise<Value[][]> {
  try {
    return conflict ? await writeEach(ctx, table, rows, conflict, ectx) : await insertRows(ctx, table, rows, ectx);
  } catch (e) {
    if (context && e instanceof RowError) e.error.where = context(e.index);
    throw e instanceof RowError ? e.error : e;
  }
}



async function writeEach(
  ctx: SessionContext,
  table: TableDefinition,
  rows: Value[][],
  conflict: ConflictPlan | null,
  ectx: ReturnType<typeof makeEvalContext>,
): Promise<Value[][]> {
  const access = tableAccess(table);
  const partition = partitionOf(ctx, table);
  const ws = ctx.writeSet();
  const snowflake = ctx.db.snowflake;
  rows.forEach((row, i) => {
    row[access.seqIndex] = snowflake.next();
    row[access.deletedIndex] = false;
    atRow(i, () => checkNotNull(table, row, ctx.typeContext()));
  });
  const keys = rows.map((r) => access.keyOf(partition, r));
  const existing = access.pkPositions.length > 0 ? await ctx.db.rows.getMany(keys, ws) : keys.map(() => undefined);
  const displaced = await displaceExpired(ctx, table, partition, existing);
  // Unique-index arbiters: the row each proposed row's entry points at, if any.
  const indexArbiters = (conflict?.arbiters ?? []).filter((a): a is IndexAccess => a !== 'pk');
  const pkArbiter = !conflict || conflict.arbiters.includes('pk');
  const arbiterRows = await Promise.all(indexArbiters.map(async (ix) => {
    const entries = await ctx.db.rows.getMany(rows.map((r) => ix.entryKey(partition, r)), ws);
    const rowKeys = entries.map((e, i) => (e && ix.collides(rows[i]!) ? access.keyOfPkBytes(partition, e) : null));
    const found = await ctx.db.rows.getMany(rowKeys.filter((k): k is Buffer => k !== null), ws);
    forgetExpired(table, found);
    let j = 0;
    return rowKeys.map((k) => (k ? found[j++] : undefined));
  }));
  // One reporter for every row (a bulk load marks a million keys): the row is in the write set.
  const duplicateOf = (id: KeyId): Error => duplicateKey(table, access, access.decode(ws.writes.get(id)!), ctx.typeContext());
  const written: Value[][] = [];
  const changes: RowChange[] = [];
  const seen = new Map<string, Value[]>();
  const seenEntries = indexArbiters.map(() => new Map<string, Value[]>());
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const id = keyId(keys[i]!);
    let earlier = pkArbiter ? seen.get(id) : undefined;
    let prior = earlier ?? (pkArbiter && existing[i] ? access.decode(existing[i]!) : undefined);
    indexArbiters.forEach((ix, a) => {
      if (prior || !ix.collides(row)) return;
      const entry = keyId(ix.entryKey(partition, row));
      earlier = seenEntries[a]!.get(entry);
      const found = arbiterRows[a]![i];
      prior = earlier ?? (found ? access.decode(found) : undefined);
    });
    if (!prior && !pkArbiter && (existing[i] || seen.has(id))) throw new RowError(i, duplicateKey(table, access, row, ctx.typeContext()));
    if (prior) {
      if (!conflict) throw new RowError(i, duplicateKey(table, access, row, ctx.typeContext()));
      if (conflict.kind === 'nothing') continue;
      if (earlier) {
        throw new SqlError('21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
          hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
        });
      }
      const both = [...prior, ...row];
      if (conflict.where && conflict.where.eval(both, ectx) !== true) continue;
      const next = prior.slice();
      for (const s of conflict.sets) next[s.index] = s.expr.eval(both, ectx);
      next[access.seqIndex] = snowflake.next();
      checkNotNull(table, next, ctx.typeContext());
      const priorKey = access.keyOf(partition, prior);
      ws.delete(priorKey);
      const nextKey = access.keyOf(partition, next);
      ws.put(nextKey, access.encode(next, next[access.seqIndex] as bigint));
      seen.set(keyId(nextKey), next);
      indexArbiters.forEach((ix, a) => seenEntries[a]!.set(keyId(ix.entryKey(partition, next)), next));
      changes.push({ old: prior, next });
      written.push(next);
      continue;
    }
    const encoded = access.encode(row, row[access.seqIndex] as bigint);
    // The write set holds every row until COMMIT: a load too big for the statement's memory
    // fails with 53200 instead of taking the server's heap.
    ectx.memory?.charge(WRITE_ENTRY_BYTES + 2 * id.length + encoded.length);
    ws.put(keys[i]!, encoded);
    if (!displaced.has(i)) ws.markInsert(keys[i]!, duplicateOf);
    seen.set(id, row);
    indexArbiters.forEach((ix, a) => seenEntries[a]!.set(keyId(ix.entryKey(partition, row)), row));
    changes.push({ old: null, next: row });
    written.push(row);
  }
  await enforceRowChanges(ctx, table, changes, ectx);
  return written;
}
