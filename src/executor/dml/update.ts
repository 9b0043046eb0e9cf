/** UPDATE t SET c = expr, … [WHERE …] [RETURNING …] — a new row version per match, new _seq. */
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
import { bindTargetRows } from './target-rows.js';
import { SqlError } from '../../errors/sql-error.js';

interface UpdateStmtNode {
  relation: RangeVarNode;
  targetList: Node[];
  whereClause?: Node;
  fromClause?: Node[];
  returningList?: Node[];
}

export function prepareUpdate(ctx: SessionContext, node: Node, declared: readonly number[]): PreparedStatement {
  const stmt = node as unknown as UpdateStmtNode;
  if (stmt.fromClause?.length) throw Errors.featureNotSupported('UPDATE … FROM is not supported yet');
  const table = resolveUserTable(ctx, stmt.relation, (stmt.relation.location ?? 0) + 1, viewDmlError('UPDATE'));
  const alias = stmt.relation.alias?.aliasname ?? table.name;
  const access = tableAccess(table);
  const params = new StatementParams(declared);
  const target = bindTargetRows(table, alias, stmt.whereClause, params);
  const defaults = boundDefaults(table.columns);
  const sets: { index: number; expr: BoundExpr }[] = stmt.targetList.map((t) => {
    const rt = bodyOf<{ name: string; val: Node; location: number; indirection?: unknown[] }>(t);
    if (rt.indirection?.length) throw Errors.featureNotSupported('UPDATE of array elements or fields is not supported');
    const index = table.columns.findIndex((c) => c.name === rt.name);
    if (index < 0) throw Errors.undefinedColumn(`${rt.name}" of relation "${table.name}`, rt.location + 1);
    const col = table.columns[index]!;
    if (kindOf(rt.val) === 'SetToDefault') {
      const d = defaults[index];
      return { index, expr: d ?? { type: col.type, eval: () => null, label: col.name } };
    }
    if (col.identity === 'ALWAYS') {
      throw new SqlError('428C9', `column "${col.name}" can only be updated to DEFAULT`, {
        detail: `Column "${col.name}" is an identity column defined as GENERATED ALWAYS.`,
      });
    }
    return { index, expr: coerceForColumn(bindExpr(rt.val, target.scope, params, { expected: col.type }), col.type, col.name) };
  });
  if (new Set(sets.map((s) => s.index)).size !== sets.length) {
    const dup = sets.find((s, i) => sets.findIndex((x) => x.index === s.index) !== i)!;
    throw Errors.duplicateColumn(`multiple assignments to same column "${table.columns[dup.index]!.name}"`);
  }
  const touchesKey = sets.some((s) => access.pkPositions.includes(s.index));
  const returning = stmt.returningList ? bindTargets(stmt.returningList, target.scope, params) : null;

  return {
    columns: returning ? returning.map((r) => r.column) : null,
    paramTypes: params.resolve(maxParamNumber(node)),
    catalogVersion: ctx.db.schema.version,
    async execute(ctx, values) {
      await prepareSequences(ctx);
      const ectx = makeEvalContext(ctx, values);
      const rows = await target.fetch(ctx, ectx);
      const ws = ctx.writeSet();
      const partition = partitionOf(ctx, table);
      const updated: Value[][] = [];
      const newKeys: Buffer[] = [];
      for (const old of rows) {
        const next = old.slice();
        for (const s of sets) next[s.index] = s.expr.eval(old, ectx);
        next[access.seqIndex] = ctx.db.snowflake.next();
        checkNotNull(table, next);
        updated.push(next);
        newKeys.push(access.keyOf(partition, next));
      }
      if (touchesKey) {
        // Moving rows: every old key goes, then every new key must be free.
        const oldIds = new Set(rows.map((r) => keyId(access.keyOf(partition, r))));
        for (const r of rows) ws.delete(access.keyOf(partition, r));
        const existing = await ctx.db.rows.getMany(newKeys, ws);
        const seen = new Set<string>();
        updated.forEach((r, i) => {
          const id = keyId(newKeys[i]!);
          if (existing[i] || seen.has(id)) throw duplicateKey(table, access, r, ctx.typeContext());
          seen.add(id);
          if (!oldIds.has(id)) ws.markInsert(newKeys[i]!, () => duplicateKey(table, access, r, ctx.typeContext()));
        });
      }
      updated.forEach((r, i) => ws.put(newKeys[i]!, access.encode(r, r[access.seqIndex] as bigint)));
      const out = returning ? updated.map((r) => returning.map((t) => t.expr.eval(r, ectx))) : undefined;
      return { tag: `UPDATE ${updated.length}`, rows: out };
    },
  };
}
