/**
 * The query phase of a connection: simple query and the extended protocol, implemented once
 * against an EngineSession (pgwire's split: the wire owns the protocol's rules, the engine only
 * describes statements and runs portals).
 *
 *   Query 'Q'       → results… ErrorResponse? → ReadyForQuery
 *   Parse 'P'       → ParseComplete          Bind 'B'    → BindComplete
 *   Describe 'D' S  → ParameterDescription + RowDescription | NoData
 *   Describe 'D' P  → RowDescription | NoData
 *   Execute 'E'     → DataRow… CommandComplete | PortalSuspended   (never RowDescription)
 *   Close 'C'       → CloseComplete          Flush 'H'   → (send what is buffered)
 *   Sync 'S'        → session.sync(), ReadyForQuery
 *
 * After an error in an extended-protocol message the session is marked failed and every message
 * up to Sync is discarded — Query included, as PostgreSQL does.
 */
import { Errors, ProtocolError, SqlError } from '../errors/sql-error.js';
import type { BackendOutput } from './backend-output.js';
import type { EngineSession, TransactionStatus } from './engine-port.js';
import type { Bind, Close, Describe, Execute, FrontendMessage, InvalidMessage, Parse } from './frontend-messages.js';
import { FrontendCode } from './message-codes.js';
import type { WireResultSink } from './result-sink.js';

/** Messages whose failure starts the skip-until-Sync rule (PostgreSQL's doing_extended_query_message). */
export const EXTENDED_CODES: ReadonlySet<number> = new Set<number>([
  FrontendCode.Parse,
  FrontendCode.Bind,
  FrontendCode.Describe,
  FrontendCode.Execute,
  FrontendCode.Close,
  FrontendCode.Flush,
]);

export class QueryProtocol {
  private skippingUntilSync = false;

  constructor(
    private readonly session: EngineSession,
    private readonly out: BackendOutput,
    private readonly sink: WireResultSink,
    private readonly onInternalError: (error: unknown) => void,
    /** Called with the status just before each ReadyForQuery (queued notifications go first). */
    private readonly beforeReady: (status: TransactionStatus) => void = () => undefined,
  ) {}

  /**
   * Handles one message. Returns 'terminate' when the client said goodbye. Throws ProtocolError
   * or a FATAL SqlError for what must close the connection; answers everything else itself.
   */
  async handle(m: FrontendMessage): Promise<'continue' | 'terminate'> {
    if (m.kind === 'terminate') return 'terminate';
    if (this.skippingUntilSync && m.kind !== 'sync') return 'continue';
    switch (m.kind) {
      case 'query':
        await this.simpleQuery(m.sql);
        break;
      case 'parse':
        await this.extended(() => this.parse(m));
        break;
      case 'bind':
        await this.extended(() => this.bind(m));
        break;
      case 'describe':
        await this.extended(() => this.describe(m));
        break;
      case 'execute':
        await this.extended(() => this.execute(m));
        break;
      case 'close':
        await this.extended(() => this.close(m));
        break;
      case 'flush':
        this.out.flush();
        break;
      case 'sync':
        await this.sync();
        break;
      case 'copyData':
      case 'copyDone':
      case 'copyFail':
        break; // PostgreSQL ignores these outside COPY: the tail of a COPY that failed
      case 'functionCall':
        this.reportError(Errors.featureNotSupported('fastpath function calls are not supported'));
        this.readyForQuery();
        break;
      case 'invalid':
        return this.onInvalidMessage(m);
      default:
        throw new ProtocolError(`invalid frontend message type ${messageCode(m)}`);
    }
    return 'continue';
  }

  /** Answers a non-fatal error that escaped the usual paths, keeping the protocol's shape. */
  recover(error: SqlError, code: number | undefined): void {
    this.out.serializer.errorResponse(error);
    if (code !== undefined && EXTENDED_CODES.has(code)) this.startSkipping();
    else this.readyForQuery();
  }

  private async simpleQuery(sql: string): Promise<void> {
    this.sink.allowRowDescription = true;
    try {
      await this.session.simpleQuery(sql, this.sink);
    } catch (e) {
      this.reportError(e);
    }
    this.readyForQuery();
  }

  /** Runs one extended-protocol step; a failure starts the skip until Sync. */
  private async extended(step: () => Promise<void> | void): Promise<void> {
    try {
      await step();
    } catch (e) {
      this.reportError(e);
      this.startSkipping();
    }
    this.out.flushIfLarge();
  }

