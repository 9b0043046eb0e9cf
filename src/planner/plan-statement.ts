/**
 * ParsedStatement → PreparedStatement: one small planner per statement kind, looked up in a
 * table (STYLE.md: a table of small functions, not a long switch).
 */
import { killLiveQuery } from '../executor/utility/kill-live-query.js';
import { prepareSubscribe } from '../executor/utility/subscribe.js';
import { prepareListen, prepareNotify, prepareUnlisten } from '../executor/utility/listen-notify.js';
import { createIndex, dropIndexes } from '../executor/ddl/create-index.js';
import { Errors, SqlError } from '../errors/sql-error.js';
import type { Node } from '../binder/ast.js';
import { bodyOf, kindOf, maxParamNumber } from '../binder/ast.js';
import { StatementParams } from '../binder/param-slots.js';
import type { PreparedStatement } from '../executor/prepared-statement.js';
import type { SessionContext } from '../executor/session-context.js';
import { prepareSelectSource } from '../executor/query/select-source.js';
import { commentOn } from '../executor/ddl/comment.js';
import { makeEvalContext, prepareSequences } from '../executor/eval-context.js';
import { prepareInsert } from '../executor/dml/insert.js';
import { prepareUpdate } from '../executor/dml/update.js';
import { prepareDelete } from '../executor/dml/delete.js';
import { createTable } from '../executor/ddl/create-table.js';
import { dropRelations } from '../executor/ddl/drop-table.js';
import { createView } from '../executor/ddl/create-view.js';
import { createFromQuery, createTableAs, type IntoClauseNode } from '../executor/ddl/create-table-as.js';
import { alterTable, renameObject } from '../executor/ddl/alter-table.js';
import { setSchema } from '../executor/ddl/set-schema.js';
import { guardReadOnly, writingCommand } from './read-only-guard.js';
import { alterEnum, createEnum, renameType } from '../executor/ddl/enum-ddl.js';
import { dropTypes } from '../executor/ddl/drop-type.js';
import { createNamespace, dropNamespace } from '../executor/ddl/namespace-ddl.js';
import {
  alterRoleFromPg, alterUser, createRoleFromPg, createUser, dropUser, renameUser, unlockUser,
} from '../executor/ddl/user-ddl.js';
import { grantRole } from '../executor/ddl/role-membership.js';
import { audit, auditFailure, auditPlanFailure, auditStatement, maskSecrets } from '../audit/audit.js';
import { prepareSet, prepareShow } from '../executor/utility/set-show.js';
import { prepareTransaction } from '../executor/utility/transaction.js';
import { prepareDescribe, prepareShowNamespaces, prepareShowTables } from '../executor/utility/describe.js';
import { prepareShowStorages } from '../executor/utility/show-storages.js';
import { prepareShowSystemTable } from '../executor/utility/show-system-table.js';
import { stats as systemStats } from '../system/system-stats.js';
import { prepareStorageJob } from '../executor/utility/storage-jobs.js';
import { COMPACT_JOB, FLUSH_JOB } from '../storage/cold/flush-job.js';
import { killJob } from '../executor/utility/kill-job.js';
import { alterStorage, createStorage, dropStorage } from '../executor/ddl/storage-ddl.js';
import { utility } from '../executor/utility/utility-statement.js';
import type { KalamStatement, ParsedStatement } from '../sql/statement.js';
import { preparePgSleep } from '../executor/utility/pg-sleep.js';
import { prepareCopy } from '../executor/copy/copy-statement.js';
import { prepareTruncate } from '../executor/dml/truncate.js';
import { prepareVacuum } from '../executor/utility/vacuum.js';
import { alterSequence, createSequence, dropSequences } from '../executor/ddl/sequence-ddl.js';
import { prepareExecute, preparePrepare } from '../executor/utility/prepare-execute.js';
import { prepareCloseCursor, prepareDeclareCursor, prepareFetch } from '../executor/utility/cursors.js';
import { hasDataModifyingCte, planTopLevelWith } from './data-modifying-with.js';
import { rewriteViewDml } from './view-dml-rewrite.js';
import { executeGrant, type GrantStmtNode } from '../executor/ddl/grant.js';
import { alterAccessLevel } from '../executor/ddl/alter-access-level.js';
import { alterTableCreateVectorIndex } from '../executor/ddl/create-vector-index.js';
import { alterOwner } from '../executor/ddl/alter-owner.js';
import { alterDefaultPrivileges } from '../executor/ddl/default-privileges.js';
import { asViewOwner } from '../executor/privileges/privilege-check.js';
import type { WithClauseNode } from '../executor/query/with-clause.js';
import type { OutputColumn } from '../executor/prepared-statement.js';
import { columnType } from '../types/type-registry.js';
import { KalamDataType } from '../types/kalam-type.js';
import { PlanNode } from './explain/plan-node.js';
import { PlanStats } from './explain/plan-stats.js';
import { renderPlan } from './explain/render-plan.js';
import { readExplainOptions } from './explain/explain-options.js';
import { withBindingCatalog } from '../binder/expr/binding-catalog.js';

