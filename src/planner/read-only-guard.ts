/**
 * READ ONLY transactions (BEGIN READ ONLY, SET TRANSACTION READ ONLY, default_transaction_read_only,
 * what pgjdbc's setReadOnly(true) sends): a statement that would write answers 25006 with the
 * command PostgreSQL names, checked when it runs — a plan made earlier may run in a read-only
 * transaction later. nextval/setval check for themselves (executor/eval-context.ts).
 */
import type { Node } from '../binder/ast.js';
import { bodyOf, kindOf } from '../binder/ast.js';
import { SqlError } from '../errors/sql-error.js';
import type { PreparedStatement } from '../executor/prepared-statement.js';
import type { SessionContext } from '../executor/session-context.js';
import type { ParsedStatement } from '../sql/statement.js';

/** Statements PostgreSQL lets a read-only transaction run (SelectStmt, CopyStmt and ExplainStmt are looked into). */
const READ_ONLY_KINDS = new Set([
  'VariableSetStmt', 'VariableShowStmt', 'TransactionStmt', 'PrepareStmt', 'ExecuteStmt', 'DeallocateStmt',
  'DiscardStmt', 'DeclareCursorStmt', 'FetchStmt', 'ClosePortalStmt', 'ListenStmt', 'UnlistenStmt', 'NotifyStmt',
  'VacuumStmt', // VACUUM and ANALYZE change statistics and storage, never rows
]);
const KALAM_READ_ONLY = new Set(['ShowNamespaces', 'ShowTables', 'ShowStorages', 'ShowStats', 'DescribeTable', 'UseNamespace', 'Subscribe', 'KillLiveQuery', 'ExecuteAs']);

/** PostgreSQL's command names where they are not the statement kind's words. */
const COMMAND_NAMES: Record<string, string> = {
  InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE',
  CreateStmt: 'CREATE TABLE', IndexStmt: 'CREATE INDEX', ViewStmt: 'CREATE VIEW', CreateSeqStmt: 'CREATE SEQUENCE',
  AlterSeqStmt: 'ALTER SEQUENCE', AlterTableStmt: 'ALTER TABLE', TruncateStmt: 'TRUNCATE TABLE', CommentStmt: 'COMMENT',
  CreateSchemaStmt: 'CREATE SCHEMA', CreateTableAsStmt: 'CREATE TABLE AS', CreateRoleStmt: 'CREATE ROLE',
  AlterRoleStmt: 'ALTER ROLE', DropRoleStmt: 'DROP ROLE', GrantStmt: 'GRANT', CreateExtensionStmt: 'CREATE EXTENSION',
  RenameStmt: 'ALTER TABLE', AlterObjectSchemaStmt: 'ALTER TABLE',
  CreateEnumStmt: 'CREATE TYPE', AlterEnumStmt: 'ALTER TYPE',
};

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** The command name a read-only transaction refuses `parsed` as, or null when it may run. */
export function writingCommand(parsed: ParsedStatement): string | null {
  if (parsed.kind === 'kalam') return KALAM_READ_ONLY.has(parsed.stmt.kind) ? null : parsed.stmt.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return writingNode(parsed.ast);
}

function writingNode(node: Node): string | null {
  const kind = kindOf(node);
  const body = bodyOf<Record<string, unknown>>(node);
  if (READ_ONLY_KINDS.has(kind)) return null;
  switch (kind) {
    case 'SelectStmt': {
      if (body.intoClause) return 'SELECT INTO';
      const locking = body.lockingClause as Node[] | undefined;
      if (locking?.length) return `SELECT ${lockStrength(bodyOf<{ strength: string }>(locking[0]!).strength)}`;
      return modifyingCte(body);
    }
    case 'CopyStmt':
      return body.is_from ? 'COPY FROM' : null;
    case 'ExplainStmt': {
      const analyze = ((body.options as Node[] | undefined) ?? []).some((o) => bodyOf<{ defname: string }>(o).defname === 'analyze');
      return analyze ? writingNode(body.query as Node) : null;
    }
    case 'DropStmt':
      return `DROP ${String(body.removeType).replace('OBJECT_', '')}`;
    default:
      if (DML.has(kind)) return modifyingCte(body) ?? COMMAND_NAMES[kind]!;
      return COMMAND_NAMES[kind] ?? kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  }
}

/** WITH x AS (INSERT …) SELECT …: the data-modifying CTE's command. */
function modifyingCte(body: Record<string, unknown>): string | null {
  const ctes = (body.withClause as { ctes?: Node[] } | undefined)?.ctes ?? [];
  for (const c of ctes) {
    const q = bodyOf<{ ctequery: Node }>(c).ctequery;
    if (DML.has(kindOf(q))) return COMMAND_NAMES[kindOf(q)]!;
  }
  return null;
}

function lockStrength(s: string): string {
  return { LCS_FORKEYSHARE: 'FOR KEY SHARE', LCS_FORSHARE: 'FOR SHARE', LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE' }[s] ?? 'FOR UPDATE';
}

export function refuseInReadOnly(ctx: SessionContext, command: string): void {
  if (ctx.settings.get('transaction_read_only') === 'on') {
    throw new SqlError('25006', `cannot execute ${command} in a read-only transaction`);
  }
}

/** `prepared`, refusing to run while the transaction is read-only. */
export function guardReadOnly(prepared: PreparedStatement, command: string): PreparedStatement {
  return {
    columns: prepared.columns,
    paramTypes: prepared.paramTypes,
    catalogVersion: prepared.catalogVersion,
    allowedInFailedBlock: prepared.allowedInFailedBlock,
    plan: prepared.plan,
    execute(ctx, params, stats) {
      refuseInReadOnly(ctx, command);
      return prepared.execute(ctx, params, stats);
    },
  };
}
