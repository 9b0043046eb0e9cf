/** DELETE FROM t [WHERE …] [RETURNING …]. */
import { requireDmlPrivileges } from '../privileges/dml-privileges.js';
import { tableObject } from '../privileges/privilege-check.js';
import type { Node } from '../../binder/ast.js';
import { maxParamNumber } from '../../binder/ast.js';
import { bindTargets } from '../../binder/bind-targets.js';
import { StatementParams } from '../../binder/param-slots.js';
import { viewDmlError } from './view-target.js';
import { resolveUserTable, type RangeVarNode } from '../../binder/resolve-relation.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { makeEvalContext } from '../eval-context.js';
import { tableAccess } from '../table-access.js';
import { partitionOf } from '../query/table-scan.js';
import { bindTargetRows } from './target-rows.js';
import { enforceRowChanges } from './row-changes.js';
import { SubplanList } from '../subquery/subplan-list.js';
import { modifyTableNode } from '../../planner/explain/modify-nodes.js';

interface DeleteStmtNode {
  relation: RangeVarNode;
  whereClause?: Node;
  usingClause?: Node[];
  returningList?: Node[];
}

export function prepareDelete(
  ctx: SessionContext, node: Node, declared: readonly number[], shared?: StatementParams,
): PreparedStatement {
  const stmt = node as unknown as DeleteStmtNode;
  const table = resolveUserTable(ctx, stmt.relation, (stmt.relation.location ?? 0) + 1, viewDmlError('DELETE'));
  requireDmlPrivileges(ctx, tableObject(table), 'DeleteStmt', node);
  const alias = stmt.relation.alias?.aliasname ?? table.name;
  const access = tableAccess(table);
  // `shared`: the statement's parameters when this is part of one (a WITH query, or under one).
  const params = shared ?? new StatementParams(declared);
  const subqueries = new SubplanList(ctx, params);
  const target = bindTargetRows(ctx, table, alias, stmt.whereClause, params, stmt.usingClause, subqueries);
  const returning = stmt.returningList ? bindTargets(stmt.returningList, target.scope, params, { subqueries }) : null;
  const plan = modifyTableNode('Delete', table.name, alias, target.plan, subqueries.sidePlans());
  return {
    columns: returning ? returning.map((r) => r.column) : null,
    paramTypes: params.resolve(maxParamNumber(node)),
    catalogVersion: ctx.db.schema.version,
    plan,
    async execute(ctx, values, stats) {
      const ectx = makeEvalContext(ctx, values, stats);
      await subqueries.prepare(ctx, ectx);
      const rows = await target.fetch(ctx, ectx);
      const ws = ctx.writeSet();
      const partition = partitionOf(ctx, table);
      for (const r of rows) ws.delete(access.keyOf(partition, r));
      await enforceRowChanges(ctx, table, rows.map((r) => ({ old: r.slice(0, target.width), next: null })), ectx);
      const out = returning ? rows.map((r) => returning.map((t) => t.expr.eval(r, ectx))) : undefined;
      stats?.count(plan.key, out?.length ?? 0);
      return { tag: `DELETE ${rows.length}`, rows: out };
    },
  };
}
