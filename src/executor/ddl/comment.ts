/**
 * COMMENT ON TABLE / COLUMN / TYPE: the comment lives on the table's (type's) definition (pg_description reads it
 * from there). `IS NULL` removes it. Comments on other kinds of objects answer 0A000.
 */
import { requireOwner, tableObject } from '../privileges/privilege-check.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { bodyOf, stringList, type Node } from '../../binder/ast.js';
import { resolveUserTable } from '../../binder/resolve-relation.js';
import { Errors } from '../../errors/sql-error.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { recordReplacedTable } from './ddl-undo.js';
import { findEnumType } from './enum-lookup.js';
import { replaceType } from './enum-ddl.js';

interface CommentStmtNode {
  objtype: string;
  object: Node;
  comment?: string;
}

function relationOf(ctx: SessionContext, names: string[]): TableDefinition {
  const relname = names[names.length - 1]!;
  const schemaname = names.length > 1 ? names[names.length - 2] : undefined;
  const t = resolveUserTable(ctx, { relname, ...(schemaname ? { schemaname } : {}) });
  requireOwner(ctx, tableObject(t));
  return t;
}

export async function commentOn(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const stmt = node as unknown as CommentStmtNode;
  if (stmt.objtype === 'OBJECT_TYPE') return commentOnType(ctx, stmt);
  const names = stringList((stmt.object as { List?: { items: Node[] } }).List?.items ?? [stmt.object]);
  const comment = stmt.comment === undefined || stmt.comment === '' ? undefined : stmt.comment;
  let next: TableDefinition;
  let t: TableDefinition;
  if (stmt.objtype === 'OBJECT_TABLE') {
    t = relationOf(ctx, names);
    const { comment: _old, ...rest } = t;
    next = comment === undefined ? rest : { ...rest, comment };
  } else if (stmt.objtype === 'OBJECT_COLUMN') {
    if (names.length < 2) throw Errors.syntax('column name must be qualified');
    t = relationOf(ctx, names.slice(0, -1));
    const column = names[names.length - 1]!;
    if (!t.columns.some((c) => c.name === column)) {
      throw Errors.undefinedColumn(`column "${column}" of relation "${t.name}" does not exist`);
    }
    next = {
      ...t,
      columns: t.columns.map((c) => {
        if (c.name !== column) return c;
        const { comment: _old, ...rest } = c;
        return comment === undefined ? rest : { ...rest, comment };
      }),
    };
  } else {
    throw Errors.featureNotSupported(`COMMENT ON ${stmt.objtype.replace('OBJECT_', '')} is not supported yet`);
  }
  await ctx.db.schema.putTable(next, [], t);
  recordReplacedTable(ctx, t, next, []);
  return { tag: 'COMMENT' };
}

/** COMMENT ON TYPE: kept on the enum type's definition. */
async function commentOnType(ctx: SessionContext, stmt: CommentStmtNode): Promise<StatementResult> {
  const t = findEnumType(ctx, stringList(bodyOf<{ names: Node[] }>(stmt.object).names), false)!;
  const { comment: _old, ...rest } = t;
  const comment = stmt.comment === undefined || stmt.comment === '' ? undefined : stmt.comment;
  await replaceType(ctx, t, comment === undefined ? rest : { ...rest, comment });
  return { tag: 'COMMENT' };
}
