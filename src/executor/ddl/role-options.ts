/**
 * PostgreSQL's role options (CREATE/ALTER ROLE|USER … WITH …) read into the changes they make to
 * a UserDefinition. SUPERUSER, CREATEROLE and CREATEDB and IN ROLE kalam_* choose the KalamDB role
 * (section 7: system is the superuser, dba creates roles and databases); the others are stored:
 *
 *   LOGIN | NOLOGIN                  canLogin
 *   [ENCRYPTED] PASSWORD 'x' | NULL  password (a 'SCRAM-SHA-256$…' or 'md5…' verifier is kept as given)
 *   VALID UNTIL 'ts' | 'infinity'    validUntil
 *   CONNECTION LIMIT n               connectionLimit (-1: none)
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf } from '../../binder/ast.js';
import type { KalamRole } from '../../catalog/table-definition.js';
import { groupRoleNamed, RANK } from '../../catalog/group-roles.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { defElemValue } from '../../sql/ast-util.js';
import { parseTimestamptz } from '../../types/datetime-parse.js';
import type { SessionContext } from '../session-context.js';

export interface RoleChanges {
  /** Cleartext or a verifier; null clears it. */
  password?: string | null;
  role?: KalamRole;
  canLogin?: boolean;
  validUntil?: string | null;
  connectionLimit?: number;
  email?: string | null;
  /** NOSUPERUSER, NOCREATEROLE or NOCREATEDB: step down from system (to dba) or from dba (to user). */
  demote?: 'from-system' | 'from-dba';
}

/** Options PostgreSQL accepts that change nothing here: every role inherits, none replicates. */
const IGNORED = new Set(['inherit', 'bypassrls', 'isreplication']);

export function readRoleOptions(ctx: SessionContext, options: readonly Node[] | undefined, creating: boolean): RoleChanges {
  const out: RoleChanges = {};
  const seen = new Set<string>();
  for (const o of options ?? []) {
    const d = bodyOf<{ defname: string; arg?: Node }>(o);
    const v = d.defname === 'addroleto' || d.defname === 'rolemembers' || d.defname === 'adminmembers' ? undefined : defElemValue(o);
    if (seen.has(d.defname) && d.defname !== 'addroleto') throw new SqlError('42601', 'conflicting or redundant options');
    seen.add(d.defname);
    switch (d.defname) {
      case 'password':
        out.password = v === undefined ? null : String(v);
        if (out.password === '') {
          ctx.notice('00000', 'empty string is not a valid password, clearing password');
          out.password = null;
        }
        break;
      case 'canlogin':
        out.canLogin = v === true;
        break;
      case 'superuser':
        if (v === true) out.role = 'system';
        else if (!creating) out.demote = 'from-system';
        break;
      case 'createrole':
      case 'createdb':
        if (v === true && RANK[out.role ?? 'user'] < RANK.dba) out.role = 'dba';
        else if (v !== true && !creating) out.demote ??= 'from-dba';
        break;
      case 'validUntil':
        out.validUntil = validUntil(ctx, String(v));
        break;
      case 'connectionlimit': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < -1) throw new SqlError('22023', `invalid connection limit: ${String(v)}`);
        out.connectionLimit = n;
        break;
      }
      case 'addroleto':
        if (!creating) throw Errors.featureNotSupported('ALTER ROLE … IN ROLE is not supported; use GRANT kalam_… TO role');
        out.role = groupOf(d.arg);
        break;
      case 'rolemembers':
      case 'adminmembers':
        throw Errors.featureNotSupported('ROLE and ADMIN clauses are not supported: KalamDB roles are not groups; use IN ROLE kalam_…');
      default:
        if (!IGNORED.has(d.defname)) throw Errors.featureNotSupported(`role option "${d.defname}" is not supported`);
    }
  }
  return out;
}

/** IN ROLE kalam_dba: the one KalamDB role a new role joins. */
function groupOf(arg: Node | undefined): KalamRole {
  const items = ((arg as { List?: { items: Node[] } } | undefined)?.List?.items ?? (arg ? [arg] : [])) as Node[];
  if (items.length !== 1) throw Errors.featureNotSupported('IN ROLE takes exactly one of kalam_user, kalam_service, kalam_dba, kalam_system');
  const name = bodyOf<{ rolename?: string }>(items[0]!).rolename ?? '?';
  const group = groupRoleNamed(name);
  if (group) return group.role;
  throw Errors.featureNotSupported(`role "${name}" is not a group role: IN ROLE takes one of kalam_user, kalam_service, kalam_dba, kalam_system`);
}

/** 'infinity' stays as is; anything else is read as timestamptz in the session's time zone. */
function validUntil(ctx: SessionContext, text: string): string {
  const t = text.trim().toLowerCase();
  if (t === 'infinity') return 'infinity';
  const micros = parseTimestamptz(text, ctx.typeContext());
  return new Date(Number(micros / 1000n)).toISOString();
}
