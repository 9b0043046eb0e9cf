/** UPDATE t SET c = expr, … [WHERE …] [RETURNING …] — a new row version per match, new _seq. */
import { requireDmlPrivileges } from '../privileges/dml-privileges.js';
import { tableObject } from '../privileges/privilege-check.js';
import { Errors } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, maxParamNumber } from '../../binder/ast.js';
import { bindTargets } from '../../binder/bind-targets.js';
import { boundDefaults } from '../../binder/bind-default.js';
import { bindExpr } from '../../binder/expr/bind-expr.js';
import type { BoundExpr } from '../../binder/expr/bound-expr.js';
import { StatementParams } from '../../binder/param-slots.js';
import { viewDmlError } from './view-target.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { Value } from '../../types/kalam-type.js';
import { keyId } from '../../storage/row-store.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { makeEvalContext, prepareSequences } from '../eval-context.js';
import { tableAccess } from '../table-access.js';
import { partitionOf } from '../query/table-scan.js';
import { coerceForColumn } from './insert.js';
import { checkNotNull, duplicateKey } from './row-checks.js';
import { enforceRowChanges } from './row-changes.js';
import { displaceExpired } from './expired-rows.js';
import { bindTargetRows } from './target-rows.js';
import { bindSubscriptAssignment, type ColumnAssignment } from './subscript-assignment.js';
import { SqlError } from '../../errors/sql-error.js';
import { SubplanList } from '../subquery/subplan-list.js';
import { modifyTableNode } from '../../planner/explain/modify-nodes.js';

interface UpdateStmtNode {
  relation: RangeVarNode;
  targetList: Node[];
  whereClause?: Node;
  fromClause?: Node[];
  returningList?: Node[];
}

