/**
 * GRANT and REVOKE on tables, views, sequences and schemas, with PostgreSQL's rules (aclchk.c):
 *
 *   - the owner (or a superuser, acting as the owner) grants anything; anyone else grants only what
 *     they hold WITH GRANT OPTION, and is recorded as the grantor;
 *   - asking for more than one may grant warns (01007) and grants the rest; holding nothing at all
 *     on the object is 42501;
 *   - REVOKE takes from the items the revoker granted; grants that depended on a revoked grant
 *     option go too with CASCADE, and without it the REVOKE fails (2BP01).
 *
 * One entry point (`executeGrant`) for every form, so an audit record can be added in one place.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf } from '../../binder/ast.js';
import { findRelation, type RangeVarNode } from '../../binder/resolve-relation.js';
import {
  ALL_PRIVILEGES, PRIVILEGE_LETTER, aclGrant, aclMask, aclRevoke, intersect, privilegeSet, without,
  type AclItem, type AclObjectKind,
} from '../../catalog/acl.js';
import type { SequenceDefinition, TableDefinition, ViewDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { stringList } from '../../binder/ast.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import {
  holds, isSuperuser, permissionDenied, rolesOf, schemaObject, sequenceObject, tableObject, viewObject, type SecuredObject,
} from '../privileges/privilege-check.js';
import { groupRoleNamed } from '../../catalog/group-roles.js';
import { findSequence } from './sequence-ddl.js';

export interface GrantStmtNode {
  is_grant?: boolean;
  targtype: string;
  objtype: string;
  objects?: Node[];
  privileges?: Node[];
  grantees: Node[];
  grant_option?: boolean;
  behavior?: string;
}

/** An object a GRANT names, with how to save its new ACL. */
interface GrantTarget {
  readonly object: SecuredObject;
  save(acl: readonly AclItem[]): Promise<void>;
}

const OBJECT_KIND: Record<string, AclObjectKind> = { OBJECT_TABLE: 'table', OBJECT_SEQUENCE: 'sequence', OBJECT_SCHEMA: 'schema' };

export async function executeGrant(ctx: SessionContext, stmt: GrantStmtNode): Promise<StatementResult> {
  const isGrant = stmt.is_grant === true;
  const tag = isGrant ? 'GRANT' : 'REVOKE';
  const kind = OBJECT_KIND[stmt.objtype];
  if (!kind) throw Errors.featureNotSupported(`${tag} on ${stmt.objtype.replace('OBJECT_', '').toLowerCase()} objects is not supported`);
  const requested = requestedPrivileges(stmt, kind);
  const grantees = stmt.grantees.map((g) => granteeName(ctx, g));
  for (const target of grantTargets(ctx, stmt, kind)) {
    const obj = target.object;
    let privileges = requested.letters;
    if (obj.kind === 'sequence' && kind === 'table') {
      // GRANT … ON TABLE naming a sequence: PostgreSQL keeps what a sequence can hold and warns.
      if (requested.all) privileges = ALL_PRIVILEGES.sequence;
      else if (without(privileges, ALL_PRIVILEGES.sequence) !== '') {
        ctx.notice('0LP01', `sequence "${obj.name}" only supports USAGE, SELECT, and UPDATE privileges`);
        privileges = intersect(privileges, ALL_PRIVILEGES.sequence);
      }
    }
    const { grantor, allowed } = grantorFor(ctx, obj, privileges, isGrant, requested.all);
    let acl: AclItem[] = obj.acl.slice();
    for (const grantee of grantees) {
      if (isGrant) {
        if (stmt.grant_option && grantee === '') throw new SqlError('0LP01', 'grant options can only be granted to roles');
        acl = aclGrant(acl, grantee, grantor, allowed, !!stmt.grant_option);
      } else {
        const r = aclRevoke(acl, grantee, grantor, allowed, !!stmt.grant_option);
        acl = revokeDependents(r.acl, grantee, r.lostGrantOptions, stmt.behavior === 'DROP_CASCADE', obj.owner);
      }
    }
    await target.save(acl);
  }
  return { tag };
}

