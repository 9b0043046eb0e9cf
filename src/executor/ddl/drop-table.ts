/** DROP TABLE | DROP VIEW [IF EXISTS] a, b [CASCADE | RESTRICT]. */
import { requireOwner, tableObject, viewObject } from '../privileges/privilege-check.js';
import { recordDroppedTable, recordDroppedViews } from './ddl-undo.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { stringList } from '../../binder/ast.js';
import { findRelation } from '../../binder/resolve-relation.js';
import type { TableDefinition, ViewDefinition } from '../../catalog/table-definition.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { deleteIndexEntries, deleteTableRows, indexStorageIds } from './namespace-ddl.js';
import { referencing } from '../dml/row-changes.js';
import { saveObjects } from './alter-table.js';
import { checkDependents, dependentViews } from './view-dependents.js';

export type DropKind = 'table' | 'view';

const OTHER: Record<DropKind, { is: DropKind; use: string }> = {
  table: { is: 'view', use: 'Use DROP VIEW to remove a view.' },
  view: { is: 'table', use: 'Use DROP TABLE to remove a table.' },
};

export async function dropRelations(
  ctx: SessionContext,
  objects: Node[],
  kind: DropKind,
  missingOk: boolean,
  cascade: boolean,
): Promise<StatementResult> {
  const tag = kind === 'table' ? 'DROP TABLE' : 'DROP VIEW';
  const tables: TableDefinition[] = [];
  const views: ViewDefinition[] = [];
  for (const obj of objects) {
    const names = stringList((obj.List as { items: Node[] }).items);
    const rel = names.length === 1 ? findRelation(ctx, undefined, names[0]!) : findRelation(ctx, names[names.length - 2], names[names.length - 1]!);
    const shown = names.join('.');
    if (!rel) {
      if (missingOk) {
        ctx.notice('00000', `${kind} "${names[names.length - 1]}" does not exist, skipping`);
        continue;
      }
      throw new SqlError('42P01', `${kind} "${shown}" does not exist`);
    }
    if (rel.kind === 'virtual') throw Errors.insufficientPrivilege(`permission denied: "${shown}" is a system catalog`);
    if (rel.kind !== kind) throw new SqlError('42809', `"${shown}" is not a ${kind}`, { hint: OTHER[kind].use });
    requireOwner(ctx, rel.kind === 'table' ? tableObject(rel.table) : viewObject(rel.view));
    if (rel.kind === 'table') tables.push(rel.table);
    else views.push(rel.view);
  }
  // Foreign keys of other tables that reference a dropped one: RESTRICT refuses, CASCADE drops them.
  const fks = tables.flatMap((t) => referencing(ctx, t).filter((r) => !tables.some((x) => x.id === r.child.id)).map((r) => ({ ...r, parent: t })));
  if (fks.length > 0) {
    const lines = fks.map((r) => `constraint ${r.fk.name} on table ${r.child.name} depends on table ${r.parent.name}`);
    if (!cascade) {
      throw new SqlError('2BP01', `cannot drop table ${tables[0]!.name} because other objects depend on it`, {
        detail: lines.join('\n'), hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    ctx.notice('00000', fks.length === 1 ? `drop cascades to constraint ${fks[0]!.fk.name} on table ${fks[0]!.child.name}` : `drop cascades to ${fks.length} other objects`);
    for (const r of fks) {
      const child = ctx.db.schema.tableById(r.child.id)!;
      await saveObjects(ctx, child, { constraints: (child.constraints ?? []).filter((c) => c.oid !== r.fk.oid), indexes: child.indexes });
    }
  }
  const targets = [...tables.map((t) => t.oid), ...views.map((v) => v.oid)];
  const dependents = dependentViews(ctx.db.schema, targets);
  const first = tables[0] ?? views[0];
  if (first) checkDependents(ctx, `${kind} ${first.name}`, dependents, cascade);
  const droppedViews = [...dependents.map((d) => d.view), ...views];
  await ctx.db.schema.dropViews(droppedViews);
  recordDroppedViews(ctx, droppedViews);
  for (const t of tables) {
    const owned = ctx.db.schema.ownedSequences(t);
    await ctx.db.schema.dropTable(t);
    const deleteAll = async () => {
      await deleteTableRows(ctx, t.id);
      await deleteIndexEntries(ctx, indexStorageIds(t));
    };
    const rowsGoNow = recordDroppedTable(ctx, t, owned, deleteAll);
    if (rowsGoNow) await deleteAll();
  }
  return { tag };
}
