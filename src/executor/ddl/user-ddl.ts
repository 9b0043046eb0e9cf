/**
 * Users: KalamDB's CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user|service|dba|system and
 * PostgreSQL's CREATE/ALTER/DROP ROLE|USER with their options (role-options.ts), ALTER ROLE …
 * RENAME TO, and ALTER USER 'x' UNLOCK. Passwords are stored only as verifiers: SCRAM-SHA-256 by
 * default, md5 when asked (password_encryption = md5 or AUTH_TYPE 'md5'); a verifier given
 * instead of a password is stored as is, as PostgreSQL does. Who may do what: role-rules.ts.
 */
import { refuseInBlock } from './ddl-undo.js';
import type { AuthMethod, KalamRole, UserDefinition } from '../../catalog/table-definition.js';
import { groupRoleNamed } from '../../catalog/group-roles.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { formatScramVerifier, isScramVerifier, makeScramVerifier } from '../../auth/scram-verifier.js';
import { md5PasswordHash } from '../../auth/md5.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SchemaStore } from '../../catalog/schema-store.js';
import { checkManage } from './role-rules.js';
import { readRoleOptions, type RoleChanges } from './role-options.js';

const MD5_HASH = /^md5[0-9a-f]{32}$/;

export function passwordVerifier(password: string, user: string, method: AuthMethod): string {
  if (MD5_HASH.test(password) || isScramVerifier(password)) return password; // already a verifier
  return method === 'md5' ? md5PasswordHash(password, user) : formatScramVerifier(makeScramVerifier(password));
}

/** The method a stored verifier is checked with: md5 verifiers only by md5; cleartext stays cleartext. */
function methodFor(stored: string | null, wanted: AuthMethod): AuthMethod {
  if (stored && MD5_HASH.test(stored)) return wanted === 'password' ? 'password' : 'md5';
  return wanted === 'md5' ? 'scram-sha-256' : wanted;
}

function checkName(name: string): void {
  if (groupRoleNamed(name)) throw Errors.duplicateObject(`role "${name}" already exists`);
  if (name.startsWith('pg_')) {
    throw new SqlError('42939', `role name "${name}" is reserved`, { detail: 'Role names starting with "pg_" are reserved.' });
  }
}

function existing(ctx: SessionContext, name: string): UserDefinition {
  const u = ctx.db.schema.user(name);
  if (u) return u;
  if (groupRoleNamed(name)) throw Errors.featureNotSupported(`role "${name}" is a built-in KalamDB group role and cannot be changed`);
  throw Errors.undefinedObject(`role "${name}" does not exist`);
}

export interface NewRole extends RoleChanges {
  readonly name: string;
  readonly role: KalamRole;
  readonly canLogin: boolean;
  readonly authMethod?: AuthMethod;
}

export async function createUser(ctx: SessionContext, spec: NewRole, tag: string): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  checkManage(ctx.user, 'create', [spec.role]);
  checkName(spec.name);
  const schema = ctx.db.schema;
  if (schema.user(spec.name)) throw Errors.duplicateObject(`role "${spec.name}" already exists`);
  const wanted: AuthMethod = spec.authMethod ?? (ctx.settings.get('password_encryption') === 'md5' ? 'md5' : 'scram-sha-256');
  const password = spec.password ? passwordVerifier(spec.password, spec.name, wanted) : null;
  const oid = schema.allocateOid();
  const user: UserDefinition = {
    id: `u${oid}`,
    oid,
    name: spec.name,
    role: spec.role,
    canLogin: spec.canLogin,
    authMethod: methodFor(password, wanted),
    password,
    ...(spec.email != null && { email: spec.email }),
    ...(spec.validUntil != null && { validUntil: spec.validUntil }),
    ...(spec.connectionLimit !== undefined && spec.connectionLimit !== -1 && { connectionLimit: spec.connectionLimit }),
    createdAt: new Date().toISOString(),
  };
  await schema.putUser(user);
  return { tag };
}

/** The bootstrap superuser, created on first start. */
export async function ensureSuperuser(schema: SchemaStore, name: string, password: string): Promise<boolean> {
  if (schema.user(name)) return false;
  // PostgreSQL's bootstrap superuser is OID 10 (BOOTSTRAP_SUPERUSERID); catalogs owned by it say so.
  const oid = schema.listUsers().some((u) => u.oid === 10) ? schema.allocateOid() : 10;
  await schema.putUser({
    id: `u${oid}`,
    oid,
    name,
    role: 'system',
    canLogin: true,
    authMethod: 'scram-sha-256',
    password: passwordVerifier(password, name, 'scram-sha-256'),
    createdAt: new Date().toISOString(),
  });
  return true;
}

/** CREATE USER/ROLE name [WITH] option… (PostgreSQL's syntax). */
export async function createRoleFromPg(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const s = node as unknown as { stmt_type: string; role: string; options?: Node[] };
  const changes = readRoleOptions(ctx, s.options, true);
  const canLogin = changes.canLogin ?? s.stmt_type === 'ROLESTMT_USER';
  return createUser(ctx, { ...changes, name: s.role, role: changes.role ?? 'user', canLogin }, 'CREATE ROLE');
}

