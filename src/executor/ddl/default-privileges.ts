/**
 * ALTER DEFAULT PRIVILEGES [FOR ROLE r] IN SCHEMA s GRANT|REVOKE … ON TABLES|SEQUENCES …: grants
 * that tables or sequences `r` later creates in `s` start with (PostgreSQL's pg_default_acl), kept on
 * the schema. The form without IN SCHEMA (every schema) answers 0A000. No ORM of compat/ sends
 * either form; this is the basic one migration scripts write.
 *
 * One entry point (`alterDefaultPrivileges`) so an audit record can be added in one place.
 */
import { bodyOf, stringList, type Node } from '../../binder/ast.js';
import { aclGrant, aclRevoke, defaultAcl, type AclItem, type AclObjectKind } from '../../catalog/acl.js';
import type { DefaultAcl } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import { isSuperuser } from '../privileges/privilege-check.js';
import { granteeName, requestedPrivileges, type GrantStmtNode } from './grant.js';

export async function alterDefaultPrivileges(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const s = node as unknown as { options?: Node[]; action: GrantStmtNode };
  let schemas: string[] = [];
  let roles: string[] = [ctx.user.name];
  for (const o of s.options ?? []) {
    const d = bodyOf<{ defname: string; arg: Node }>(o);
    const names = (bodyOf<{ items: Node[] }>(d.arg).items ?? []);
    if (d.defname === 'schemas') schemas = stringList(names);
    else if (d.defname === 'roles') roles = names.map((n) => bodyOf<{ rolename: string }>(n).rolename);
  }
  if (schemas.length === 0) throw Errors.featureNotSupported('ALTER DEFAULT PRIVILEGES without IN SCHEMA is not supported yet');
  const a = s.action;
  const objects = a.objtype === 'OBJECT_TABLE' ? 'table' : a.objtype === 'OBJECT_SEQUENCE' ? 'sequence' : null;
  if (!objects) throw Errors.featureNotSupported(`ALTER DEFAULT PRIVILEGES … ON ${a.objtype.replace('OBJECT_', '')}S is not supported`);
  const { letters } = requestedPrivileges(a, objects);
  const grantees = a.grantees.map((g) => granteeName(ctx, g));
  const schema = ctx.db.schema;
  for (const role of roles) {
    if (!schema.user(role)) throw Errors.undefinedObject(`role "${role}" does not exist`);
    if (!isSuperuser(ctx.user) && role !== ctx.user.name) throw Errors.insufficientPrivilege(`must be member of role "${role}"`);
  }
  for (const name of schemas) {
    const ns = schema.namespace(name);
    if (!ns) throw Errors.undefinedSchema(name);
    let entries: DefaultAcl[] = [...(ns.defaultAcls ?? [])];
    for (const role of roles) {
      const i = entries.findIndex((e) => e.role === role && e.objects === objects);
      let acl: AclItem[] = i >= 0 ? entries[i]!.acl.slice() : [];
      for (const grantee of grantees) {
        acl = a.is_grant ? aclGrant(acl, grantee, role, letters, !!a.grant_option) : aclRevoke(acl, grantee, role, letters, !!a.grant_option).acl;
      }
      const entry: DefaultAcl = { role, objects, acl };
      entries = i >= 0 ? entries.map((e, k) => (k === i ? entry : e)) : [...entries, entry];
    }
    await schema.putNamespace({ ...ns, defaultAcls: entries.filter((e) => e.acl.length > 0) });
    ctx.ddlJournal()?.record({ undo: () => schema.putNamespace(ns) });
  }
  return { tag: 'ALTER DEFAULT PRIVILEGES' };
}

/** A new object's ACL with the default privileges of its schema for its creator laid over `acl`. */
export function withDefaultPrivileges(
  ctx: SessionContext, namespace: string, kind: AclObjectKind & DefaultAcl['objects'], owner: string, acl: AclItem[] | undefined,
): AclItem[] | undefined {
  const entry = ctx.db.schema.namespace(namespace)?.defaultAcls?.find((e) => e.role === owner && e.objects === kind);
  if (!entry) return acl;
  let out = acl ?? defaultAcl(kind, owner);
  for (const item of entry.acl) {
    out = aclGrant(out, item.grantee, owner, item.privileges, false);
    if (item.grantable) out = aclGrant(out, item.grantee, owner, item.grantable, true);
  }
  return out;
}
