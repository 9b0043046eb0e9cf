/**
 * information_schema.table_privileges and role_table_grants: one row per privilege of each aclitem
 * of every table and view (PostgreSQL's aclexplode of relacl, the owner's default when none is
 * recorded), shown to the roles it concerns — its grantor, its grantee, or (table_privileges) every
 * role when granted to PUBLIC; superusers see all.
 */
import { effectiveAcl, type AclItem } from '../catalog/acl.js';
import type { Value } from '../types/kalam-type.js';
import { catalogTable, type CatalogRow } from './pg-catalog/catalog-table.js';
import type { SystemContext } from './virtual-table.js';
import { tableAcl } from '../executor/privileges/access-level-grants.js';

const PRIVILEGE_NAMES: Readonly<Record<string, string>> = {
  a: 'INSERT', r: 'SELECT', w: 'UPDATE', d: 'DELETE', D: 'TRUNCATE', x: 'REFERENCES', t: 'TRIGGER',
};

function grantRows(ctx: SystemContext, withPublic: boolean): CatalogRow[] {
  const u = ctx.user;
  const mine = [u.name, `kalam_${u.role}`];
  const sees = (item: AclItem) => u.role === 'system' || mine.includes(item.grantor) || mine.includes(item.grantee) || (withPublic && item.grantee === '');
  const relations = [
    ...ctx.schema.listTables().map((t) => ({ namespace: t.namespace, name: t.name, owner: t.owner, acl: tableAcl(t) })),
    ...ctx.schema.listViews().map((v) => ({ namespace: v.namespace, name: v.name, owner: v.owner, acl: v.acl })),
  ];
  const out: CatalogRow[] = [];
  for (const rel of relations) {
    for (const item of effectiveAcl(rel.acl, 'table', rel.owner)) {
      if (!sees(item)) continue;
      for (const letter of item.privileges) {
        const privilege = PRIVILEGE_NAMES[letter];
        if (!privilege) continue;
        const row: Record<string, Value> = {
          grantor: item.grantor, grantee: item.grantee === '' ? 'PUBLIC' : item.grantee,
          table_catalog: ctx.database, table_schema: rel.namespace, table_name: rel.name, privilege_type: privilege,
          is_grantable: item.grantable.includes(letter) || item.grantee === rel.owner ? 'YES' : 'NO',
          with_hierarchy: letter === 'r' ? 'YES' : 'NO',
        };
        out.push(row);
      }
    }
  }
  return out;
}

export const tablePrivileges = catalogTable('table_privileges', (ctx) => grantRows(ctx, true), 'information_schema', 'session');
export const roleTableGrants = catalogTable('role_table_grants', (ctx) => grantRows(ctx, false), 'information_schema', 'session');