export function requestedPrivileges(stmt: Pick<GrantStmtNode, 'privileges'>, kind: AclObjectKind): { letters: string; all: boolean } {
  if (!stmt.privileges || stmt.privileges.length === 0) return { letters: ALL_PRIVILEGES[kind], all: true };
  let letters = '';
  for (const p of stmt.privileges) {
    const ap = bodyOf<{ priv_name?: string; cols?: Node[] }>(p);
    if (ap.cols?.length) throw Errors.featureNotSupported('column privileges are not supported yet');
    const name = (ap.priv_name ?? '').toUpperCase();
    const letter = PRIVILEGE_LETTER[name];
    if (!letter || !ALL_PRIVILEGES[kind].includes(letter)) throw new SqlError('0LP01', `invalid privilege type ${name} for ${kind}`);
    letters += letter;
  }
  return { letters: privilegeSet(letters), all: false };
}

/** PUBLIC → '', CURRENT_USER and friends → the user, other names must be roles (42704). */
export function granteeName(ctx: SessionContext, node: Node): string {
  const r = bodyOf<{ roletype: string; rolename?: string }>(node);
  switch (r.roletype) {
    case 'ROLESPEC_PUBLIC':
      return '';
    case 'ROLESPEC_CURRENT_USER':
    case 'ROLESPEC_CURRENT_ROLE':
      return ctx.user.name;
    case 'ROLESPEC_SESSION_USER':
      return ctx.sessionUser.name;
    default: {
      const name = r.rolename ?? '';
      if (!ctx.db.schema.user(name) && !groupRoleNamed(name)) throw Errors.undefinedObject(`role "${name}" does not exist`);
      return name;
    }
  }
}

/**
 * Who the grant is recorded from and what of `privileges` they may pass on (select_best_grantor
 * and restrict_and_check_grant): the owner for the owner and superusers, else the user's grant
 * options.
 */
function grantorFor(
  ctx: SessionContext, obj: SecuredObject, privileges: string, isGrant: boolean, all: boolean,
): { grantor: string; allowed: string } {
  const u = ctx.user;
  if (isSuperuser(u) || u.name === obj.owner) return { grantor: obj.owner, allowed: privileges };
  const options = aclMask(obj.acl, rolesOf(u).filter((r) => r !== '')).grantable;
  if (options === '' && !holds(u, obj, ALL_PRIVILEGES[obj.kind], true)) throw permissionDenied(obj);
  const allowed = intersect(privileges, options);
  // 01007 privilege_not_granted, 01006 privilege_not_revoked.
  const [code, verb] = isGrant ? ['01007', 'were granted'] : ['01006', 'could be revoked'];
  if (allowed === '') ctx.notice(code, `no privileges ${verb} for "${obj.name}"`);
  else if (!all && allowed !== privileges) ctx.notice(code, `not all privileges ${verb} for "${obj.name}"`);
  return { grantor: u.name, allowed };
}

/**
 * Grants `grantee` made from grant options it just lost (recursive_revoke): gone with CASCADE,
 * 2BP01 without. The owner's grant options are never lost; nor those still held from another grantor.
 */
function revokeDependents(acl: AclItem[], grantee: string, lost: string, cascade: boolean, owner: string): AclItem[] {
  if (lost === '' || grantee === owner || grantee === '') return acl;
  const gone = without(lost, aclMask(acl, [grantee]).grantable);
  if (gone === '') return acl;
  for (const item of acl.slice()) {
    if (item.grantor !== grantee || intersect(item.privileges, gone) === '') continue;
    if (!cascade) throw Errors.dependentObjects('dependent privileges exist', 'Use CASCADE to revoke them too.');
    const r = aclRevoke(acl, item.grantee, grantee, gone, false);
    acl = revokeDependents(r.acl, item.grantee, r.lostGrantOptions, cascade, owner);
  }
  return acl;
}