type PgPlanner = (ctx: SessionContext, body: Node, declared: readonly number[], parsed: ParsedStatement) => PreparedStatement;

function prepareSelect(ctx: SessionContext, body: Node, declared: readonly number[]): PreparedStatement {
  const into = (body as { intoClause?: IntoClauseNode }).intoClause;
  if (into) {
    // SELECT … INTO t: CREATE TABLE t AS SELECT …, PostgreSQL's own rewrite.
    const query = { SelectStmt: { ...body, intoClause: undefined } };
    return utility(ctx, (c) => createFromQuery(c, query, into, false));
  }
  const sleep = preparePgSleep(ctx, body, declared);
  if (sleep) return sleep;
  const params = new StatementParams(declared);
  const w = (body as { withClause?: WithClauseNode }).withClause;
  if (hasDataModifyingCte(w)) {
    return planTopLevelWith(ctx, w!, params, { SelectStmt: body }, () => selectStatement(ctx, { ...body, withClause: undefined }, params));
  }
  return selectStatement(ctx, body, params);
}

function selectStatement(ctx: SessionContext, body: Node, params: StatementParams): PreparedStatement {
  const source = prepareSelectSource(ctx, { SelectStmt: body }, params);
  return {
    columns: source.columns,
    paramTypes: params.resolve(maxParamNumber(body)),
    catalogVersion: ctx.db.schema.version,
    plan: source.plan,
    async execute(ctx, values, stats) {
      await prepareSequences(ctx);
      const rows = await source.run(ctx, makeEvalContext(ctx, values, stats));
      return { tag: `SELECT ${rows.length}`, rows };
    },
  };
}

/** INSERT/UPDATE/DELETE, under its WITH list when it has one. */
function withDml(
  ctx: SessionContext, kind: string, body: Node, declared: readonly number[],
  prepare: (ctx: SessionContext, node: Node, declared: readonly number[], shared?: StatementParams) => PreparedStatement,
): PreparedStatement {
  const viewDml = rewriteViewDml(ctx, kind, body);
  if (viewDml) return asViewOwner(ctx, viewDml.view, () => prepareDml(ctx, kind, viewDml.node, declared, prepare));
  return prepareDml(ctx, kind, body, declared, prepare);
}

function prepareDml(
  ctx: SessionContext, kind: string, body: Node, declared: readonly number[],
  prepare: (ctx: SessionContext, node: Node, declared: readonly number[], shared?: StatementParams) => PreparedStatement,
): PreparedStatement {
  const w = (body as { withClause?: WithClauseNode }).withClause;
  if (!w) return prepare(ctx, body, declared);
  const params = new StatementParams(declared);
  return planTopLevelWith(ctx, w, params, { [kind]: body }, () => prepare(ctx, { ...body, withClause: undefined }, declared, params));
}

const EXPLAINABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt']);
const QUERY_PLAN: readonly OutputColumn[] = [{ name: 'QUERY PLAN', type: columnType(KalamDataType.TEXT), tableOid: 0, attnum: 0 }];

/**
 * EXPLAIN [ANALYZE] statement: the statement is planned by its own planner, and its operator
 * tree (PreparedStatement.plan, built by the operators as they were bound) is printed. ANALYZE
 * runs it — DML too, inside the transaction, as PostgreSQL does — with counters on, and prints
 * each operator's rows and loops.
 */
