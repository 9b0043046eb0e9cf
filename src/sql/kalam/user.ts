/**
 * KalamDB's user statements. The user name is a string literal, which is what tells them apart
 * from PostgreSQL's CREATE/ALTER/DROP USER (those go to libpg-query, see classify.ts):
 *
 *   CREATE USER 'alice' [WITH] [PASSWORD 'pw'] [ROLE user|service|dba|system] [EMAIL '…']
 *        [AUTH_TYPE 'password'|'md5'|'scram-sha-256']          (clauses in any order)
 *   CREATE USER admin WITH ROLE dba                           (bare name, but a ROLE clause)
 *   ALTER USER 'alice' SET PASSWORD 'new' | SET ROLE dba | SET EMAIL 'a@example.com'
 *   ALTER USER 'alice' UNLOCK                                 (clears a failed-login lockout)
 *   DROP USER [IF EXISTS] 'alice'
 */
import { SqlError } from '../../errors/sql-error.js';
import type { TokenCursor } from './cursor.js';

export const KALAM_ROLES = ['user', 'service', 'dba', 'system'] as const;
export type KalamRole = (typeof KALAM_ROLES)[number];

export const AUTH_TYPES = ['password', 'md5', 'scram-sha-256'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface CreateUser {
  readonly kind: 'CreateUser';
  readonly username: string;
  readonly password?: string;
  /** 'user' when no ROLE clause was given. */
  readonly role: KalamRole;
  readonly email?: string;
  readonly authType?: AuthType;
}

export type UserChange =
  | { readonly kind: 'password'; readonly password: string }
  | { readonly kind: 'role'; readonly role: KalamRole }
  | { readonly kind: 'email'; readonly email: string }
  | { readonly kind: 'unlock' };

export interface AlterUser {
  readonly kind: 'AlterUser';
  readonly username: string;
  readonly change: UserChange;
}

export interface DropUser {
  readonly kind: 'DropUser';
  readonly username: string;
  readonly ifExists: boolean;
}

function expectRole(c: TokenCursor): KalamRole {
  const t = c.peek();
  const role = c.expectStringOrWord('a role: user, service, dba or system').toLowerCase();
  if (!(KALAM_ROLES as readonly string[]).includes(role)) {
    throw new SqlError('22023', `invalid role "${role}"`, {
      hint: 'Roles are user, service, dba and system.',
      position: c.failPosition(t),
    });
  }
  return role as KalamRole;
}

function expectAuthType(c: TokenCursor): AuthType {
  const t = c.peek();
  const value = c.expectStringOrWord("an auth type: 'password', 'md5' or 'scram-sha-256'").toLowerCase();
  if (!(AUTH_TYPES as readonly string[]).includes(value)) {
    throw new SqlError('22023', `invalid auth type "${value}"`, {
      hint: "Auth types are 'password', 'md5' and 'scram-sha-256'.",
      position: c.failPosition(t),
    });
  }
  return value as AuthType;
}

/** A user name: 'alice' or, in the ROLE-clause form, a bare alice. */
function expectUserName(c: TokenCursor): string {
  return c.expectStringOrWord("user name ('…')");
}

/** After CREATE USER. */
export function parseCreateUser(c: TokenCursor): CreateUser {
  const username = expectUserName(c);
  c.acceptWord('with');
  let password: string | undefined;
  let role: KalamRole | undefined;
  let email: string | undefined;
  let authType: AuthType | undefined;
  const redundant = () => c.failAt(c.all[c.index - 1], 'conflicting or redundant options');
  while (c.peek()) {
    if (c.acceptWord('password')) {
      if (password !== undefined) redundant();
      password = c.expectString("password ('…')");
    } else if (c.acceptWord('role')) {
      if (role !== undefined) redundant();
      role = expectRole(c);
    } else if (c.acceptWord('email')) {
      if (email !== undefined) redundant();
      email = c.expectString("email ('…')");
    } else if (c.acceptWord('auth_type')) {
      if (authType !== undefined) redundant();
      authType = expectAuthType(c);
    } else {
      c.fail('PASSWORD, ROLE, EMAIL or AUTH_TYPE');
    }
  }
  return {
    kind: 'CreateUser',
    username,
    role: role ?? 'user',
    ...(password !== undefined && { password }),
    ...(email !== undefined && { email }),
    ...(authType !== undefined && { authType }),
  };
}

/** After ALTER USER. */
export function parseAlterUser(c: TokenCursor): AlterUser {
  const username = expectUserName(c);
  let change: UserChange;
  if (c.acceptWord('unlock')) change = { kind: 'unlock' };
  else {
    c.expectWord('set', 'SET PASSWORD, SET ROLE, SET EMAIL or UNLOCK');
    if (c.acceptWord('password')) change = { kind: 'password', password: c.expectString("password ('…')") };
    else if (c.acceptWord('role')) change = { kind: 'role', role: expectRole(c) };
    else if (c.acceptWord('email')) change = { kind: 'email', email: c.expectString("email ('…')") };
    else return c.fail('PASSWORD, ROLE or EMAIL');
  }
  c.expectEnd();
  return { kind: 'AlterUser', username, change };
}

/** After DROP USER. */
export function parseDropUser(c: TokenCursor): DropUser {
  const ifExists = c.acceptWords('if', 'exists');
  const username = expectUserName(c);
  c.expectEnd();
  return { kind: 'DropUser', username, ifExists };
}