function grantTargets(ctx: SessionContext, stmt: GrantStmtNode, kind: AclObjectKind): GrantTarget[] {
  const schema = ctx.db.schema;
  if (stmt.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
    const out: GrantTarget[] = [];
    for (const ns of stringList(stmt.objects ?? [])) {
      if (!schema.namespace(ns) && !schema.isBuiltinNamespace(ns)) throw Errors.undefinedSchema(ns);
      if (kind === 'sequence') out.push(...schema.listSequences(ns).map((s) => sequenceTarget(ctx, s)));
      else {
        // ALL TABLES: tables and views, in name order as PostgreSQL's catalog scan gives them here.
        out.push(...schema.listTables(ns).map((t) => relationTarget(ctx, { kind: 'table', table: t })));
        out.push(...schema.listViews(ns).map((v) => relationTarget(ctx, { kind: 'view', view: v })));
      }
    }
    return out;
  }
  if (stmt.targtype !== 'ACL_TARGET_OBJECT') throw Errors.featureNotSupported(`${stmt.targtype} is not supported`);
  return (stmt.objects ?? []).map((o) => {
    if (kind === 'schema') return schemaTarget(ctx, stringList([o])[0]!);
    if (kindOf(o) !== 'RangeVar') throw Errors.featureNotSupported('this GRANT target is not supported');
    const rv = bodyOf<RangeVarNode>(o);
    const seq = findSequence(ctx, rv.schemaname, rv.relname);
    if (seq) return sequenceTarget(ctx, seq);
    const rel = findRelation(ctx, rv.schemaname, rv.relname, (rv.location ?? 0) + 1);
    if (!rel || rel.kind === 'virtual') {
      if (rel?.kind === 'virtual') throw Errors.featureNotSupported(`GRANT on system relation "${rv.relname}" is not supported`);
      throw Errors.undefinedTable(rv.schemaname ? `${rv.schemaname}.${rv.relname}` : rv.relname);
    }
    if (kind === 'sequence') throw new SqlError('42809', `"${rv.relname}" is not a sequence`);
    return relationTarget(ctx, rel);
  });
}

function relationTarget(
  ctx: SessionContext, rel: { kind: 'table'; table: TableDefinition } | { kind: 'view'; view: ViewDefinition },
): GrantTarget {
  const schema = ctx.db.schema;
  if (rel.kind === 'table') {
    const t = rel.table;
    return {
      object: tableObject(t),
      save: async (acl) => {
        const current = schema.tableById(t.id) ?? t;
        await schema.putTable({ ...current, acl });
        ctx.ddlJournal()?.record({ undo: () => schema.putTable(current) });
      },
    };
  }
  const v = rel.view;
  return {
    object: viewObject(v),
    save: async (acl) => {
      await schema.putView({ ...v, acl });
      ctx.ddlJournal()?.record({ undo: () => schema.putView(v) });
    },
  };
}

function sequenceTarget(ctx: SessionContext, s: SequenceDefinition): GrantTarget {
  const schema = ctx.db.schema;
  const object = sequenceObject(schema, s);
  return {
    object,
    save: async (acl) => {
      await schema.putSequence({ ...s, acl });
      ctx.ddlJournal()?.record({ undo: () => schema.putSequence(s) });
    },
  };
}

function schemaTarget(ctx: SessionContext, name: string): GrantTarget {
  const schema = ctx.db.schema;
  const ns = schema.namespace(name);
  if (!ns) {
    if (schema.isBuiltinNamespace(name)) throw Errors.featureNotSupported(`GRANT on built-in schema "${name}" is not supported`);
    throw Errors.undefinedSchema(name);
  }
  return {
    object: schemaObject(schema, name, ns),
    save: async (acl) => {
      await schema.putNamespace({ ...ns, acl });
      ctx.ddlJournal()?.record({ undo: () => schema.putNamespace(ns) });
    },
  };
}
