/**
 * One connection's engine side: settings, prepared statements and portals, and the transaction
 * state machine. Implements the wire's EngineSession and the executor's SessionContext.
 *
 * Transactions. Outside BEGIN, a simple-query message runs as one implicit transaction (as in
 * PostgreSQL: `INSERT …; SELECT 1/0` inserts nothing), and in the extended protocol everything
 * up to Sync is one implicit transaction. BEGIN opens a block; an error inside it fails the
 * block (25P02 for every statement until ROLLBACK); COMMIT of a failed block rolls back.
 */
import { SessionNotifications } from '../live/session-notifications.js';
import { makeEvalContext } from '../executor/eval-context.js';
import type { DdlJournal } from './ddl-journal.js';
import { CurrentLogin } from './current-login.js';
import type { UserDefinition } from '../catalog/table-definition.js';
import { Errors, SqlError } from '../errors/sql-error.js';
import type { Database } from '../executor/database.js';
import type { PreparedStatement, StatementResult } from '../executor/prepared-statement.js';
import type { CopyChannel, SessionContext } from '../executor/session-context.js';
import type { SqlCursor } from '../executor/utility/cursors.js';
import { planStatement } from '../planner/plan-statement.js';
import { parseSql } from '../sql/parse.js';
import type { ParsedStatement } from '../sql/statement.js';
import { locationToPosition } from '../sql/position.js';
import type { WriteSet } from '../storage/row-store.js';
import { SessionAdvisoryLocks } from './advisory-locks.js';
import { TransactionState, type BlockState } from './transaction-state.js';
import type { TypeContext } from '../types/type-context.js';
import type { Value } from '../types/kalam-type.js';
import type {
  EngineSession,
  FieldDescription,
  ResultSink,
  StatementDescription,
  TransactionStatus,
} from '../wire/engine-port.js';
import { MESSAGE_LEVELS, resolveSearchPath, Settings, type SettingsMark } from './settings.js';
import { queryShape, type QueryShape } from '../sql/literal-shape.js';
import { buildTemplate, fitsTemplate, mapPosition, sameColumns, TemplateCache, type LiteralTemplate } from './literal-template.js';
import { parseText } from '../types/text-codec.js';

/** Literal templates are the same for every session; their plans are per session. */
const templates = new TemplateCache();
import { decodeParams, describeFields, rowEncoder } from './wire-values.js';
import { sendRows } from './send-rows.js';
import type { CatalogLookup } from '../binder/expr/catalog-lookup.js';
import { SessionCatalog } from '../system/session-catalog.js';
import { SessionSequences } from '../executor/session-sequences.js';
import { parseMilliseconds } from './duration-setting.js';
import { SessionActivity } from './session-activity.js';
import { recordStatement } from '../metrics/record-statement.js';
import type { Backend, BackendActivity } from './backend-registry.js';
import type { BackendIdentity } from '../wire/engine-port.js';

interface NamedStatement {
  readonly sql: string;
  readonly parsed: ParsedStatement | null; // null: empty query
  readonly declared: readonly number[];
  prepared: PreparedStatement | null;
}

interface Portal {
  readonly statement: NamedStatement;
  readonly prepared: PreparedStatement | null;
  readonly params: readonly Value[];
  readonly resultFormats: readonly number[];
  /** Materialised on first Execute; consumed by later ones (row limits). */
  result: StatementResult | null;
  cursor: number;
}