  private async parse(m: Parse): Promise<void> {
    await this.session.parse(m.statement, m.sql, m.paramTypes);
    this.out.serializer.parseComplete();
  }

  private async bind(m: Bind): Promise<void> {
    await this.session.bind(m.portal, m.statement, m.paramFormats, m.params, m.resultFormats);
    this.out.serializer.bindComplete();
  }

  private describe(m: Describe): void {
    const s = this.out.serializer;
    if (m.target === 'S') {
      const d = this.session.describeStatement(m.name);
      s.parameterDescription(d.paramTypes);
      if (d.fields) s.rowDescription(d.fields);
      else s.noData();
    } else {
      const fields = this.session.describePortal(m.name);
      if (fields) s.rowDescription(fields);
      else s.noData();
    }
  }

  private async execute(m: Execute): Promise<void> {
    this.sink.allowRowDescription = false;
    try {
      const outcome = await this.session.execute(m.portal, m.maxRows, this.sink);
      if (outcome === 'suspended') this.out.serializer.portalSuspended();
    } finally {
      this.sink.allowRowDescription = true;
    }
  }

  private close(m: Close): void {
    if (m.target === 'S') this.session.closeStatement(m.name);
    else this.session.closePortal(m.name);
    this.out.serializer.closeComplete();
  }

  private async sync(): Promise<void> {
    this.skippingUntilSync = false;
    try {
      await this.session.sync();
    } catch (e) {
      this.reportError(e);
    }
    this.readyForQuery();
  }

  private async onInvalidMessage(m: InvalidMessage): Promise<'continue' | 'terminate'> {
    switch (m.code) {
      case FrontendCode.Sync:
        this.reportError(m.error);
        await this.sync();
        return 'continue';
      case FrontendCode.Terminate:
        return 'terminate';
      case FrontendCode.CopyData:
      case FrontendCode.CopyDone:
      case FrontendCode.CopyFail:
        return 'continue';
      case FrontendCode.Password:
        throw new ProtocolError(`invalid frontend message type ${m.code}`);
    }
    this.reportError(m.error);
    if (EXTENDED_CODES.has(m.code)) this.startSkipping();
    else this.readyForQuery();
    return 'continue';
  }

  private startSkipping(): void {
    this.skippingUntilSync = true;
    try {
      this.session.markFailed();
    } catch (e) {
      this.onInternalError(e);
    }
  }

  readyForQuery(): void {
    const status = this.transactionStatus();
    this.beforeReady(status);
    this.out.serializer.readyForQuery(status);
    this.out.flush();
  }

  private transactionStatus(): TransactionStatus {
    try {
      return this.session.transactionStatus();
    } catch (e) {
      this.onInternalError(e);
      return 'E';
    }
  }

  /** Sends an ErrorResponse for a non-fatal failure; rethrows what must close the connection. */
  private reportError(e: unknown): void {
    if (e instanceof ProtocolError) throw e;
    const error = e instanceof SqlError ? e : internalError(e, this.onInternalError);
    if (error.severity === 'FATAL' || error.severity === 'PANIC') throw error;
    this.out.serializer.errorResponse(error);
  }
}

/** Anything the engine throws that is not a SqlError is a bug: XX000, logged, connection kept. */
export function internalError(e: unknown, log: (error: unknown) => void): SqlError {
  log(e);
  return Errors.internal(e instanceof Error ? e.message : String(e));
}

const KIND_CODES: Partial<Record<FrontendMessage['kind'], number>> = {
  query: FrontendCode.Query,
  parse: FrontendCode.Parse,
  bind: FrontendCode.Bind,
  describe: FrontendCode.Describe,
  execute: FrontendCode.Execute,
  close: FrontendCode.Close,
  sync: FrontendCode.Sync,
  flush: FrontendCode.Flush,
  terminate: FrontendCode.Terminate,
  copyData: FrontendCode.CopyData,
  copyDone: FrontendCode.CopyDone,
  copyFail: FrontendCode.CopyFail,
  functionCall: FrontendCode.FunctionCall,
  password: FrontendCode.Password,
};

/** The type byte a message came with, for error texts that quote it as PostgreSQL does. */
export function messageCode(m: FrontendMessage): number {
  if (m.kind === 'invalid') return m.code;
  return KIND_CODES[m.kind] ?? 0;
}
