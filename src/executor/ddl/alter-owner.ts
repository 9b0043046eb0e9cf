/**
 * ALTER TABLE … OWNER TO and ALTER SCHEMA … OWNER TO. As in PostgreSQL, a superuser gives an object
 * to anyone; its owner only to a role it is a member of (itself, here); and the ACL moves with it:
 * every grant the old owner held or made becomes the new owner's (aclnewowner).
 */
import { aclGrant, type AclItem } from '../../catalog/acl.js';
import type { TableDefinition } from '../../catalog/table-definition.js';
import { bodyOf, type Node } from '../../binder/ast.js';
import { Errors } from '../../errors/sql-error.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { isSuperuser, requireOwner, schemaObject, tableObject } from '../privileges/privilege-check.js';

/** The ACL with `from` replaced by `to` as grantee and grantor, items that now coincide merged. */
export function aclNewOwner(acl: readonly AclItem[], from: string, to: string): AclItem[] {
  let out: AclItem[] = [];
  for (const item of acl) {
    const grantee = item.grantee === from ? to : item.grantee;
    const grantor = item.grantor === from ? to : item.grantor;
    const withOption = item.grantable;
    out = aclGrant(out, grantee, grantor, item.privileges, false);
    if (withOption) out = aclGrant(out, grantee, grantor, withOption, true);
  }
  return out;
}

function newOwnerName(ctx: SessionContext, r: { roletype: string; rolename?: string }): string {
  const name: string = r.roletype === 'ROLESPEC_CSTRING' ? r.rolename! : r.roletype === 'ROLESPEC_SESSION_USER' ? ctx.sessionUser.name : ctx.user.name;
  if (!ctx.db.schema.user(name)) throw Errors.undefinedObject(`role "${name}" does not exist`);
  // Only a superuser hands an object to someone else (PostgreSQL: membership in the new owner).
  if (!isSuperuser(ctx.user) && name !== ctx.user.name) throw Errors.insufficientPrivilege(`must be member of role "${name}"`);
  return name;
}

export async function changeTableOwner(ctx: SessionContext, t: TableDefinition, spec: { roletype: string; rolename?: string }): Promise<StatementResult> {
  requireOwner(ctx, tableObject(t));
  const owner = newOwnerName(ctx, spec);
  if (owner !== t.owner) {
    const schema = ctx.db.schema;
    // Its serial sequences follow it (their owner is the table's); their grants move too.
    const sequences = schema.ownedSequences(t).filter((q) => q.acl).map((q) => ({ ...q, acl: aclNewOwner(q.acl!, t.owner, owner) }));
    await schema.putTable({ ...t, owner, ...(t.acl ? { acl: aclNewOwner(t.acl, t.owner, owner) } : {}) }, sequences);
    ctx.ddlJournal()?.record({ undo: () => schema.putTable(t) });
  }
  return { tag: 'ALTER TABLE' };
}

/** AlterOwnerStmt: ALTER SCHEMA s OWNER TO r (other object kinds answer 0A000). */
export async function alterOwner(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const s = node as unknown as { objectType: string; object: Node; newowner: { roletype: string; rolename?: string } };
  if (s.objectType !== 'OBJECT_SCHEMA') {
    throw Errors.featureNotSupported(`ALTER ${s.objectType.replace('OBJECT_', '')} … OWNER TO is not supported`);
  }
  const name = bodyOf<{ sval: string }>(s.object).sval;
  const schema = ctx.db.schema;
  const ns = schema.namespace(name);
  if (!ns) throw Errors.undefinedSchema(name);
  requireOwner(ctx, schemaObject(schema, name, ns));
  const owner = newOwnerName(ctx, s.newowner);
  if (owner !== ns.owner) {
    await schema.putNamespace({ ...ns, owner, ...(ns.acl ? { acl: aclNewOwner(ns.acl, ns.owner, owner) } : {}) });
    ctx.ddlJournal()?.record({ undo: () => schema.putNamespace(ns) });
  }
  return { tag: 'ALTER SCHEMA' };
}