export class Session implements EngineSession, SessionContext {
  readonly settings: Settings;
  readonly sequenceState = new SessionSequences();
  private readonly statements = new Map<string, NamedStatement>();
  private readonly portals = new Map<string, Portal>();
  /** SQL cursors (DECLARE), with the transaction each was declared in. */
  private readonly cursors = new Map<string, { cursor: SqlCursor; generation: number }>();
  private transactionGeneration = 0;
  private readonly txn: TransactionState;
  /** LISTEN/NOTIFY and live queries of this session (live/). */
  readonly notifications: SessionNotifications;
  private running = false;
  /** Why the running statement must stop at its next checkCancel, if it must. */
  private cancelRequested: 'user' | 'timeout' | 'terminate' | null = null;
  private readonly activity = new SessionActivity();
  /** The settings each open savepoint found, oldest first (ROLLBACK TO puts them back). */
  private readonly settingMarks: { readonly name: string; readonly mark: SettingsMark }[] = [];
  /** Set once the connection got its process id (BackendKeyData). */
  private backend: (BackendIdentity & Backend) | null = null;
  private acting: UserDefinition | null = null;
  private sink: ResultSink | null = null;
  /** The running simple Query holds one statement only (statementIsTransaction). */
  private soleStatement = false;
  /** The running simple Query holds several statements: one implicit transaction block. */
  private multiStatement = false;
  private cachedTypeCtx: TypeContext | null = null;
  private sessionCatalog: SessionCatalog | undefined;
  private cachedPath: string[] | null = null;
  private pathVersion = -1;
  /** Simple-query plans by parse (parses are cached and shared, so identity is the key). */
  private simplePlans = new WeakMap<ParsedStatement, PreparedStatement>();
  private settingsEpoch = 0;
  private readonly login: CurrentLogin;
  private simplePlansEpoch = 0;
  private timeoutEpoch = -1;
  private timeoutMs = 0;

  constructor(
    readonly db: Database,
    login: UserDefinition,
    readonly database: string,
    startupParams: ReadonlyMap<string, string>,
    private readonly onClose: (s: Session) => void = () => undefined,
  ) {
    const overrides: [string, string][] = [];
    for (const [k, v] of startupParams) if (k !== 'user' && k !== 'database' && k !== 'options') overrides.push([k, v]);
    this.settings = new Settings(overrides);
    this.notifications = new SessionNotifications(db.live, {
      typeContext: () => this.typeContext(),
      evalContext: () => makeEvalContext(this, []),
    }, database);
    this.txn = new TransactionState(db, new SessionAdvisoryLocks(db.advisoryLocks, (m) => this.notice('01000', m)), this.notifications);
    this.login = new CurrentLogin(db.schema, login);
    this.settings.force('session_authorization', login.name);
    this.settings.force('is_superuser', login.role === 'system' ? 'on' : 'off');
    this.settings.endTransaction(true); // default_transaction_* from the startup packet apply from the first
  }

  // ── SessionContext ─────────────────────────────────────────────────────────
  advisoryLocks(): SessionAdvisoryLocks {
    return this.txn.advisory;
  }

  get user(): UserDefinition {
    return this.acting ?? this.sessionUser;
  }

  /** The authenticated login, as the catalog has it now (current-login.ts). */
  get sessionUser(): UserDefinition {
    return this.login.get();
  }

  typeContext(): TypeContext {
    if (!this.cachedTypeCtx) {
      this.cachedTypeCtx = {
        timeZone: this.settings.get('TimeZone'),
        dateStyle: this.settings.get('DateStyle'),
        intervalStyle: this.settings.get('IntervalStyle'),
        extraFloatDigits: Number(this.settings.get('extra_float_digits')),
        // regclass and friends print names: they read the catalog through this session's search path.
        catalog: this.catalog(),
      };
    }
    return this.cachedTypeCtx;
  }

  catalog(): CatalogLookup {
    return (this.sessionCatalog ??= new SessionCatalog(this.db.schema, () => this.searchPath(), this.db.sequences));
  }

  searchPath(): string[] {
    if (this.cachedPath && this.pathVersion === this.db.schema.version) return this.cachedPath;
    const schema = this.db.schema;
    this.cachedPath = resolveSearchPath(this.settings.get('search_path'), this.user.name, (ns) =>
      schema.namespace(ns) !== undefined || schema.isBuiltinNamespace(ns),
    );
    this.pathVersion = schema.version;
    return this.cachedPath;
  }

  writeSet(): WriteSet {
    return this.txn.writeSet();
  }

  pendingWrites(): WriteSet | undefined {
    return this.txn.pendingWrites();
  }

  transactionTime(): bigint {
    return this.txn.time();
  }

  private get block(): BlockState {
    return this.txn.block;
  }

  get inTransactionBlock(): boolean {
    return this.block !== 'none';
  }

  get inImplicitBlock(): boolean {
    return this.block === 'none' && this.multiStatement;
  }

