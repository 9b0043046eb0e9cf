/**
 * What goes into system.audit_log from statements. The statement dispatcher (planStatement) hands
 * every statement to auditStatement once; the kinds below are recorded after they run — one entry
 * per statement, succeeded or failed — and everything else passes through untouched. Other code
 * that acts on its own (EXECUTE AS) calls audit().
 *
 * An entry is written when the statement runs, not when its transaction commits: a DDL rolled
 * back later still shows as attempted.
 */
import { bodyOf, kindOf, type Node } from '../binder/ast.js';
import { SqlError } from '../errors/sql-error.js';
import type { PreparedStatement } from '../executor/prepared-statement.js';
import type { SessionContext } from '../executor/session-context.js';
import type { ParsedStatement } from '../sql/statement.js';
import type { AuditAction } from './audit-log.js';

const PG_KINDS: Record<string, AuditAction> = {
  CreateStmt: 'DDL', AlterTableStmt: 'DDL', RenameStmt: 'DDL', AlterObjectSchemaStmt: 'DDL', CreateEnumStmt: 'DDL',
  AlterEnumStmt: 'DDL', CreateSchemaStmt: 'DDL', DropStmt: 'DDL', IndexStmt: 'DDL', CreateTableAsStmt: 'DDL',
  ViewStmt: 'DDL', CreateSeqStmt: 'DDL', AlterSeqStmt: 'DDL', CommentStmt: 'DDL', CreateExtensionStmt: 'DDL',
  CreateRoleStmt: 'ROLE', AlterRoleStmt: 'ROLE', DropRoleStmt: 'ROLE', AlterRoleSetStmt: 'ROLE', GrantRoleStmt: 'ROLE',
  GrantStmt: 'PRIVILEGE', AlterDefaultPrivilegesStmt: 'PRIVILEGE',
};

const KALAM_KINDS: Record<string, AuditAction> = {
  CreateNamespace: 'DDL', DropNamespace: 'DDL', CreateStorage: 'DDL', AlterStorage: 'DDL', DropStorage: 'DDL',
  CreateUser: 'ROLE', AlterUser: 'ROLE', DropUser: 'ROLE',
};

/** Cleartext after PASSWORD or CREDENTIALS never reaches the log: `PASSWORD '********'`. */
export function maskSecrets(text: string): string {
  return text.replace(/\b(password|credentials)(\s*=?\s*)(E?'(?:[^']|'')*')/gi, "$1$2'********'");
}

/** A failed statement's details: its masked text and the error it got. */
export function auditFailure(text: string, e: unknown): string {
  return maskSecrets(text) + (e instanceof SqlError ? ` — ERROR ${e.code}: ${e.message}` : '');
}

/** Where the session's client connects from (null for a session without a connection). */
function sourceAddress(ctx: SessionContext): string | null {
  return ctx.db.backends.get(ctx.backendPid)?.activity().clientAddress ?? null;
}

/** Records one entry for the session's login. */
export function audit(
  ctx: SessionContext, action: AuditAction, command: string, subject: string | null, details: string | null, success = true,
): void {
  ctx.db.audit.record({ actor: ctx.sessionUser.name, action, command, subject, details, sourceAddress: sourceAddress(ctx), success });
}

function actionOf(parsed: ParsedStatement): AuditAction | undefined {
  if (parsed.kind === 'kalam') return KALAM_KINDS[parsed.stmt.kind];
  const kind = kindOf(parsed.ast);
  if (kind === 'RenameStmt' && bodyOf<{ renameType: string }>(parsed.ast).renameType === 'OBJECT_ROLE') return 'ROLE';
  return PG_KINDS[kind];
}

/** `prepared`, recording an audit entry each time it runs when `parsed` is of an audited kind. */
export function auditStatement(parsed: ParsedStatement, prepared: PreparedStatement, command: string | null): PreparedStatement {
  const action = actionOf(parsed);
  if (!action) return prepared;
  const subject = subjectOf(parsed);
  const text = maskSecrets(parsed.text);
  return {
    ...prepared,
    async execute(ctx, params, stats) {
      try {
        const result = await prepared.execute(ctx, params, stats);
        audit(ctx, action, result.tag, subject, text);
        return result;
      } catch (e) {
        audit(ctx, action, command ?? action, subject, auditFailure(parsed.text, e), false);
        throw e;
      }
    },
  };
}

/** A statement of an audited kind that failed before it could run (while being planned). */
export function auditPlanFailure(ctx: SessionContext, parsed: ParsedStatement, command: string | null, e: unknown): void {
  const action = actionOf(parsed);
  if (action) audit(ctx, action, command ?? action, subjectOf(parsed), auditFailure(parsed.text, e), false);
}

/** The object a statement names first, as written (schema-qualified when it was). */
function subjectOf(parsed: ParsedStatement): string | null {
  if (parsed.kind === 'kalam') {
    const s = parsed.stmt as unknown as Record<string, unknown>;
    for (const k of ['username', 'storageId', 'jobId', 'name', 'namespace']) if (typeof s[k] === 'string') return s[k];
    return null;
  }
  const b = bodyOf<Record<string, unknown>>(parsed.ast);
  const index = typeof b.idxname === 'string' ? (nameOf(b.relation)?.replace(/[^.]*$/, '') ?? '') + b.idxname : null;
  const name = index ?? nameOf(b.relation) ?? nameOf(b.view) ?? nameOf(b.sequence) ?? roleName(b.role)
    ?? (typeof b.subname === 'string' ? b.subname : null)
    ?? (typeof b.schemaname === 'string' ? b.schemaname : null) ?? (typeof b.extname === 'string' ? b.extname : null)
    ?? listNames(b.roles) ?? listNames(b.grantee_roles) ?? objectsName(b.objects) ?? listNames(b.grantees)
    ?? listNames((b.action as { grantees?: unknown } | undefined)?.grantees)
    ?? nameOf((b.into as { rel?: unknown } | undefined)?.rel);
  return name ?? null;
}

function nameOf(v: unknown): string | null {
  const r = v && typeof v === 'object' ? (((v as Record<string, unknown>).RangeVar as Record<string, unknown> | undefined) ?? (v as Record<string, unknown>)) : null;
  if (!r || typeof r.relname !== 'string') return null;
  return typeof r.schemaname === 'string' ? `${r.schemaname}.${r.relname}` : r.relname;
}

function roleName(v: unknown): string | null {
  if (typeof v === 'string') return v;
  const r = v && typeof v === 'object' ? (v as { rolename?: unknown; RoleSpec?: { rolename?: unknown } }) : null;
  const name = r?.rolename ?? r?.RoleSpec?.rolename;
  return typeof name === 'string' ? name : null;
}

function listNames(v: unknown): string | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const names = v.map((x) => roleName(x) ?? (kindOf(x as Node) === 'RoleSpec' && bodyOf<{ roletype: string }>(x as Node).roletype === 'ROLESPEC_PUBLIC' ? 'PUBLIC' : null));
  return names.every((n) => n !== null) ? names.join(', ') : null;
}

function objectsName(v: unknown): string | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const names = v.map((o) => {
    const named = nameOf(o);
    if (named) return named;
    const items = ((o as { List?: { items?: Node[] } }).List?.items ?? [o]) as Node[];
    const parts = items.map((i) => (i as { String?: { sval?: string } }).String?.sval);
    return parts.every((p) => typeof p === 'string') ? parts.join('.') : null;
  });
  return names.every((n) => n !== null) ? names.join(', ') : null;
}
