/**
 * Users: KalamDB's CREATE USER 'alice' WITH PASSWORD 'pw' ROLE user|service|dba|system and
 * PostgreSQL's CREATE USER/ROLE … PASSWORD …, ALTER USER, DROP USER. Passwords are stored only as
 * verifiers: SCRAM-SHA-256 by default, md5 when asked (password_encryption = md5 or AUTH_TYPE 'md5').
 */
import { refuseInBlock } from './ddl-undo.js';
import type { AuthMethod, KalamRole, UserDefinition } from '../../catalog/table-definition.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import { defElemValue } from '../../sql/ast-util.js';
import { formatScramVerifier, makeScramVerifier } from '../../auth/scram-verifier.js';
import { md5PasswordHash } from '../../auth/md5.js';
import type { SessionContext } from '../session-context.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SchemaStore } from '../../catalog/schema-store.js';

const RANK: Record<KalamRole, number> = { user: 0, service: 1, dba: 2, system: 3 };

export function passwordVerifier(password: string, user: string, method: AuthMethod): string {
  return method === 'md5' ? md5PasswordHash(password, user) : formatScramVerifier(makeScramVerifier(password));
}

/** Who may manage whom (DESIGN.md section 7): dba manages users below system; only system grants system. */
function checkManage(ctx: SessionContext, role: KalamRole, what: string): void {
  const actor = ctx.user.role;
  if (RANK[actor] < RANK.dba) throw Errors.insufficientPrivilege(`permission denied to ${what}`);
  if (role === 'system' && actor !== 'system') throw Errors.insufficientPrivilege(`only a system user may ${what} with role system`);
}

export async function createUser(
  ctx: SessionContext,
  spec: { name: string; password?: string | null; role: KalamRole; email?: string; authMethod?: AuthMethod; canLogin: boolean },
  tag: string,
): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  checkManage(ctx, spec.role, 'create role');
  const schema = ctx.db.schema;
  if (schema.user(spec.name)) throw Errors.duplicateObject(`role "${spec.name}" already exists`);
  const method: AuthMethod = spec.authMethod ?? (ctx.settings.get('password_encryption') === 'md5' ? 'md5' : 'scram-sha-256');
  const oid = schema.allocateOid();
  const user: UserDefinition = {
    id: `u${oid}`,
    oid,
    name: spec.name,
    role: spec.role,
    canLogin: spec.canLogin,
    authMethod: method,
    password: spec.password ? passwordVerifier(spec.password, spec.name, method) : null,
    email: spec.email,
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

export const GROUP_ROLES: Record<string, KalamRole> = {
  kalam_user: 'user',
  kalam_service: 'service',
  kalam_dba: 'dba',
  kalam_system: 'system',
};

/** CREATE USER/ROLE name [WITH] [LOGIN] [PASSWORD 'x'] [SUPERUSER] [IN ROLE kalam_dba]. */
export async function createRoleFromPg(ctx: SessionContext, node: Node): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const s = node as unknown as { stmt_type: string; role: string; options?: Node[] };
  let canLogin = s.stmt_type === 'ROLESTMT_USER';
  let password: string | null | undefined;
  let role: KalamRole = 'user';
  for (const o of s.options ?? []) {
    const d = bodyOf<{ defname: string; arg?: Node }>(o);
    const v = defElemValue(o);
    switch (d.defname) {
      case 'password':
        password = v === undefined ? null : String(v);
        break;
      case 'canlogin':
        canLogin = v === true;
        break;
      case 'superuser':
        if (v === true) role = 'system';
        break;
      case 'createrole':
      case 'createdb':
        if (v === true && RANK[role] < RANK.dba) role = 'dba';
        break;
      case 'addroleto':
      case 'rolemembers': {
        const names = ((d.arg as { List?: { items: Node[] } } | undefined)?.List?.items ?? (d.arg ? [d.arg] : [])) as Node[];
        for (const n of names) {
          const spec = bodyOf<{ rolename?: string }>(n);
          const r = spec.rolename ? GROUP_ROLES[spec.rolename] : undefined;
          if (!r) throw Errors.undefinedObject(`role "${spec.rolename ?? '?'}" does not exist`);
          role = r;
        }
        break;
      }
      case 'inherit':
      case 'connectionlimit':
      case 'validUntil':
      case 'bypassrls':
      case 'isreplication':
        break;
      default:
        throw Errors.featureNotSupported(`role option "${d.defname}" is not supported`);
    }
  }
  return createUser(ctx, { name: s.role, password, role, canLogin }, 'CREATE ROLE');
}

export async function alterUserPassword(ctx: SessionContext, name: string, password: string | null): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const u = ctx.db.schema.user(name);
  if (!u) throw Errors.undefinedObject(`role "${name}" does not exist`);
  if (u.name !== ctx.user.name) checkManage(ctx, u.role, 'alter role');
  await ctx.db.schema.putUser({ ...u, password: password === null ? null : passwordVerifier(password, u.name, u.authMethod) });
  return { tag: 'ALTER ROLE' };
}

export async function alterUserRole(ctx: SessionContext, name: string, role: KalamRole): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const u = ctx.db.schema.user(name);
  if (!u) throw Errors.undefinedObject(`role "${name}" does not exist`);
  checkManage(ctx, role, 'alter role');
  checkManage(ctx, u.role, 'alter role');
  await ctx.db.schema.putUser({ ...u, role });
  return { tag: 'ALTER ROLE' };
}

export async function alterRoleFromPg(ctx: SessionContext, node: Node): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const s = node as unknown as { role: { rolename?: string }; options?: Node[] };
  const name = s.role.rolename;
  if (!name) throw Errors.featureNotSupported('ALTER ROLE CURRENT_USER is not supported');
  for (const o of s.options ?? []) {
    const d = bodyOf<{ defname: string }>(o);
    if (d.defname !== 'password') throw Errors.featureNotSupported(`ALTER ROLE … ${d.defname.toUpperCase()} is not supported`);
    const v = defElemValue(o);
    await alterUserPassword(ctx, name, v === undefined ? null : String(v));
  }
  return { tag: 'ALTER ROLE' };
}

export async function dropUser(ctx: SessionContext, name: string, ifExists: boolean, tag: string): Promise<StatementResult> {
  refuseInBlock(ctx, 'changing roles');
  const u = ctx.db.schema.user(name);
  if (!u) {
    if (ifExists) {
      ctx.notice('00000', `role "${name}" does not exist, skipping`);
      return { tag };
    }
    throw Errors.undefinedObject(`role "${name}" does not exist`);
  }
  checkManage(ctx, u.role, 'drop role');
  if (u.name === ctx.sessionUser.name) throw new SqlError('55006', 'current user cannot be dropped');
  await ctx.db.schema.dropUser(name);
  return { tag };
}