  statementIsTransaction(): boolean {
    return this.block === 'none' && this.soleStatement && (this.txn.pendingWrites()?.size ?? 0) === 0;
  }

  beginBlock(): void {
    if (this.block !== 'none') {
      this.notice('25001', 'there is already a transaction in progress');
      return;
    }
    this.txn.block = 'open';
  }

  async commitBlock(): Promise<string> {
    if (this.block === 'failed') {
      await this.endTransaction(false);
      return 'ROLLBACK';
    }
    if (this.block === 'none') this.notice('25P01', 'there is no transaction in progress');
    await this.endTransaction(true);
    return 'COMMIT';
  }

  async rollbackBlock(): Promise<void> {
    if (this.block === 'none') this.notice('25P01', 'there is no transaction in progress');
    await this.endTransaction(false);
  }

  savepoint(name: string): void {
    this.txn.savepoint(name);
    this.settingMarks.push({ name, mark: this.settings.mark() });
  }

  /** Undoes the writes, DDL and SETs made since the savepoint; the savepoint stays. */
  async rollbackToSavepoint(name: string): Promise<void> {
    await this.txn.rollbackTo(name);
    const i = this.settingMarks.map((m) => m.name).lastIndexOf(name);
    if (i < 0) return;
    this.settingMarks.length = i + 1;
    for (const [n, v] of this.settings.restore(this.settingMarks[i]!.mark)) this.report(n, v);
    this.settingsChanged();
  }

  /** The open block's DDL journal; null outside a block, where DDL is final at once. */
  ddlJournal(): DdlJournal | null {
    return this.block === 'none' ? null : this.txn.ddl;
  }

  releaseSavepoint(name: string): void {
    this.txn.release(name);
    const i = this.settingMarks.map((m) => m.name).lastIndexOf(name);
    if (i >= 0) this.settingMarks.length = i; // it and the savepoints after it are gone
  }

  checkCancel(): void {
    const why = this.cancelRequested;
    if (why) {
      this.cancelRequested = null;
      if (why === 'terminate') throw Errors.adminShutdown();
      throw why === 'timeout' ? Errors.statementTimeout() : Errors.queryCanceled();
    }
  }

  /** The connection's process id, 0 before BackendKeyData (pg_backend_pid). */
  get backendPid(): number {
    return this.backend?.pid ?? 0;
  }

  /** The wire gave this session its process id: from now on pg_stat_activity lists it. */
  attach(identity: BackendIdentity): void {
    const self = this;
    this.backend = {
      ...identity,
      activity: () => self.describeActivity(identity),
      cancel: () => self.cancel(),
      terminate: () => {
        if (self.running) self.cancelRequested = 'terminate';
        identity.terminate();
      },
    };
    this.db.backends.register(this.backend);
    this.notifications.attach(identity.pid, identity.notifications);
  }

  private describeActivity(identity: BackendIdentity): BackendActivity {
    const a = this.activity;
    return {
      pid: identity.pid, user: this.sessionUser, database: this.database,
      applicationName: this.settings.get('application_name'),
      clientAddress: identity.clientAddress, clientPort: identity.clientPort, tls: identity.tls ?? null,
      // An aborted transaction has no start time left (PostgreSQL's AbortTransaction clears it).
      backendStart: a.backendStart, xactStart: this.block === 'failed' ? null : this.txn.startedAtIfAny(), queryStart: a.queryStart,
      stateChange: a.stateChange, state: a.state(this.block), query: a.query,
    };
  }

  report(name: string, value: string): void {
    this.settingsChanged();
    this.sink?.parameterStatus(name, value);
  }

  /** Any SET may change what typeContext/searchPath derive from. */
  settingsChanged(): void {
    this.cachedTypeCtx = null;
    this.cachedPath = null;
    this.settingsEpoch++;
  }

  copyChannel(): CopyChannel {
    const sink = this.sink;
    if (!sink?.copyIn || !sink.copyOut || !sink.copyData || !sink.copyDone) {
      throw Errors.featureNotSupported('COPY FROM STDIN / TO STDOUT needs a client connection');
    }
    return {
      receive: (columns, binary) => sink.copyIn!(columns, binary),
      start: (columns, binary) => sink.copyOut!(columns, binary),
      send: (data) => sink.copyData!(data),
      end: () => sink.copyDone!(),
      drained: async () => sink.drained?.(),
      backlogged: () => sink.backlogged?.() ?? false,
    };
  }

