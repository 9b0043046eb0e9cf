/**
 * The roles, as PostgreSQL's catalogs show them: KalamDB's users and its four group roles
 * (catalog/group-roles.ts). `system` is a superuser, `dba` may create roles and databases, `user`
 * and `service` are plain roles.
 *
 * pg_authid, which holds the password verifiers, is readable by superusers only (42501 for the
 * others, as PostgreSQL). pg_roles and pg_user are PostgreSQL views over it that everyone may
 * read; here they are computed from the same rows — a view over pg_authid would inherit its
 * permission check — with the password masked as PostgreSQL masks it.
 */
import { groupRoleOf } from '../../catalog/group-roles.js';
import type { UserDefinition } from '../../catalog/table-definition.js';
import { Errors } from '../../errors/sql-error.js';
import { TIMESTAMP_INFINITY } from '../../types/calendar.js';
import type { RoleEntry } from '../catalog-model.js';
import { isoToMicros } from '../column-types.js';
import type { VirtualTable } from '../virtual-table.js';
import { BOOTSTRAP_SUPERUSER_OID } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';

const MASK = '********';

function validUntil(u: UserDefinition): bigint | null {
  if (!u.validUntil) return null;
  return u.validUntil === 'infinity' ? TIMESTAMP_INFINITY : isoToMicros(u.validUntil);
}

function authidRow({ oid, user }: RoleEntry): CatalogRow {
  const superuser = user.role === 'system';
  const manager = superuser || user.role === 'dba';
  return {
    oid, rolname: user.name, rolsuper: superuser, rolinherit: true, rolcreaterole: manager, rolcreatedb: manager,
    // Only the bootstrap superuser has REPLICATION and BYPASSRLS set, as after initdb; a superuser has both powers anyway.
    rolcanlogin: user.canLogin, rolreplication: superuser && oid === BOOTSTRAP_SUPERUSER_OID,
    rolbypassrls: superuser && oid === BOOTSTRAP_SUPERUSER_OID,
    rolconnlimit: user.connectionLimit ?? -1, rolpassword: user.password, rolvaliduntil: validUntil(user),
  };
}

const authid = catalogTable('pg_authid', (ctx) => ctx.catalog.model().roles.map(authidRow));

export const pgAuthid: VirtualTable = {
  ...authid,
  rows(ctx) {
    if (ctx.user.role !== 'system') throw Errors.insufficientPrivilege('permission denied for table pg_authid');
    return authid.rows(ctx);
  },
};

export const pgRoles = catalogTable('pg_roles', (ctx) =>
  ctx.catalog.model().roles.map((r) => ({ ...authidRow(r), rolpassword: MASK })));

export const pgUser = catalogTable('pg_user', (ctx) =>
  ctx.catalog.model().roles.filter((r) => r.user.canLogin).map((r) => {
    const a = authidRow(r);
    return {
      usename: a.rolname!, usesysid: r.oid, usecreatedb: a.rolcreatedb!, usesuper: a.rolsuper!, userepl: a.rolreplication!,
      usebypassrls: a.rolbypassrls!, passwd: MASK, valuntil: a.rolvaliduntil!, useconfig: null,
    };
  }));

/** Every role that is not a group role is a member of the group of its KalamDB role, granted by the bootstrap superuser. */
export const pgAuthMembers = catalogTable('pg_auth_members', (ctx) =>
  ctx.catalog.model().roles.filter((r) => r.user.id !== '').map((r) => ({
    roleid: groupRoleOf(r.user.role).oid, member: r.oid, grantor: BOOTSTRAP_SUPERUSER_OID, admin_option: false,
  })));
