/**
 * A bound expression: a libpg-query expression node whose names are resolved and whose type is
 * known, compiled into one closure. `eval` is built once per plan and called per row; it never
 * looks at the AST again.
 *
 *   SELECT a + 1 FROM t        ColumnRef a  → (row) => row[0]           type int4
 *                               A_Const 1    → constant 1                 type int4
 *                               a + 1        → (row) => int4Add(row[0], 1) type int4, label '?column?'
 */
import type { SessionAdvisoryLocks } from '../../session/advisory-locks.js';
import type { CatalogLookup } from './catalog-lookup.js';
import type { RelationStatsLookup } from './relation-stats.js';
import type { PlanStats } from '../../planner/explain/plan-stats.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { TypeContext } from '../../types/type-context.js';
import type { PgNode } from '../../sql/statement.js';
import type { QueryMemory } from '../../executor/memory/query-memory.js';

export interface EvalContext {
  /** Already decoded to the inferred parameter types. */
  readonly params: readonly Value[];
  readonly typeCtx: TypeContext;
  /** µs since epoch: now()/CURRENT_TIMESTAMP = transaction start. */
  readonly statementTime: bigint;
  readonly currentUser: string;
  readonly sessionUser: string;
  readonly database: string;
  readonly currentSchema: string;
  nextval(sequence: string): bigint;
  currval(sequence: string): bigint;
  lastval(): bigint;
  setval(sequence: string, v: bigint, isCalled: boolean): bigint;
  /** Throws 57014 if the statement was cancelled. */
  checkCancel(): void;
  /** current_setting(name): the session's value of a setting (42704 when unknown). */
  setting(name: string): string;
  /** set_config(name, value, is_local): SET [LOCAL] from an expression; returns the new value. */
  setSetting?(name: string, value: string, local: boolean): string;
  /**
   * While a correlated subquery runs: the rows of the queries around it, nearest first, so a
   * column `levelsUp` levels out reads `outerRows[levelsUp - 1]` (executor/subquery).
   */
  readonly outerRows?: readonly (readonly Value[])[];
  /** What one execution of a statement computed ahead for its subqueries (executor/subquery). */
  readonly subqueryMemo?: Map<object, unknown>;
  /** Set under EXPLAIN ANALYZE: operators count their runs and rows here (planner/explain). */
  readonly stats?: PlanStats;
  /** The statement's memory account: steps that materialise rows charge it (executor/memory). */
  readonly memory?: QueryMemory;
  /** The catalog as this session sees it: regclass and friends, pg_catalog functions. */
  readonly catalog?: CatalogLookup;
  /** This session's process id and the server's other sessions (pg_backend_pid, pg_cancel_backend, …). */
  readonly backends?: BackendSignals;
  /** The session's advisory locks (pg_advisory_lock and friends). */
  readonly advisoryLocks?: SessionAdvisoryLocks;
  /** pg_notify and pg_listening_channels: the session's side of LISTEN/NOTIFY. */
  readonly notifications?: NotifyFunctions;
  /** Sends a NoticeResponse (a WARNING for 01xxx codes) to this statement's client. */
  readonly notice?: (code: string, message: string) => void;
  /** Row counts and sizes by pg_class OID (pg_stat_get_*, pg_relation_size, …). */
  readonly relationStats?: RelationStatsLookup;
  /** has_*_privilege: the catalog's ACLs as this session sees them. */
  readonly privileges?: PrivilegeLookup;
}

/** What has_*_privilege asks: `user` by name or OID (null: the current user), `object` by name or OID. */
export interface PrivilegeLookup {
  has(
    kind: 'table' | 'sequence' | 'schema' | 'database' | 'column' | 'any_column',
    user: string | number | null, object: string | number, privilege: string,
  ): boolean | null;
}

export interface NotifyFunctions {
  /** Queues a notification for the transaction's commit (checked as NOTIFY checks it). */
  notify(channel: string | null, payload: string | null): void;
  listening(): string[];
}

export interface BackendSignals {
  readonly ownPid: number;
  /** 'missing' when no session has that pid; 42501 when the caller may not signal it. */
  signal(pid: number, kind: 'cancel' | 'terminate'): 'sent' | 'missing';
}

export interface BoundExpr {
  readonly type: ColumnType;
  readonly eval: (row: readonly Value[], ctx: EvalContext) => Value;
  /** The output column name PostgreSQL gives: column name, function name, '?column?', cast type name. */
  readonly label: string;
  /** No column/param refs, no volatile or stable function: eval ignores row and ctx. */
  readonly constant?: boolean;
  /** Set when the expression is a bare column reference. */
  readonly columnIndex?: number;
}

export interface ColumnBinding {
  readonly index: number;
  readonly type: ColumnType;
  readonly name: string;
  readonly tableOid?: number;
  readonly attnum?: number;
  /** 0 or absent: a column of the scope's own row; n: of the row n subquery levels out. */
  readonly levelsUp?: number;
  /** The range entry a `*` expanded this column from (its alias), for CREATE VIEW. */
  readonly entryAlias?: string;
}

export interface BindScope {
  /** names as written (['t','col'] or ['col']); throws 42703/42P01/42702 with position. */
  resolveColumn(names: readonly string[], location: number): ColumnBinding;
  /** SELECT * / t.*: all visible columns in order. */
  expandStar(qualifier: readonly string[] | null, location: number): readonly ColumnBinding[];
  /** How many subquery levels out `names` resolves (0: here), -1 if nowhere; never throws. */
  levelOf?(names: readonly string[]): number;
  /**
   * Binds `node` in the query `levelsUp` subquery levels out and reads its value from that
   * query's row: an outer aggregate, `(SELECT sum(e.x))` where e belongs to the outer query.
   */
  bindOuter?(node: PgNode, levelsUp: number, location: number): BoundExpr;
}

/** $n types, shared across one statement; 0-based index n-1. */
export interface ParamSlots {
  /** Declared by the client (Parse) or inferred so far. */
  get(index: number): ColumnType | undefined;
  /** First inference wins, as in PostgreSQL. */
  infer(index: number, type: ColumnType): void;
}