  /** A NoticeResponse, unless client_min_messages is above its level (as in PostgreSQL). */
  notice(code: string, message: string, detail?: string): void {
    // 0LP01: GRANT's warning that a sequence takes only some privileges.
    const severity = code.startsWith('01') || code.startsWith('25') || code === '0LP01' ? 'WARNING' : 'NOTICE';
    const min = this.settings.get('client_min_messages');
    const minRank = MESSAGE_LEVELS.indexOf(min === 'info' ? 'notice' : min);
    if (minRank > MESSAGE_LEVELS.indexOf(severity.toLowerCase())) return;
    this.sink?.notice(detail === undefined ? { severity, code, message } : { severity, code, message, detail });
  }

  /** PostgreSQL sends INFO to the client at every client_min_messages level. */
  info(message: string): void {
    this.sink?.notice({ severity: 'INFO', code: '00000', message });
  }

  async actingAs<T>(user: UserDefinition, fn: () => Promise<T>): Promise<T> {
    const before = this.acting;
    this.acting = user;
    this.cachedPath = null;
    try {
      return await fn();
    } finally {
      this.acting = before;
      this.cachedPath = null;
    }
  }

  // ── transactions ───────────────────────────────────────────────────────────
  /** Ends the transaction; portals live only as long as their transaction, as in PostgreSQL. */
  private async endTransaction(commit: boolean): Promise<void> {
    this.portals.clear();
    try {
      await this.txn.end(commit);
    } finally {
      this.endCursors(commit);
      this.endSettings(commit);
    }
  }

  /** What the transaction SET: kept or undone, and the client told of reported ones that changed. */
  private endSettings(commit: boolean): void {
    this.settingMarks.length = 0;
    const { reports, changed } = this.settings.endTransaction(commit);
    for (const [name, value] of reports) this.report(name, value);
    if (changed) this.settingsChanged();
  }

  private fail(): void {
    if (this.block === 'none') {
      this.portals.clear();
      this.endCursors(false);
      this.endSettings(false);
    }
    this.txn.fail();
  }

  // ── statements ─────────────────────────────────────────────────────────────
  private plan(stmt: NamedStatement): PreparedStatement | null {
    if (!stmt.parsed) return null;
    if (!stmt.prepared || stmt.prepared.catalogVersion !== this.db.schema.version) {
      this.db.metrics.planCacheMisses++;
      stmt.prepared = planStatement(this, stmt.parsed, stmt.declared);
    } else this.db.metrics.planCacheHits++;
    return stmt.prepared;
  }

  /**
   * Plans are reused while the catalog, the settings (search_path, TimeZone: literals are typed
   * with them) and the acting user are unchanged.
   */
  private simplePlan(parsed: ParsedStatement, declared: readonly number[] = []): PreparedStatement {
    const metrics = this.db.metrics;
    if (this.acting) {
      metrics.planCacheMisses++;
      return planStatement(this, parsed, declared);
    }
    if (this.simplePlansEpoch !== this.settingsEpoch) {
      this.simplePlansEpoch = this.settingsEpoch;
      this.simplePlans = new WeakMap();
    }
    const cached = this.simplePlans.get(parsed);
    if (cached && cached.catalogVersion === this.db.schema.version) {
      metrics.planCacheHits++;
      return cached;
    }
    metrics.planCacheMisses++;
    const plan = planStatement(this, parsed, declared);
    this.simplePlans.set(parsed, plan);
    return plan;
  }

