/**
 * Who may manage whom (DESIGN.md section 7), answered with PostgreSQL 15's words: `dba` is
 * PostgreSQL's CREATEROLE (it manages every role but system ones), `system` is a superuser, the
 * others manage nobody — only their own password. Every check names what is being done:
 *
 *   actor below dba          → "permission denied to create role" / "permission denied" / …
 *   dba touching system      → "must be superuser to create superusers" / … (42501 either way)
 */
import type { KalamRole, UserDefinition } from '../../catalog/table-definition.js';
import { RANK } from '../../catalog/group-roles.js';
import { Errors } from '../../errors/sql-error.js';

export type RoleAction = 'create' | 'alter' | 'rename' | 'drop' | 'grant';

const NOT_MANAGER: Record<Exclude<RoleAction, 'grant'>, string> = {
  create: 'permission denied to create role',
  alter: 'permission denied',
  rename: 'permission denied to rename role',
  drop: 'permission denied to drop role',
};

const NOT_SUPERUSER: Record<RoleAction, string> = {
  create: 'must be superuser to create superusers',
  alter: 'must be superuser to alter superuser roles or change superuser attribute',
  rename: 'must be superuser to rename superusers',
  drop: 'must be superuser to drop superusers',
  grant: 'must be superuser to alter superusers',
};

/**
 * Throws 42501 unless `actor` may do `action` on a role whose KalamDB role is (or becomes) each of
 * `roles`. `group` names the group role of a GRANT/REVOKE, for its message.
 */
export function checkManage(actor: UserDefinition, action: RoleAction, roles: readonly KalamRole[], group?: string): void {
  const manager = RANK[actor.role] >= RANK.dba;
  const touchesSystem = actor.role !== 'system' && roles.includes('system');
  // PostgreSQL asks "superuser?" first everywhere but in DROP ROLE, which asks CREATEROLE first.
  if (action === 'drop' && !manager) throw Errors.insufficientPrivilege(NOT_MANAGER.drop);
  if (touchesSystem) throw Errors.insufficientPrivilege(NOT_SUPERUSER[action]);
  if (!manager) throw Errors.insufficientPrivilege(action === 'grant' ? `must have admin option on role "${group}"` : NOT_MANAGER[action]);
}
