/**
 * KalamDB's table kinds and ACCESS_LEVEL as presets of PostgreSQL grants (DESIGN.md section 7),
 * made by the table's owner to the KalamDB group roles:
 *
 *   SHARED PUBLIC      every login reads (PUBLIC=r), service and dba write (kalam_service, kalam_dba = arwd)
 *   SHARED PRIVATE     service and dba read and write
 *   SHARED RESTRICTED  dba reads and writes
 *   USER, STREAM       every login reads, writes and truncates (PUBLIC=arwdD): each only its own rows
 *
 * `system` is a superuser and needs no grant. A plain CREATE TABLE (no ACCESS_LEVEL) stays
 * owner-only, as in PostgreSQL. ALTER TABLE … SET ACCESS_LEVEL swaps one preset for another and
 * leaves any other grants alone.
 */
import { aclGrant, defaultAcl, type AclItem } from '../../catalog/acl.js';
import type { AccessLevel, TableDefinition, TableType } from '../../catalog/table-definition.js';

const WRITE = 'arwd';
const PRESET_GRANTEES = ['', 'kalam_user', 'kalam_service', 'kalam_dba', 'kalam_system'];

function presetGrants(tableType: TableType, level: AccessLevel | undefined): [string, string][] {
  // TRUNCATE of a USER or STREAM table empties the acting user's partition alone (dml/truncate.ts).
  if (tableType === 'USER' || tableType === 'STREAM') return [['', `${WRITE}D`]];
  switch (level) {
    case 'PUBLIC':
      return [['', 'r'], ['kalam_service', WRITE], ['kalam_dba', WRITE]];
    case 'PRIVATE':
      return [['kalam_service', WRITE], ['kalam_dba', WRITE]];
    case 'RESTRICTED':
      return [['kalam_dba', WRITE]];
    default:
      return [];
  }
}

/** A new table's ACL: absent (PostgreSQL's owner-only default) unless its kind or access level presets one. */
export function initialAcl(t: Pick<TableDefinition, 'tableType' | 'options'>, owner: string): AclItem[] | undefined {
  const grants = presetGrants(t.tableType, t.options.accessLevel);
  if (grants.length === 0) return undefined;
  let acl = defaultAcl('table', owner);
  for (const [grantee, privs] of grants) acl = aclGrant(acl, grantee, owner, privs, false);
  return acl;
}

/**
 * A table's ACL: the recorded one, else its kind's preset (a table stored before ACLs were recorded
 * keeps the access its kind and level gave it), else undefined — PostgreSQL's owner-only default.
 */
export function tableAcl(t: TableDefinition): readonly AclItem[] | undefined {
  return t.acl ?? initialAcl(t, t.owner);
}

/** The ACL after ALTER TABLE … SET ACCESS_LEVEL: the owner's preset grants replaced by the new level's. */
export function aclForAccessLevel(t: TableDefinition, level: AccessLevel): AclItem[] {
  let acl = (tableAcl(t) ?? defaultAcl('table', t.owner)).filter((i) => !(i.grantor === t.owner && PRESET_GRANTEES.includes(i.grantee)));
  if (!acl.some((i) => i.grantee === t.owner)) acl = [...defaultAcl('table', t.owner), ...acl];
  for (const [grantee, privs] of presetGrants('SHARED', level)) acl = aclGrant(acl, grantee, t.owner, privs, false);
  return acl;
}

/** What CREATE NAMESPACE (KalamDB's spelling) grants: USAGE to every login, so tables' own grants decide. */
export function namespaceAcl(owner: string): AclItem[] {
  return [...defaultAcl('schema', owner), { grantee: '', grantor: owner, privileges: 'U', grantable: '' }];
}