  /**
   * The simple-query fast path: a one-statement text whose shape has a template runs the
   * template's plan with its literals as parameters, without parsing. Returns false (having done
   * nothing) whenever the ordinary path must decide — including every error before execution, so
   * errors keep PostgreSQL's exact text and position.
   */
  private async runTemplated(sql: string, shape: QueryShape, t: LiteralTemplate, sink: ResultSink): Promise<boolean> {
    if (!t.usable || !fitsTemplate(t, shape) || this.block === 'failed' || this.acting) return false;
    let prepared: PreparedStatement;
    const params: Value[] = [];
    try {
      prepared = this.simplePlan(t.parsed, t.paramOids);
      const tc = this.typeContext();
      shape.literals.forEach((tok, i) => {
        const slot = t.slots[i]!;
        if (slot > 0) params[slot - 1] = parseText(tok.value, prepared.paramTypes[slot - 1]!, tc);
      });
    } catch {
      return false;
    }
    try {
      await this.runSimple(prepared, params, sink);
      if (this.block === 'none') await this.endTransaction(true);
    } catch (e) {
      this.fail();
      if (e instanceof SqlError && e.position !== undefined) e.position = mapPosition(t, shape, e.position);
      throw this.withPosition(e, sql);
    }
    return true;
  }

  /** After a text ran the ordinary way: give its shape a template, checked against the literal plan. */
  private learnTemplate(shape: QueryShape, parsed: ParsedStatement, literalPlan: PreparedStatement): void {
    const t = buildTemplate(parsed, shape);
    if (t) {
      try {
        t.usable = sameColumns(planStatement(this, t.parsed, t.paramOids).columns, literalPlan.columns);
      } catch {
        t.usable = false;
      }
    }
    templates.set(shape.key, t);
  }

  private checkBlock(prepared: PreparedStatement | null): void {
    if (this.block === 'failed' && !prepared?.allowedInFailedBlock) throw Errors.inFailedTransaction();
  }

  private async run(prepared: PreparedStatement, params: readonly Value[]): Promise<StatementResult> {
    this.running = true;
    this.cancelRequested = null;
    this.txn.beginStatement(this.activity.queryStart);
    const timeout = this.statementTimeout();
    const timer = timeout > 0 ? setTimeout(() => (this.cancelRequested ??= 'timeout'), timeout) : undefined;
    const started = performance.now();
    let result: StatementResult | undefined;
    try {
      result = await prepared.execute(this, params);
      return result;
    } finally {
      clearTimeout(timer);
      this.running = false;
      this.cancelRequested = null; // a terminate still ends the connection: the wire was told too
      const ms = performance.now() - started;
      if (recordStatement(this.db.metrics, result, ms)) {
        this.db.metrics.onSlow({ durationMs: ms, user: this.sessionUser.name, pid: this.backendPid, query: this.activity.query });
      }
    }
  }

  idleInTransactionTimeout(): number {
    return parseMilliseconds('idle_in_transaction_session_timeout', this.settings.get('idle_in_transaction_session_timeout'));
  }

  /** statement_timeout in ms, read again only when a setting changed. */
  private statementTimeout(): number {
    if (this.timeoutEpoch !== this.settingsEpoch) {
      this.timeoutEpoch = this.settingsEpoch;
      this.timeoutMs = parseMilliseconds('statement_timeout', this.settings.get('statement_timeout'));
    }
    return this.timeoutMs;
  }

  /** One statement of the simple protocol: RowDescription, the rows in text, CommandComplete. */
  private async runSimple(prepared: PreparedStatement, params: readonly Value[], sink: ResultSink): Promise<void> {
    if (prepared.columns) sink.rowDescription(describeFields(prepared.columns, []));
    const result = await this.run(prepared, params);
    if (result.rows && prepared.columns) {
      const encode = rowEncoder(prepared.columns, [], this.typeContext());
      await sendRows(sink, result.rows, encode);
    }
    sink.commandComplete(result.tag);
  }

  /** Error positions are byte offsets while binding; clients expect characters. */
  private withPosition(e: unknown, sql: string): unknown {
    if (e instanceof SqlError && e.position !== undefined && /[^\x00-\x7f]/.test(sql)) {
      e.position = locationToPosition(sql, e.position - 1);
    }
    return e;
  }

  // ── EngineSession ──────────────────────────────────────────────────────────
  initialParameterStatus(): ReadonlyArray<readonly [string, string]> {
    return this.settings.reported();
  }