function prepareExplain(ctx: SessionContext, body: Node, declared: readonly number[], parsed: ParsedStatement): PreparedStatement {
  const e = body as { query: Node; options?: Node[] };
  const options = readExplainOptions(e.options);
  const kind = kindOf(e.query);
  if (!EXPLAINABLE.has(kind)) throw Errors.featureNotSupported(`EXPLAIN of ${kind.replace(/Stmt$/, '')} statements is not supported yet`);
  const started = performance.now();
  const inner = PG_PLANNERS[kind]!(ctx, bodyOf(e.query), declared, parsed);
  const planningMs = performance.now() - started;
  const plan = inner.plan;
  if (!plan) throw Errors.featureNotSupported('EXPLAIN of this statement is not supported yet');
  const top = options.verbose && inner.columns
    ? PlanNode.withDetails(plan, [`Output: ${inner.columns.map((c) => c.name).join(', ')}`]) : plan;
  return {
    columns: QUERY_PLAN,
    paramTypes: inner.paramTypes,
    catalogVersion: inner.catalogVersion,
    async execute(c, values) {
      let stats: PlanStats | null = null;
      let executionMs = 0;
      if (options.analyze) {
        stats = new PlanStats();
        const t0 = performance.now();
        await inner.execute(c, values, stats);
        executionMs = performance.now() - t0;
      }
      const lines = renderPlan(top, stats);
      if (options.summary) {
        lines.push(`Planning Time: ${planningMs.toFixed(3)} ms`);
        if (options.analyze) lines.push(`Execution Time: ${executionMs.toFixed(3)} ms`);
      }
      return { tag: 'EXPLAIN', rows: lines.map((l) => [l]) };
    },
  };
}

const notYet = (what: string, hint?: string): PgPlanner => () => {
  throw Errors.featureNotSupported(`${what} is not supported yet`, hint);
};

