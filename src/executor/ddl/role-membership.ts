/**
 * GRANT kalam_dba TO alice / REVOKE kalam_dba FROM alice: membership of the KalamDB group roles is
 * a role's KalamDB role, one per role (catalog/group-roles.ts), so granting a group moves the role
 * there and revoking it moves it back to kalam_user. Other roles are not groups: granting them
 * answers 0A000 rather than pretending.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { groupRoleNamed, groupRoleOf } from '../../catalog/group-roles.js';
import { Errors } from '../../errors/sql-error.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { refuseInBlock } from './ddl-undo.js';
import { checkManage } from './role-rules.js';

interface GrantRoleNode {
  readonly granted_roles: readonly Node[];
  readonly grantee_roles: readonly Node[];
  readonly is_grant?: boolean;
  readonly admin_opt?: boolean;
  readonly opt?: readonly Node[];
}

export async function grantRole(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const s = node as unknown as GrantRoleNode;
  const isGrant = !!s.is_grant;
  refuseInBlock(ctx, 'changing roles');
  if (s.admin_opt || s.opt?.length) throw Errors.featureNotSupported('WITH ADMIN OPTION is not supported: KalamDB roles are managed by dba and system');
  for (const g of s.granted_roles) {
    const groupName = bodyOf<{ priv_name: string }>(g).priv_name;
    const group = groupRoleNamed(groupName);
    if (!group) {
      if (!ctx.db.schema.user(groupName)) throw Errors.undefinedObject(`role "${groupName}" does not exist`);
      throw Errors.featureNotSupported(`role "${groupName}" is not a group role; only kalam_user, kalam_service, kalam_dba and kalam_system can be granted`);
    }
    for (const r of s.grantee_roles) {
      const spec = bodyOf<{ roletype: string; rolename?: string }>(r);
      const name = spec.rolename ?? (spec.roletype === 'ROLESPEC_PUBLIC' ? undefined : ctx.sessionUser.name);
      if (!name) throw Errors.featureNotSupported('granting a KalamDB role to PUBLIC is not supported');
      const u = ctx.db.schema.user(name);
      if (!u) throw Errors.undefinedObject(`role "${name}" does not exist`);
      const next = isGrant ? group.role : u.role === group.role ? 'user' : u.role;
      checkManage(ctx.user, 'grant', [u.role, next], group.name);
      if (isGrant && u.role === group.role) {
        ctx.notice('00000', `role "${name}" is already a member of role "${group.name}"`);
        continue;
      }
      if (!isGrant && u.role !== group.role) {
        ctx.notice('01000', `role "${name}" is not a member of role "${group.name}"`);
        continue;
      }
      if (!isGrant && group.role === 'user') {
        throw Errors.featureNotSupported(`every role is a member of one KalamDB role; grant another (e.g. ${groupRoleOf('service').name}) to move "${name}" out of ${group.name}`);
      }
      await ctx.db.schema.putUser({ ...u, role: next });
    }
  }
  return { tag: isGrant ? 'GRANT ROLE' : 'REVOKE ROLE' };
}