  async simpleQuery(sql: string, sink: ResultSink): Promise<void> {
    this.activity.begin(sql);
    try {
      await this.simpleQueryRun(sql, sink);
    } finally {
      this.activity.end();
    }
  }

  private async simpleQueryRun(sql: string, sink: ResultSink): Promise<void> {
    this.sink = sink;
    const shape = queryShape(sql);
    const template = shape ? templates.get(shape.key) : undefined;
    if (shape && template) {
      try {
        if (await this.runTemplated(sql, shape, template, sink)) return;
      } finally {
        this.sink = null;
      }
      this.sink = sink;
    }
    let statements: readonly ParsedStatement[];
    try {
      statements = parseSql(sql);
    } catch (e) {
      this.fail();
      throw e;
    }
    if (statements.length === 0) {
      sink.emptyQuery();
      return;
    }
    this.soleStatement = statements.length === 1;
    this.multiStatement = statements.length > 1;
    try {
      for (const parsed of statements) {
        if (this.block === 'failed' && !isTransactionEnd(parsed)) throw Errors.inFailedTransaction();
        const prepared = this.simplePlan(parsed);
        this.checkBlock(prepared);
        if (shape && template === undefined && statements.length === 1) this.learnTemplate(shape, parsed, prepared);
        await this.runSimple(prepared, [], sink);
      }
      if (this.block === 'none') await this.endTransaction(true);
    } catch (e) {
      this.fail();
      throw this.withPosition(e, sql);
    } finally {
      this.sink = null;
      this.soleStatement = false;
      this.multiStatement = false;
    }
  }

  async parse(name: string, sql: string, paramTypes: readonly number[]): Promise<void> {
    if (name !== '' && this.statements.has(name)) throw Errors.duplicatePreparedStatement(name);
    const parsed = parseSql(sql);
    if (parsed.length > 1) throw Errors.syntax('cannot insert multiple commands into a prepared statement');
    const stmt: NamedStatement = { sql, parsed: parsed[0] ?? null, declared: paramTypes, prepared: null };
    if (this.block === 'failed' && stmt.parsed && !isTransactionEnd(stmt.parsed)) throw Errors.inFailedTransaction();
    try {
      this.plan(stmt);
    } catch (e) {
      throw this.withPosition(e, sql);
    }
    this.statements.set(name, stmt);
  }

  async bind(
    portal: string,
    statement: string,
    paramFormats: readonly number[],
    params: ReadonlyArray<Uint8Array | null>,
    resultFormats: readonly number[],
  ): Promise<void> {
    const stmt = this.statements.get(statement);
    if (!stmt) throw Errors.undefinedPreparedStatement(statement);
    if (portal !== '' && this.portals.has(portal)) throw new SqlError('42P03', `portal "${portal}" already exists`);
    const prepared = this.plan(stmt);
    this.checkBlock(prepared);
    const values = prepared ? decodeParams(prepared.paramTypes, paramFormats, params, this.typeContext()) : [];
    if (!prepared && params.length > 0) {
      throw Errors.protocolViolation(`bind message supplies ${params.length} parameters, but prepared statement "${statement}" requires 0`);
    }
    if (prepared?.columns && resultFormats.length > 1 && resultFormats.length !== prepared.columns.length) {
      throw Errors.protocolViolation(`bind message has ${resultFormats.length} result formats but query has ${prepared.columns.length} columns`);
    }
    this.portals.set(portal, { statement: stmt, prepared, params: values, resultFormats, result: null, cursor: 0 });
  }

  describeStatement(name: string): StatementDescription {
    const stmt = this.statements.get(name);
    if (!stmt) throw Errors.undefinedPreparedStatement(name);
    const prepared = this.plan(stmt);
    return {
      paramTypes: prepared ? prepared.paramTypes.map((t) => t.oid) : [],
      fields: prepared?.columns ? describeFields(prepared.columns, []) : null,
    };
  }

  describePortal(name: string): readonly FieldDescription[] | null {
    const p = this.portals.get(name);
    if (!p) throw Errors.undefinedCursor(name);
    return p.prepared?.columns ? describeFields(p.prepared.columns, p.resultFormats) : null;
  }