const PG_PLANNERS: Record<string, PgPlanner> = {
  SelectStmt: prepareSelect,
  InsertStmt: (ctx, b, d) => withDml(ctx, 'InsertStmt', b, d, prepareInsert),
  UpdateStmt: (ctx, b, d) => withDml(ctx, 'UpdateStmt', b, d, prepareUpdate),
  DeleteStmt: (ctx, b, d) => withDml(ctx, 'DeleteStmt', b, d, prepareDelete),
  CreateStmt: (ctx, b, _d, parsed) => utility(ctx, (c) => createTable(c, b, parsed.kind === 'pg' ? parsed.tableType : undefined)),
  AlterTableStmt: (ctx, b) => utility(ctx, (c) => alterTable(c, b)),
  AlterOwnerStmt: (ctx, b) => utility(ctx, (c) => alterOwner(c, b)),
  AlterDefaultPrivilegesStmt: (ctx, b) => utility(ctx, (c) => alterDefaultPrivileges(c, b)),
  RenameStmt: (ctx, b) => {
    const r = b as { renameType: string; subname?: string; newname: string };
    if (r.renameType === 'OBJECT_ROLE') return utility(ctx, (c) => renameUser(c, r.subname!, r.newname));
    return utility(ctx, (c) => (r.renameType === 'OBJECT_TYPE' ? renameType(c, b) : renameObject(c, b)));
  },
  AlterObjectSchemaStmt: (ctx, b) => utility(ctx, (c) => setSchema(c, b)),
  CreateEnumStmt: (ctx, b) => utility(ctx, (c) => createEnum(c, b)),
  AlterEnumStmt: (ctx, b) => utility(ctx, (c) => alterEnum(c, b)),
  CreateSchemaStmt: (ctx, b) => {
    const s = b as { schemaname?: string; if_not_exists?: boolean; schemaElts?: unknown[]; authrole?: { rolename?: string } };
    if (s.schemaElts?.length) throw Errors.featureNotSupported('CREATE SCHEMA with elements is not supported yet');
    const name = s.schemaname ?? s.authrole?.rolename;
    if (!name) throw Errors.syntax('CREATE SCHEMA needs a name');
    return utility(ctx, (c) => createNamespace(c, name, !!s.if_not_exists, 'CREATE SCHEMA'));
  },
  DropStmt: (ctx, b) => {
    const s = b as { objects: Node[]; removeType: string; behavior?: string; missing_ok?: boolean };
    const cascade = s.behavior === 'DROP_CASCADE';
    switch (s.removeType) {
      case 'OBJECT_TABLE':
        return utility(ctx, (c) => dropRelations(c, s.objects, 'table', !!s.missing_ok, cascade));
      case 'OBJECT_VIEW':
        return utility(ctx, (c) => dropRelations(c, s.objects, 'view', !!s.missing_ok, cascade));
      case 'OBJECT_SEQUENCE':
        return utility(ctx, (c) => dropSequences(c, s.objects, !!s.missing_ok));
      case 'OBJECT_INDEX':
        return utility(ctx, (c) => dropIndexes(c, s.objects, !!s.missing_ok));
      case 'OBJECT_TYPE':
        return utility(ctx, (c) => dropTypes(c, s.objects, !!s.missing_ok, cascade));
      case 'OBJECT_SCHEMA':
        return utility(ctx, async (c) => {
          for (const o of s.objects) await dropNamespace(c, (o as { String: { sval: string } }).String.sval, !!s.missing_ok, cascade, 'DROP SCHEMA');
          return { tag: 'DROP SCHEMA' };
        });
      default:
        throw Errors.featureNotSupported(`DROP ${s.removeType.replace('OBJECT_', '')} is not supported yet`);
    }
  },
  VariableSetStmt: (ctx, b) => prepareSet(ctx, b),
  VariableShowStmt: (ctx, b) => prepareShow(ctx, (b as { name: string }).name),
  TransactionStmt: (ctx, b) => prepareTransaction(ctx, b),
  CreateRoleStmt: (ctx, b) => utility(ctx, (c) => createRoleFromPg(c, b)),
  AlterRoleStmt: (ctx, b) => utility(ctx, (c) => alterRoleFromPg(c, b)),
  GrantRoleStmt: (ctx, b) => utility(ctx, (c) => grantRole(c, b)),
  DropRoleStmt: (ctx, b) => {
    const s = b as { roles: Node[]; missing_ok?: boolean };
    return utility(ctx, async (c) => {
      for (const r of s.roles) await dropUser(c, bodyOf<{ rolename: string }>(r).rolename, !!s.missing_ok, 'DROP ROLE');
      return { tag: 'DROP ROLE' };
    });
  },
  DeallocateStmt: (ctx, b) => {
    const name = (b as { name?: string }).name ?? null;
    return utility(ctx, async (c) => {
      c.deallocate(name);
      return { tag: name === null ? 'DEALLOCATE ALL' : 'DEALLOCATE' };
    });
  },
  DiscardStmt: (ctx, b) => {
    const target = (b as { target: string }).target;
    return utility(ctx, async (c) => {
      if (c.inTransactionBlock) throw new SqlError('25001', 'DISCARD ALL cannot run inside a transaction block');
      if (target === 'DISCARD_ALL' || target === 'DISCARD_PLANS') c.deallocate(null);
      if (target === 'DISCARD_ALL') c.closeCursor(null);
      if (target === 'DISCARD_ALL') {
        for (const r of c.settings.resetAll()) c.report(r[0], r[1]);
        c.settingsChanged();
      }
      return { tag: target === 'DISCARD_ALL' ? 'DISCARD ALL' : target === 'DISCARD_PLANS' ? 'DISCARD PLANS' : 'DISCARD' };
    });
  },
  ExplainStmt: prepareExplain,
  CopyStmt: (ctx, body) => prepareCopy(ctx, body),
  TruncateStmt: (ctx, body) => prepareTruncate(ctx, body),
  PrepareStmt: (ctx, body, _declared, parsed) => preparePrepare(ctx, body, parsed),
  ExecuteStmt: (ctx, body) => prepareExecute(ctx, body),
  DeclareCursorStmt: (ctx, body) => prepareDeclareCursor(ctx, body),
  FetchStmt: (ctx, body) => prepareFetch(ctx, body),
  ClosePortalStmt: (ctx, body) => prepareCloseCursor(ctx, body),
  ListenStmt: (ctx, b) => prepareListen(ctx, b as { conditionname: string }),
  UnlistenStmt: (ctx, b) => prepareUnlisten(ctx, b as { conditionname?: string }),
  NotifyStmt: (ctx, b) => prepareNotify(ctx, b as { conditionname: string; payload?: string }),
  IndexStmt: (ctx, b) => utility(ctx, (c) => createIndex(c, b)),
  CreateTableAsStmt: (ctx, b) => utility(ctx, (c) => createTableAs(c, b)),
  ViewStmt: (ctx, b, _d, parsed) => utility(ctx, (c) => createView(c, b, parsed.text)),
  CreateSeqStmt: (ctx, b) => utility(ctx, (c) => createSequence(c, b)),
  AlterSeqStmt: (ctx, b) => utility(ctx, (c) => alterSequence(c, b)),
  GrantStmt: (ctx, b) => utility(ctx, (c) => executeGrant(c, b as unknown as GrantStmtNode)),
  CommentStmt: (ctx, b) => utility(ctx, (c) => commentOn(c, b)),
  VacuumStmt: (ctx, b) => prepareVacuum(ctx, b),
  CreateExtensionStmt: (ctx, b) => {
    const name = (b as { extname: string; if_not_exists?: boolean }).extname;
    if (!BUILT_IN_EXTENSIONS.has(name)) throw Errors.featureNotSupported(`extension "${name}" is not available`);
    // pgvector's types and operators and uuid-ossp's functions are built in: the statement is
    // accepted so scripts (and TypeORM, which installs uuid-ossp for uuid keys) run.
    return utility(ctx, async () => ({ tag: 'CREATE EXTENSION' }));
  },
};

