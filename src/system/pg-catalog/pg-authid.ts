/**
 * pg_authid: KalamDB's users as PostgreSQL roles. The `system` role is a superuser, `dba` may
 * create roles and databases, `user` and `service` are plain roles. Passwords are never shown.
 */
import type { RoleEntry } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';

function authidRow({ oid, user }: RoleEntry): CatalogRow {
  const superuser = user.role === 'system';
  const manager = superuser || user.role === 'dba';
  return {
    oid, rolname: user.name, rolsuper: superuser, rolinherit: true, rolcreaterole: manager, rolcreatedb: manager,
    rolcanlogin: user.canLogin, rolreplication: superuser, rolbypassrls: superuser, rolconnlimit: -1,
    rolpassword: null, rolvaliduntil: null,
  };
}

export const pgAuthid = catalogTable('pg_authid', (ctx) => ctx.catalog.model().roles.map(authidRow));