  async execute(portalName: string, maxRows: number, sink: ResultSink): Promise<'complete' | 'suspended'> {
    const p = this.portals.get(portalName);
    if (!p) throw Errors.undefinedCursor(portalName);
    if (!p.prepared) {
      sink.emptyQuery();
      return 'complete';
    }
    this.sink = sink;
    this.activity.begin(p.statement.sql);
    try {
      if (!p.result) {
        this.checkBlock(p.prepared);
        p.result = await this.run(p.prepared, p.params);
      }
      const rows = p.result.rows;
      if (rows && p.prepared.columns) {
        const encode = rowEncoder(p.prepared.columns, p.resultFormats, this.typeContext());
        const end = maxRows > 0 ? Math.min(rows.length, p.cursor + maxRows) : rows.length;
        p.cursor = await sendRows(sink, rows, encode, p.cursor, end);
        if (p.cursor < rows.length) return 'suspended';
      }
      sink.commandComplete(p.result.tag);
      return 'complete';
    } catch (e) {
      throw this.withPosition(e, p.statement.sql);
    } finally {
      this.sink = null;
      this.activity.end();
    }
  }

  closeStatement(name: string): void {
    this.statements.delete(name);
  }

  closePortal(name: string): void {
    this.portals.delete(name);
  }

  async sync(): Promise<void> {
    if (this.block === 'none') await this.endTransaction(true);
  }

  markFailed(): void {
    this.fail();
  }

  transactionStatus(): TransactionStatus {
    return this.block === 'open' ? 'T' : this.block === 'failed' ? 'E' : 'I';
  }

  cancel(): void {
    if (this.running) this.cancelRequested = 'user';
  }

  async close(): Promise<void> {
    this.onClose(this);
    if (this.backend) this.db.backends.unregister(this.backend);
    await this.endTransaction(false);
    this.txn.close();
    this.statements.clear();
    this.portals.clear();
  }

  /** DEALLOCATE ALL / DISCARD ALL. */
  declareCursor(name: string, cursor: SqlCursor): void {
    if (this.cursors.has(name)) throw new SqlError('42P03', `cursor "${name}" already exists`);
    this.cursors.set(name, { cursor, generation: this.transactionGeneration });
  }

  cursor(name: string): SqlCursor {
    const c = this.cursors.get(name);
    if (!c) throw new SqlError('34000', `cursor "${name}" does not exist`);
    return c.cursor;
  }

  closeCursor(name: string | null): void {
    if (name === null) this.cursors.clear();
    else if (!this.cursors.delete(name)) throw new SqlError('34000', `cursor "${name}" does not exist`);
  }

  /**
   * At the end of a transaction its cursors go, except WITH HOLD ones on COMMIT; a rolled-back
   * transaction takes even its WITH HOLD cursors along (PostgreSQL's portal rules).
   */
  private endCursors(commit: boolean): void {
    for (const [name, c] of this.cursors) {
      if (!c.cursor.hold || (!commit && c.generation === this.transactionGeneration)) this.cursors.delete(name);
    }
    this.transactionGeneration++;
  }

  prepareStatement(name: string, parsed: ParsedStatement, paramTypes: readonly number[]): void {
    if (this.statements.has(name)) throw Errors.duplicatePreparedStatement(name);
    const stmt: NamedStatement = { sql: parsed.text, parsed, declared: paramTypes, prepared: null };
    this.plan(stmt);
    this.statements.set(name, stmt);
  }

  preparedStatement(name: string): PreparedStatement {
    const stmt = this.statements.get(name);
    const prepared = stmt ? this.plan(stmt) : null;
    if (!prepared) throw Errors.undefinedPreparedStatement(name);
    return prepared;
  }

  deallocate(name: string | null): void {
    if (name === null) {
      this.statements.clear();
      this.portals.clear();
      return;
    }
    if (!this.statements.delete(name)) throw Errors.undefinedPreparedStatement(name);
  }
}

function isTransactionEnd(p: ParsedStatement): boolean {
  if (p.kind !== 'pg') return false;
  const t = (p.ast as { TransactionStmt?: { kind: string } }).TransactionStmt;
  return !!t && ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_ROLLBACK_TO', 'TRANS_STMT_PREPARE'].includes(t.kind);
}