/** ALTER ROLE|USER name [WITH] option… */
export async function alterRoleFromPg(ctx: SessionContext, node: Node): Promise<StatementResult> {
  const s = node as unknown as { role: { roletype: string; rolename?: string }; options?: Node[] };
  const name = s.role.rolename ?? (s.role.roletype === 'ROLESPEC_PUBLIC' ? undefined : ctx.sessionUser.name);
  if (!name) throw Errors.undefinedObject('role "public" does not exist');
  return alterUser(ctx, name, readRoleOptions(ctx, s.options, false));
}

/**
 * Applies `changes` to role `name`. A role may change its own password (and email) alone, as
 * PostgreSQL lets it; everything else needs dba, and system to touch system.
 */
export async function alterUser(ctx: SessionContext, name: string, given: RoleChanges, tag = 'ALTER ROLE'): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const u = existing(ctx, name);
  const { demote, ...changes } = given;
  // NOSUPERUSER takes a system role to dba, the role below; NOCREATEROLE/NOCREATEDB a dba to user.
  if (demote && changes.role === undefined) {
    if (demote === 'from-system' && u.role === 'system') changes.role = 'dba';
    if (demote === 'from-dba' && u.role === 'dba') changes.role = 'user';
  }
  const selfService = u.name === ctx.user.name && Object.keys(changes).every((k) => k === 'password' || k === 'email');
  if (!selfService) checkManage(ctx.user, 'alter', changes.role ? [u.role, changes.role] : [u.role]);
  let next: UserDefinition = { ...u };
  if (changes.password !== undefined) {
    const password = changes.password === null ? null : passwordVerifier(changes.password, u.name, u.authMethod);
    next = { ...next, password, authMethod: methodFor(password, u.authMethod) };
  }
  if (changes.role !== undefined) next = { ...next, role: changes.role };
  if (changes.canLogin !== undefined) next = { ...next, canLogin: changes.canLogin };
  if (changes.validUntil !== undefined) next = { ...next, validUntil: changes.validUntil };
  if (changes.connectionLimit !== undefined) next = { ...next, connectionLimit: changes.connectionLimit };
  if (changes.email !== undefined) next = { ...next, email: changes.email ?? undefined };
  await ctx.db.schema.putUser(next);
  return { tag };
}

/** ALTER ROLE old RENAME TO new: an md5 verifier is salted with the name, so it goes (PostgreSQL's NOTICE). */
export async function renameUser(ctx: SessionContext, from: string, to: string): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const u = existing(ctx, from);
  if (u.name === ctx.sessionUser.name) throw Errors.featureNotSupported('session user cannot be renamed');
  if (u.name === ctx.user.name) throw Errors.featureNotSupported('current user cannot be renamed');
  checkManage(ctx.user, 'rename', [u.role]);
  checkName(to);
  if (ctx.db.schema.user(to)) throw Errors.duplicateObject(`role "${to}" already exists`);
  // Owners are kept by name (namespaces, tables): a rename would orphan what the role owns.
  if (ownedObjects(ctx, from).length) {
    throw Errors.featureNotSupported(`role "${from}" owns namespaces or tables; renaming such a role is not supported yet`);
  }
  let renamed: UserDefinition = { ...u, name: to };
  if (u.password && MD5_HASH.test(u.password)) {
    renamed = { ...renamed, password: null };
    ctx.notice('00000', 'MD5 password cleared because of role rename');
  }
  await ctx.db.schema.dropUser(from);
  await ctx.db.schema.putUser(renamed);
  await ctx.db.logins.rename(from, to);
  return { tag: 'ALTER ROLE' };
}

/** What a role owns, in PostgreSQL's DETAIL words; owners are kept by name, so these would be orphaned. */
function ownedObjects(ctx: SessionContext, name: string): string[] {
  const schema = ctx.db.schema;
  return [
    ...schema.listNamespaces().filter((n) => n.owner === name).map((n) => `owner of schema ${n.name}`),
    ...schema.listTables().filter((t) => t.owner === name).map((t) => `owner of table ${t.namespace}.${t.name}`),
  ];
}

/** ALTER USER 'x' UNLOCK: clears the failed-login count and any lockout (auth/login-guard.ts). */
export async function unlockUser(ctx: SessionContext, name: string): Promise<StatementResult> {
  const u = existing(ctx, name);
  checkManage(ctx.user, 'alter', [u.role]);
  await ctx.db.logins.unlock(u.name);
  return { tag: 'ALTER USER' };
}

export async function dropUser(ctx: SessionContext, name: string, ifExists: boolean, tag: string): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const u = ctx.db.schema.user(name);
  if (!u) {
    if (groupRoleNamed(name)) throw Errors.featureNotSupported(`role "${name}" is a built-in KalamDB group role and cannot be dropped`);
    if (ifExists) {
      ctx.notice('00000', `role "${name}" does not exist, skipping`);
      return { tag };
    }
    throw Errors.undefinedObject(`role "${name}" does not exist`);
  }
  checkManage(ctx.user, 'drop', [u.role]);
  if (u.name === ctx.sessionUser.name) throw new SqlError('55006', 'session user cannot be dropped');
  if (u.name === ctx.user.name) throw new SqlError('55006', 'current user cannot be dropped');
  const owned = ownedObjects(ctx, u.name);
  if (owned.length) {
    throw new SqlError('2BP01', `role "${name}" cannot be dropped because some objects depend on it`, { detail: owned.join('\n') });
  }
  await ctx.db.schema.dropUser(name);
  await ctx.db.logins.forget(name);
  return { tag };
}
