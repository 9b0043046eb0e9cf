/**
 * Privilege checks, PostgreSQL's (aclchk.c): a statement's user holds a privilege on an object when
 * the object's ACL grants it to that user, to PUBLIC, or to the KalamDB group role the user belongs
 * to (kalam_user … kalam_system: every login is in exactly one). Superusers (role `system`) pass
 * every check, as PostgreSQL superusers do. Role `dba` manages namespaces and tables (DESIGN.md
 * section 7): it passes ownership checks and may CREATE in any schema, but reads and writes tables
 * only through grants like anyone else.
 *
 * Inside a view, the view's relations are checked as the view's owner (PostgreSQL's rule):
 * `asViewOwner` switches whom checks ask about while the view's query is bound.
 */
import { aclMask, effectiveAcl, type AclItem, type AclObjectKind } from '../../catalog/acl.js';
import type {
  NamespaceDefinition, SequenceDefinition, TableDefinition, UserDefinition, ViewDefinition,
} from '../../catalog/table-definition.js';
import type { SchemaStore } from '../../catalog/schema-store.js';
import { Errors } from '../../errors/sql-error.js';
import { tableAcl } from './access-level-grants.js';
import type { SessionContext } from '../session-context.js';

/** An object that carries privileges, as checks and GRANT see it. */
export interface SecuredObject {
  readonly kind: AclObjectKind;
  /** The word PostgreSQL's messages use: "permission denied for view v". */
  readonly label: 'table' | 'view' | 'sequence' | 'schema';
  readonly name: string;
  readonly owner: string;
  readonly acl: readonly AclItem[];
}

export function tableObject(t: TableDefinition): SecuredObject {
  return { kind: 'table', label: 'table', name: t.name, owner: t.owner, acl: effectiveAcl(tableAcl(t), 'table', t.owner) };
}

export function viewObject(v: ViewDefinition): SecuredObject {
  return { kind: 'table', label: 'view', name: v.name, owner: v.owner, acl: effectiveAcl(v.acl, 'table', v.owner) };
}

/** A sequence's owner: its own, else the owning table's (serial), else the bootstrap superuser's. */
export function sequenceOwner(schema: SchemaStore, s: SequenceDefinition): string {
  if (s.owner) return s.owner;
  if (s.ownedBy) {
    const [ns, table] = s.ownedBy.split('.');
    const t = schema.table(ns!, table!);
    if (t) return t.owner;
  }
  return bootstrapSuperuser(schema);
}

export function sequenceObject(schema: SchemaStore, s: SequenceDefinition): SecuredObject {
  const owner = sequenceOwner(schema, s);
  return { kind: 'sequence', label: 'sequence', name: s.name, owner, acl: effectiveAcl(s.acl, 'sequence', owner) };
}

function bootstrapSuperuser(schema: SchemaStore): string {
  return schema.listUsers().find((u) => u.oid === 10)?.name ?? 'postgres';
}

/**
 * A schema. `public` without a recorded ACL has PostgreSQL 15's: its owner USAGE and CREATE,
 * everyone USAGE. The built-in schemas are readable by all; nobody creates in them.
 */
export function schemaObject(schema: SchemaStore, name: string, ns: NamespaceDefinition | undefined): SecuredObject {
  const owner = ns?.owner ?? bootstrapSuperuser(schema);
  const fallback: AclItem[] = ns && name !== 'public'
    ? [{ grantee: owner, grantor: owner, privileges: 'UC', grantable: '' }]
    : [{ grantee: owner, grantor: owner, privileges: 'UC', grantable: '' }, { grantee: '', grantor: owner, privileges: 'U', grantable: '' }];
  return { kind: 'schema', label: 'schema', name, owner, acl: ns?.acl ?? fallback };
}

const actingAs = new WeakMap<SessionContext, UserDefinition>();

/** Whom privilege checks ask about: the statement's user, or the owner of the view being bound. */
export function privilegeUser(ctx: SessionContext): UserDefinition {
  return actingAs.get(ctx) ?? ctx.user;
}

export function asViewOwner<T>(ctx: SessionContext, view: ViewDefinition, bind: () => T): T {
  const owner = ctx.db.schema.user(view.owner);
  // A view whose owner is gone (dropped role) is read as its creator's superuser would read it.
  if (!owner) return bind();
  const previous = actingAs.get(ctx);
  actingAs.set(ctx, owner);
  try {
    return bind();
  } finally {
    if (previous) actingAs.set(ctx, previous);
    else actingAs.delete(ctx);
  }
}

export function isSuperuser(u: UserDefinition): boolean {
  return u.role === 'system';
}

/** The roles whose grants a user enjoys: itself, PUBLIC, and its KalamDB group. */
export function rolesOf(u: UserDefinition): string[] {
  return [u.name, '', `kalam_${u.role}`];
}

/** Does `u` hold every privilege in `letters` (or, with `any`, at least one)? */
export function holds(u: UserDefinition, obj: SecuredObject, letters: string, any = false): boolean {
  if (isSuperuser(u)) return true;
  const { privileges } = aclMask(obj.acl, rolesOf(u));
  return any ? [...letters].some((c) => privileges.includes(c)) : [...letters].every((c) => privileges.includes(c));
}

export function permissionDenied(obj: Pick<SecuredObject, 'label' | 'name'>, position?: number): Error {
  return Errors.insufficientPrivilege(`permission denied for ${obj.label} ${obj.name}`, position);
}

export function requirePrivilege(ctx: SessionContext, obj: SecuredObject, letters: string, position?: number): void {
  if (!holds(privilegeUser(ctx), obj, letters)) throw permissionDenied(obj, position);
}

/** ALTER, DROP, COMMENT, CREATE INDEX: the owner's (or a superuser's, or a dba's) alone. */
export function requireOwner(ctx: SessionContext, obj: Pick<SecuredObject, 'label' | 'name' | 'owner'>): void {
  const u = ctx.user;
  if (isSuperuser(u) || u.role === 'dba' || u.name === obj.owner) return;
  throw Errors.insufficientPrivilege(`must be owner of ${obj.label} ${obj.name}`);
}

/** USAGE on a schema named explicitly (`s.t`): 42501 without it. */
export function requireSchemaUsage(ctx: SessionContext, name: string, position?: number): void {
  const u = privilegeUser(ctx);
  if (isSuperuser(u) || ctx.db.schema.isBuiltinNamespace(name)) return;
  const ns = ctx.db.schema.namespace(name);
  if (!ns) return; // the lookup that follows reports it missing
  const obj = schemaObject(ctx.db.schema, name, ns);
  if (!holds(u, obj, 'U')) throw permissionDenied(obj, position);
}

/** A schema of search_path the user may look into (PostgreSQL skips the others silently). */
export function schemaSearchable(ctx: SessionContext, name: string): boolean {
  const u = privilegeUser(ctx);
  if (isSuperuser(u) || ctx.db.schema.isBuiltinNamespace(name)) return true;
  const ns = ctx.db.schema.namespace(name);
  return !ns || holds(u, schemaObject(ctx.db.schema, name, ns), 'U');
}

/** CREATE in a schema: a dba may create anywhere (DESIGN.md section 7). */
export function requireSchemaCreate(ctx: SessionContext, name: string, position?: number): void {
  const u = ctx.user;
  if (isSuperuser(u) || u.role === 'dba') return;
  const obj = schemaObject(ctx.db.schema, name, ctx.db.schema.namespace(name));
  if (!holds(u, obj, 'C')) throw permissionDenied(obj, position);
}
