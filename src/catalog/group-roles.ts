/**
 * KalamDB's four roles as PostgreSQL group roles (DESIGN.md section 7): built in, NOLOGIN, never
 * stored — every login role is a member of exactly the one its `role` names, so pg_roles,
 * pg_auth_members and pg_has_role tell clients the truth. `GRANT kalam_dba TO alice` moves alice.
 *
 * Their OIDs are fixed below FirstNormalObjectId and clear of PostgreSQL 15's predefined roles
 * (pg_monitor 3373 … pg_write_all_data 6182).
 */
import type { KalamRole, UserDefinition } from './table-definition.js';

export const RANK: Readonly<Record<KalamRole, number>> = { user: 0, service: 1, dba: 2, system: 3 };

export interface GroupRole {
  readonly name: string;
  readonly oid: number;
  readonly role: KalamRole;
}

export const GROUP_ROLES: readonly GroupRole[] = [
  { name: 'kalam_user', oid: 6301, role: 'user' },
  { name: 'kalam_service', oid: 6302, role: 'service' },
  { name: 'kalam_dba', oid: 6303, role: 'dba' },
  { name: 'kalam_system', oid: 6304, role: 'system' },
];

export function groupRoleNamed(name: string): GroupRole | undefined {
  return GROUP_ROLES.find((g) => g.name === name);
}

export function groupRoleOf(role: KalamRole): GroupRole {
  return GROUP_ROLES.find((g) => g.role === role)!;
}

/** A group role as the catalogs list it: a NOLOGIN role without a password. */
export function groupRoleDefinition(g: GroupRole): UserDefinition {
  return {
    id: '', oid: g.oid, name: g.name, role: g.role, canLogin: false, authMethod: 'scram-sha-256',
    password: null, createdAt: '1970-01-01T00:00:00.000Z',
  };
}