export function prepareUpdate(
  ctx: SessionContext, node: Node, declared: readonly number[], shared?: StatementParams,
): PreparedStatement {
  const stmt = node as unknown as UpdateStmtNode;
  const table = resolveUserTable(ctx, stmt.relation, (stmt.relation.location ?? 0) + 1, viewDmlError('UPDATE'));
  requireDmlPrivileges(ctx, tableObject(table), 'UpdateStmt', node);
  const alias = stmt.relation.alias?.aliasname ?? table.name;
  const access = tableAccess(table);
  // `shared`: the statement's parameters when this is part of one (a WITH query, or under one).
  const params = shared ?? new StatementParams(declared);
  const subqueries = new SubplanList(ctx, params);
  const target = bindTargetRows(ctx, table, alias, stmt.whereClause, params, stmt.fromClause, subqueries);
  const defaults = boundDefaults(table.columns);
  const sets: { index: number; expr: BoundExpr; assign?: ColumnAssignment }[] = stmt.targetList.map((t) => {
    const rt = bodyOf<{ name: string; val: Node; location: number; indirection?: Node[] }>(t);
    const index = table.columns.findIndex((c) => c.name === rt.name);
    if (index < 0) throw Errors.undefinedColumn(`${rt.name}" of relation "${table.name}`, rt.location + 1);
    const col = table.columns[index]!;
    if (rt.indirection?.length) {
      const assign = bindSubscriptAssignment(col, rt.indirection, rt.val, target.scope, params);
      return { index, expr: { type: col.type, eval: () => null, label: col.name }, assign };
    }
    const val = multiAssignItem(rt.val);
    if (kindOf(val) === 'SetToDefault') {
      const d = defaults[index];
      return { index, expr: d ?? { type: col.type, eval: () => null, label: col.name } };
    }
    if (col.identity === 'ALWAYS') {
      throw new SqlError('428C9', `column "${col.name}" can only be updated to DEFAULT`, {
        detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.`,
      });
    }
    return { index, expr: coerceForColumn(bindExpr(val, target.scope, params, { expected: col.type, subqueries }), col.type, col.name) };
  });
  // Subscripted assignments to one column compose; any other repetition is an error.
  const dup = sets.find((s, i) => sets.findIndex((x) => x.index === s.index) !== i
    && (s.assign === undefined || sets.some((x) => x.index === s.index && x.assign === undefined)));
  if (dup !== undefined) {
    throw Errors.duplicateColumn(`multiple assignments to same column "${table.columns[dup.index]!.name}"`);
  }
  // Without a primary key a row is keyed by its _seq, which every update renews: the key moves.
  const touchesKey = access.pkPositions.length === 0 || sets.some((s) => access.pkPositions.includes(s.index));
  const returning = stmt.returningList ? bindTargets(stmt.returningList, target.scope, params, { subqueries }) : null;

  const plan = modifyTableNode('Update', table.name, alias, target.plan, subqueries.sidePlans());
  return {
    columns: returning ? returning.map((r) => r.column) : null,
    paramTypes: params.resolve(maxParamNumber(node)),
    catalogVersion: ctx.db.schema.version,
    plan,
    async execute(ctx, values, stats) {
      await prepareSequences(ctx);
      const ectx = makeEvalContext(ctx, values, stats);
      // Subqueries read the table as the statement found it: before any row is written.
      await subqueries.prepare(ctx, ectx);
      const rows = await target.fetch(ctx, ectx);
      const ws = ctx.writeSet();
      const partition = partitionOf(ctx, table);
      const updated: Value[][] = [];
      const newKeys: Buffer[] = [];
      for (const old of rows) {
        const next = old.slice(0, target.width);
        for (const s of sets) next[s.index] = s.assign ? s.assign(old, next[s.index]!, ectx) : s.expr.eval(old, ectx);
        next[access.seqIndex] = ctx.db.snowflake.next();
        checkNotNull(table, next, ctx.typeContext());
        updated.push(next);
        newKeys.push(access.keyOf(partition, next));
      }
      if (touchesKey) {
        // Moving rows: every old key goes, then every new key must be free.
        const oldIds = new Set(rows.map((r) => keyId(access.keyOf(partition, r))));
        for (const r of rows) ws.delete(access.keyOf(partition, r));
        const existing = await ctx.db.rows.getMany(newKeys, ws);
        const displaced = await displaceExpired(ctx, table, partition, existing);
        const seen = new Set<string>();
        updated.forEach((r, i) => {
          const id = keyId(newKeys[i]!);
          if (existing[i] || seen.has(id)) throw duplicateKey(table, access, r, ctx.typeContext());
          seen.add(id);
          if (!oldIds.has(id) && !displaced.has(i)) ws.markInsert(newKeys[i]!, () => duplicateKey(table, access, r, ctx.typeContext()));
        });
      }
      updated.forEach((r, i) => ws.put(newKeys[i]!, access.encode(r, r[access.seqIndex] as bigint)));
      await enforceRowChanges(ctx, table, rows.map((r, i) => ({ old: r.slice(0, target.width), next: updated[i]! })), ectx);
      // RETURNING sees the new row version next to the FROM items' row it was matched with.
      const out = returning ? updated.map((r, i) => returning.map((t) => t.expr.eval(r.concat(rows[i]!.slice(target.width)), ectx))) : undefined;
      stats?.count(plan.key, out?.length ?? 0);
      return { tag: `UPDATE ${updated.length}`, rows: out };
    },
  };
}

/** `SET (a, b) = (x, y)`: each column gets its item of the row; a sub-SELECT source is not supported. */
function multiAssignItem(val: Node): Node {
  if (kindOf(val) !== 'MultiAssignRef') return val;
  const m = bodyOf<{ source: Node; colno: number; ncolumns: number }>(val);
  if (kindOf(m.source) !== 'RowExpr') throw Errors.featureNotSupported('UPDATE … SET (columns) = (SELECT …) is not supported yet');
  const args = bodyOf<{ args: Node[] }>(m.source).args;
  if (args.length !== m.ncolumns) {
    throw Errors.syntax(args.length < m.ncolumns ? 'number of columns does not match number of values' : 'number of columns does not match number of values');
  }
  return args[m.colno - 1]!;
}