/** Extensions whose objects are always there (functions/uuid-ossp-functions.ts, types/vector). */
const BUILT_IN_EXTENSIONS = new Set(['vector', 'uuid-ossp']);

type KalamPlanner = (ctx: SessionContext, stmt: KalamStatement, declared: readonly number[]) => PreparedStatement;

const KALAM_PLANNERS: { [K in KalamStatement['kind']]?: (ctx: SessionContext, s: Extract<KalamStatement, { kind: K }>, declared: readonly number[]) => PreparedStatement } = {
  CreateNamespace: (ctx, s) => utility(ctx, (c) => createNamespace(c, s.name, s.ifNotExists, 'CREATE NAMESPACE')),
  DropNamespace: (ctx, s) => utility(ctx, (c) => dropNamespace(c, s.name, s.ifExists, s.cascade, 'DROP NAMESPACE')),
  ShowNamespaces: (ctx) => prepareShowNamespaces(ctx),
  ShowTables: (ctx, s) => prepareShowTables(ctx, s.namespace),
  UseNamespace: (ctx, s) => {
    if (!ctx.db.schema.namespace(s.namespace) && !ctx.db.schema.isBuiltinNamespace(s.namespace)) {
      throw Errors.undefinedSchema(s.namespace);
    }
    return utility(ctx, async (c) => {
      c.settings.set('search_path', s.namespace);
      c.settingsChanged();
      return { tag: 'SET' };
    });
  },
  DescribeTable: (ctx, s) => prepareDescribe(ctx, s.table, s.history),
  AlterTableAccessLevel: (ctx, s) => utility(ctx, (c) => alterAccessLevel(c, s.table, s.level)),
  AlterTableCreateVectorIndex: (ctx, s) => utility(ctx, (c) => alterTableCreateVectorIndex(c, s)),
  CreateUser: (ctx, s) =>
    utility(ctx, (c) =>
      createUser(c, { name: s.username, password: s.password, role: s.role, email: s.email, authMethod: s.authType, canLogin: true }, 'CREATE USER'),
    ),
  AlterUser: (ctx, s) =>
    utility(ctx, (c) => {
      const ch = s.change;
      if (ch.kind === 'unlock') return unlockUser(c, s.username);
      const changes = ch.kind === 'password' ? { password: ch.password } : ch.kind === 'role' ? { role: ch.role } : { email: ch.email };
      return alterUser(c, s.username, changes, 'ALTER USER');
    }),
  DropUser: (ctx, s) => utility(ctx, (c) => dropUser(c, s.username, s.ifExists, 'DROP USER')),
  ExecuteAs: (ctx, s, declared) => {
    try {
      return prepareExecuteAs(ctx, s.username, s.statement, declared);
    } catch (e) {
      audit(ctx, 'EXECUTE AS', 'EXECUTE AS', s.username, auditFailure(s.statement.text, e), false);
      throw e;
    }
  },
  CreateStorage: (ctx, s) => utility(ctx, (c) => createStorage(c, s)),
  AlterStorage: (ctx, s) => utility(ctx, (c) => alterStorage(c, s)),
  DropStorage: (ctx, s) => utility(ctx, (c) => dropStorage(c, s)),
  ShowStorages: (ctx) => prepareShowStorages(ctx),
  ShowStats: (ctx) => prepareShowSystemTable(ctx, systemStats),
  KillJob: (ctx, s) => utility(ctx, (c) => killJob(c, s.jobId)),
  KillLiveQuery: (ctx, s) => utility(ctx, (c) => killLiveQuery(c, s.liveQueryId)),
  Subscribe: (ctx, s) => prepareSubscribe(ctx, s),
  StorageFlush: (ctx, s) => prepareStorageJob(ctx, s.scope, FLUSH_JOB),
  StorageCompact: (ctx, s) => prepareStorageJob(ctx, s.scope, COMPACT_JOB),
};

