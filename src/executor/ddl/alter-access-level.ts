/**
 * KalamDB's ALTER TABLE t SET ACCESS_LEVEL PUBLIC|PRIVATE|RESTRICTED on a SHARED table: records the
 * level and swaps the grants it presets (executor/privileges/access-level-grants.ts).
 */
import type { AccessLevel } from '../../catalog/table-definition.js';
import { resolveUserTable } from '../../binder/resolve-relation.js';
import { Errors } from '../../errors/sql-error.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { aclForAccessLevel } from '../privileges/access-level-grants.js';
import { requireOwner, tableObject } from '../privileges/privilege-check.js';

export async function alterAccessLevel(
  ctx: SessionContext, table: { namespace?: string; name: string }, levelText: string,
): Promise<StatementResult> {
  const t = resolveUserTable(ctx, { relname: table.name, ...(table.namespace ? { schemaname: table.namespace } : {}) });
  requireOwner(ctx, tableObject(t));
  if (t.tableType !== 'SHARED') throw Errors.invalidTableDefinition('ACCESS_LEVEL is allowed only on SHARED tables');
  const level = levelText.toUpperCase();
  if (level !== 'PUBLIC' && level !== 'PRIVATE' && level !== 'RESTRICTED') {
    throw Errors.invalidParameterValue(`invalid ACCESS_LEVEL "${levelText}": expected PUBLIC, PRIVATE or RESTRICTED`);
  }
  const schema = ctx.db.schema;
  await schema.putTable({ ...t, options: { ...t.options, accessLevel: level as AccessLevel }, acl: aclForAccessLevel(t, level as AccessLevel) });
  ctx.ddlJournal()?.record({ undo: () => schema.putTable(t) });
  return { tag: 'ALTER TABLE' };
}
