/**
 * PostgreSQL's access control lists (aclitem[]): who holds which privileges on a table, view,
 * sequence or schema, who granted them, and which of them the holder may grant on.
 *
 *   {alice=arwdDxt/alice,bob=r*w/alice,=r/alice}
 *    owner's own item     bob: SELECT with grant option, UPDATE; granted by alice   PUBLIC: SELECT
 *
 * An object without a recorded list (`acl` absent) has PostgreSQL's default: the owner holds
 * everything (acldefault). The first GRANT or REVOKE starts from that default, as PostgreSQL does.
 */

export interface AclItem {
  /** Role name; '' is PUBLIC. */
  readonly grantee: string;
  readonly grantor: string;
  /** Privilege letters, in PostgreSQL's order (PRIVILEGE_ORDER). */
  readonly privileges: string;
  /** The subset of `privileges` held WITH GRANT OPTION. */
  readonly grantable: string;
}

export type AclObjectKind = 'table' | 'sequence' | 'schema';

/** aclitem's letters in bit order: INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER, …, USAGE, CREATE. */
const PRIVILEGE_ORDER = 'arwdDxtXUCTc';

/** ACL_ALL_RIGHTS_RELATION / _SEQUENCE / _SCHEMA. */
export const ALL_PRIVILEGES: Readonly<Record<AclObjectKind, string>> = { table: 'arwdDxt', sequence: 'rwU', schema: 'UC' };

/** Privilege keyword → aclitem letter. */
export const PRIVILEGE_LETTER: Readonly<Record<string, string>> = {
  SELECT: 'r', INSERT: 'a', UPDATE: 'w', DELETE: 'd', TRUNCATE: 'D', REFERENCES: 'x', TRIGGER: 't', USAGE: 'U', CREATE: 'C',
};

/** Letters in PostgreSQL's order, each once. */
export function privilegeSet(letters: string): string {
  let out = '';
  for (const c of PRIVILEGE_ORDER) if (letters.includes(c)) out += c;
  return out;
}

export function intersect(a: string, b: string): string {
  return privilegeSet([...a].filter((c) => b.includes(c)).join(''));
}

export function without(a: string, b: string): string {
  return privilegeSet([...a].filter((c) => !b.includes(c)).join(''));
}

export function defaultAcl(kind: AclObjectKind, owner: string): AclItem[] {
  return [{ grantee: owner, grantor: owner, privileges: ALL_PRIVILEGES[kind], grantable: '' }];
}

export function effectiveAcl(acl: readonly AclItem[] | undefined, kind: AclObjectKind, owner: string): readonly AclItem[] {
  return acl ?? defaultAcl(kind, owner);
}

/** What the given roles (a user, PUBLIC, its group) hold between them: privileges and grant options. */
export function aclMask(acl: readonly AclItem[], roles: readonly string[]): { privileges: string; grantable: string } {
  let privileges = '';
  let grantable = '';
  for (const item of acl) {
    if (!roles.includes(item.grantee)) continue;
    privileges += item.privileges;
    grantable += item.grantable;
  }
  return { privileges: privilegeSet(privileges), grantable: privilegeSet(grantable) };
}

/** GRANT: adds to the (grantee, grantor) item, creating it. */
export function aclGrant(acl: readonly AclItem[], grantee: string, grantor: string, privileges: string, withGrantOption: boolean): AclItem[] {
  const out = acl.slice();
  if (privileges === '') return out;
  const i = out.findIndex((x) => x.grantee === grantee && x.grantor === grantor);
  const old = i >= 0 ? out[i]! : { grantee, grantor, privileges: '', grantable: '' };
  const next: AclItem = {
    grantee, grantor,
    privileges: privilegeSet(old.privileges + privileges),
    grantable: privilegeSet(old.grantable + (withGrantOption ? privileges : '')),
  };
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}

/**
 * REVOKE from the (grantee, grantor) item: the privileges (and their grant options), or with
 * GRANT OPTION FOR only the grant options. Returns the list and the grant options taken away, whose
 * dependent grants the caller must cascade or refuse.
 */
export function aclRevoke(
  acl: readonly AclItem[], grantee: string, grantor: string, privileges: string, grantOptionOnly: boolean,
): { acl: AclItem[]; lostGrantOptions: string } {
  const out = acl.slice();
  const i = out.findIndex((x) => x.grantee === grantee && x.grantor === grantor);
  if (i < 0) return { acl: out, lostGrantOptions: '' };
  const old = out[i]!;
  const lostGrantOptions = intersect(old.grantable, privileges);
  const next: AclItem = {
    grantee, grantor,
    privileges: grantOptionOnly ? old.privileges : without(old.privileges, privileges),
    grantable: without(old.grantable, privileges),
  };
  if (next.privileges === '') out.splice(i, 1);
  else out[i] = next;
  return { acl: out, lostGrantOptions };
}

/** PostgreSQL's putid: a name that is not all letters, digits and underscores is double-quoted. */
function aclName(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** aclitem's text: `grantee=privs/grantor`, `*` after each letter held with grant option, PUBLIC as ''. */
export function formatAclItem(item: AclItem): string {
  let privs = '';
  for (const c of item.privileges) privs += item.grantable.includes(c) ? `${c}*` : c;
  return `${item.grantee === '' ? '' : aclName(item.grantee)}=${privs}/${aclName(item.grantor)}`;
}