const CAN_ACT_FOR: Record<string, readonly string[]> = {
  system: ['system', 'dba', 'service', 'user'],
  dba: ['dba', 'service', 'user'],
  service: ['service', 'user'],
  user: [],
};

function prepareExecuteAs(ctx: SessionContext, username: string, inner: ParsedStatement, declared: readonly number[]): PreparedStatement {
  const target = ctx.db.schema.user(username);
  if (!target) throw Errors.undefinedObject(`role "${username}" does not exist`);
  const self = target.name === ctx.user.name;
  if (!self && !CAN_ACT_FOR[ctx.user.role]!.includes(target.role)) {
    throw Errors.insufficientPrivilege(`permission denied to act as user "${username}"`);
  }
  const prepared = planStatement(ctx, inner, declared);
  return {
    columns: prepared.columns,
    paramTypes: prepared.paramTypes,
    catalogVersion: prepared.catalogVersion,
    plan: prepared.plan,
    async execute(c, params, stats) {
      try {
        const result = await c.actingAs(target, () => prepared.execute(c, params, stats));
        audit(c, 'EXECUTE AS', 'EXECUTE AS', target.name, maskSecrets(inner.text));
        return result;
      } catch (e) {
        audit(c, 'EXECUTE AS', 'EXECUTE AS', target.name, auditFailure(inner.text, e), false);
        throw e;
      }
    },
  };
}

export function planStatement(ctx: SessionContext, parsed: ParsedStatement, declared: readonly number[]): PreparedStatement {
  const writes = writingCommand(parsed);
  let prepared: PreparedStatement;
  try {
    prepared = withBindingCatalog(ctx.catalog(), () => planParsed(ctx, parsed, declared));
  } catch (e) {
    auditPlanFailure(ctx, parsed, writes, e);
    throw e;
  }
  // Every DDL, role and privilege statement is recorded in system.audit_log here, and only here.
  const audited = auditStatement(parsed, prepared, writes);
  return writes ? guardReadOnly(audited, writes) : audited;
}

function planParsed(ctx: SessionContext, parsed: ParsedStatement, declared: readonly number[]): PreparedStatement {
  if (parsed.kind === 'kalam') {
    const planner = KALAM_PLANNERS[parsed.stmt.kind] as KalamPlanner | undefined;
    if (planner) return planner(ctx, parsed.stmt, declared);
    throw Errors.featureNotSupported(`${parsed.stmt.kind} is not supported yet`);
  }
  const kind = kindOf(parsed.ast);
  const planner = PG_PLANNERS[kind];
  if (!planner) throw Errors.featureNotSupported(`${kind.replace(/Stmt$/, '')} statements are not supported yet`);
  return planner(ctx, bodyOf(parsed.ast), declared, parsed);
}

