/** DROP TABLE [IF EXISTS] a, b [CASCADE]. */
import { Errors } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { stringList } from '../../binder/ast.js';
import { findRelation } from '../../binder/resolve-relation.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { deleteTableRows } from './namespace-ddl.js';

export async function dropTables(ctx: SessionContext, objects: Node[], missingOk: boolean): Promise<StatementResult> {
  const targets: TableDefinition[] = [];
  for (const obj of objects) {
    const names = stringList((obj.List as { items: Node[] }).items);
    const rel = names.length === 1 ? findRelation(ctx, undefined, names[0]!) : findRelation(ctx, names[names.length - 2], names[names.length - 1]!);
    const shown = names.join('.');
    if (!rel) {
      if (missingOk) {
        ctx.notice('00000', `table "${names[names.length - 1]}" does not exist, skipping`);
        continue;
      }
      throw Errors.undefinedTable(shown);
    }
    if (rel.kind === 'virtual') throw Errors.insufficientPrivilege(`permission denied: "${shown}" is a system catalog`);
    targets.push(rel.table);
  }
  for (const t of targets) {
    await ctx.db.schema.dropTable(t);
    await deleteTableRows(ctx, t.id);
  }
  return { tag: 'DROP TABLE' };
}
