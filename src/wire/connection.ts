/**
 * One client socket, from the first byte to close: the protocol v3 server side, implemented once
 * against the EnginePort seam.
 *
 *   socket ─data─▶ FrontendParser ─▶ MessageQueue ─▶ pump (one message at a time, awaited)
 *                                                     ├─ startup:        SSL/GSSENC 'N', CancelRequest, StartupMessage
 *                                                     ├─ authenticating: 'p' messages → Authenticator
 *                                                     └─ ready:          simple and extended query → EngineSession
 *   socket ◀─write── BackendOutput (batched: at ReadyForQuery, Flush, auth steps, or past 64 KiB)
 *
 * Errors come in two tiers (pgwire's): a SqlError becomes an ErrorResponse and the connection
 * goes on — in the extended protocol every message up to Sync is then discarded; a ProtocolError
 * or a FATAL SqlError is answered and the connection closes. Anything else thrown by the engine
 * becomes XX000 and the connection goes on: one client never takes the process down.
 */
import type { Socket } from 'node:net';
import { Errors, ProtocolError, SqlError } from '../errors/sql-error.js';
import { Authenticator } from './authentication.js';
import { BackendOutput, DEFAULT_FLUSH_THRESHOLD } from './backend-output.js';
import { CancelRegistry, randomSecret } from './cancel-registry.js';
import type { EnginePort, EngineSession, TransactionStatus } from './engine-port.js';
import type {
  Bind,
  CancelRequest,
  Close,
  Describe,
  Execute,
  FrontendMessage,
  InvalidMessage,
  Parse,
  StartupMessage,
} from './frontend-messages.js';
import { FrontendParser } from './frontend-parser.js';
import { FrontendCode } from './message-codes.js';
import { MessageQueue } from './message-queue.js';
import { WireResultSink } from './result-sink.js';

export interface WireConnectionOptions {
  /** Output is written once this many bytes are buffered between flush points. Default 64 KiB. */
  readonly flushThreshold?: number;
  /** A client that has not finished authenticating by then is dropped. Default 60 s (PostgreSQL's). */
  readonly authenticationTimeoutMs?: number;
  /** Where internal errors (engine bugs turned into XX000) are reported. Default console.error. */
  readonly onInternalError?: (error: unknown) => void;
}

type QueueItem =
  | FrontendMessage
  | { readonly kind: 'framingError'; readonly error: ProtocolError }
  | { readonly kind: 'eof' };

type State = 'startup' | 'authenticating' | 'ready' | 'closed';

/** The newest protocol minor version we speak (3.0). */
const NEWEST_MINOR_VERSION = 0;
/** Pause reading when this many messages wait; resume below the low mark. */
const QUEUE_HIGH_WATER = 1024;
const QUEUE_LOW_WATER = 128;

/** Frontend messages whose failure starts the skip-until-Sync rule (doing_extended_query_message). */
const EXTENDED_CODES = new Set<number>([
  FrontendCode.Parse,
  FrontendCode.Bind,
  FrontendCode.Describe,
  FrontendCode.Execute,
  FrontendCode.Close,
  FrontendCode.Flush,
]);

export class WireConnection {
  private readonly parser = new FrontendParser();
  private readonly queue = new MessageQueue<QueueItem>();
  private readonly out: BackendOutput;
  private readonly sink: WireResultSink;
  private state: State = 'startup';
  private pumping = false;
  private readingPaused = false;
  private answeredSsl = false;
  private answeredGss = false;
  private authenticator: Authenticator | null = null;
  private startup: StartupMessage | null = null;
  private user = '';
  private session: EngineSession | null = null;
  private pid = 0;
  private skippingUntilSync = false;
  private authTimer: NodeJS.Timeout | null = null;
  private finished = false;
  private resolveClosed!: () => void;
  /** Resolves once the socket is gone and the session is closed. */
  readonly closed: Promise<void> = new Promise((resolve) => (this.resolveClosed = resolve));

  constructor(
    private readonly socket: Socket,
    private readonly engine: EnginePort,
    private readonly registry: CancelRegistry,
    private readonly options: WireConnectionOptions = {},
  ) {
    this.out = new BackendOutput(socket, options.flushThreshold ?? DEFAULT_FLUSH_THRESHOLD);
    this.sink = new WireResultSink(this.out);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.enqueue({ kind: 'eof' }));
    socket.on('error', () => {
      /* 'close' follows; a reset peer is not our error */
    });
    socket.on('close', () => this.onSocketClosed());
    this.authTimer = setTimeout(() => {
      if (this.state === 'startup' || this.state === 'authenticating') this.abort();
    }, options.authenticationTimeoutMs ?? 60_000);
    this.authTimer.unref();
  }

  /** The pid sent in BackendKeyData, 0 before authentication. */
  get processId(): number {
    return this.pid;
  }

  // ── input ────────────────────────────────────────────────────────────────────────────────

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    try {
      this.parser.parse(chunk, (message) => this.queue.push(message));
    } catch (e) {
      // Framing is lost: nothing after this point can be trusted. Answer in turn, after what
      // was queued before it.
      this.queue.push({ kind: 'framingError', error: e instanceof ProtocolError ? e : new ProtocolError(String(e)) });
      this.socket.pause();
      this.readingPaused = true;
    }
    if (this.queue.length > QUEUE_HIGH_WATER && !this.readingPaused) {
      this.socket.pause();
      this.readingPaused = true;
    }
    void this.pump();
  }

  private enqueue(item: QueueItem): void {
    this.queue.push(item);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.state !== 'closed') {
        const item = this.queue.shift();
        if (item === undefined) break;
        await this.handle(item);
        if (this.out.congested) await this.out.drained();
        if (this.readingPaused && this.queue.length < QUEUE_LOW_WATER && !this.parserFailed(item)) {
          this.readingPaused = false;
          this.socket.resume();
        }
      }
    } catch (e) {
      // handle() answers every error itself; reaching here is a bug in this file. Never let it
      // become an unhandled rejection (that would end the process): drop this connection only.
      (this.options.onInternalError ?? defaultInternalErrorLog)(e);
      this.state = 'closed';
      this.queue.clear();
      this.socket.destroy();
    } finally {
      this.pumping = false;
    }
    if (this.state === 'closed') await this.finish();
  }

  private parserFailed(item: QueueItem): boolean {
    return item.kind === 'framingError';
  }

  /** One message, with the two-tier error rule around it. */
  private async handle(item: QueueItem): Promise<void> {
    try {
      await this.dispatch(item);
    } catch (e) {
      this.fail(e, item);
    }
  }

  private async dispatch(item: QueueItem): Promise<void> {
    if (item.kind === 'framingError') throw item.error;
    if (item.kind === 'eof') return this.abort();
    switch (this.state) {
      case 'startup':
        return this.onStartupPhase(item);
      case 'authenticating':
        return this.onAuthenticationPhase(item);
      case 'ready':
        return this.onQueryPhase(item);
      case 'closed':
        return;
    }
  }

  // ── startup ──────────────────────────────────────────────────────────────────────────────

  private async onStartupPhase(m: FrontendMessage): Promise<void> {
    switch (m.kind) {
      case 'sslRequest':
      case 'gssEncRequest': {
        const ssl = m.kind === 'sslRequest';
        if (ssl ? this.answeredSsl : this.answeredGss) {
          // PostgreSQL reads a second request as a protocol version it does not know.
          throw new SqlError('0A000', `unsupported frontend protocol 1234.${ssl ? 5679 : 5680}: server supports 3.0 to 3.0`, {
            severity: 'FATAL',
          });
        }
        if (ssl) this.answeredSsl = true;
        else this.answeredGss = true;
        this.out.serializer.writer.byte(0x4e); // 'N': no encryption here, go on in the clear
        this.out.flush();
        if (m.pipelined) {
          throw new SqlError('08P01', 'received unencrypted data after SSL request', {
            severity: 'FATAL',
            detail: 'This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
          });
        }
        return;
      }
      case 'cancelRequest':
        return this.onCancelRequest(m);
      case 'startup':
        return this.onStartupMessage(m);
      default:
        throw new ProtocolError('invalid startup packet');
    }
  }

  private onCancelRequest(m: CancelRequest): void {
    this.registry.cancel(m.processId, m.secretKey);
    this.abort(); // no reply, as PostgreSQL
  }

  private async onStartupMessage(m: StartupMessage): Promise<void> {
    if (m.majorVersion !== 3) {
      throw new SqlError(
        '0A000',
        `unsupported frontend protocol ${m.majorVersion}.${m.minorVersion}: server supports 3.0 to 3.${NEWEST_MINOR_VERSION}`,
        { severity: 'FATAL' },
      );
    }
    if (m.minorVersion > NEWEST_MINOR_VERSION || m.protocolOptions.size > 0) {
      this.out.serializer.negotiateProtocolVersion(NEWEST_MINOR_VERSION, [...m.protocolOptions.keys()]);
    }
    const user = m.params.get('user');
    if (!user) {
      throw new SqlError('28000', 'no PostgreSQL user name specified in startup packet', { severity: 'FATAL' });
    }
    this.startup = m;
    this.user = user;
    const authenticator = new Authenticator(user, this.engine.authFor(user));
    this.authenticator = authenticator;
    if (authenticator.begin(this.out.serializer)) return this.completeAuthentication();
    this.state = 'authenticating';
    this.out.flush();
  }

  private async onAuthenticationPhase(m: FrontendMessage): Promise<void> {
    if (m.kind === 'terminate') return this.abort();
    if (m.kind !== 'password') {
      throw new ProtocolError(`expected password response, got message type ${messageCode(m)}`);
    }
    if (this.authenticator!.onPassword(m.data, this.out.serializer)) return this.completeAuthentication();
    this.out.flush();
  }

  private async completeAuthentication(): Promise<void> {
    const startup = this.startup!;
    this.out.serializer.authenticationOk();
    this.authenticator = null;
    const database = startup.params.get('database') || this.user;
    let session: EngineSession;
    try {
      session = await this.engine.openSession(this.user, database, startup.params);
    } catch (e) {
      throw asFatal(e);
    }
    if (this.state === 'closed' || this.finished) {
      // The client left while the session was opening.
      await session.close().catch(() => undefined);
      return;
    }
    this.session = session;
    for (const [name, value] of session.initialParameterStatus()) {
      this.out.serializer.parameterStatus(name, value);
    }
    this.pid = this.registry.allocatePid();
    const secret = randomSecret();
    this.registry.register(this.pid, secret, session);
    this.out.serializer.backendKeyData(this.pid, secret);
    this.state = 'ready';
    if (this.authTimer) clearTimeout(this.authTimer);
    this.readyForQuery();
  }

  // ── queries ──────────────────────────────────────────────────────────────────────────────

  private async onQueryPhase(m: FrontendMessage): Promise<void> {
    if (this.skippingUntilSync && m.kind !== 'sync' && m.kind !== 'terminate') return;
    const session = this.session!;
    switch (m.kind) {
      case 'query':
        return this.simpleQuery(session, m.sql);
      case 'parse':
        return this.extended(() => this.parse(session, m));
      case 'bind':
        return this.extended(() => this.bind(session, m));
      case 'describe':
        return this.extended(() => this.describe(session, m));
      case 'execute':
        return this.extended(() => this.execute(session, m));
      case 'close':
        return this.extended(() => this.close(session, m));
      case 'flush':
        this.out.flush();
        return;
      case 'sync':
        return this.sync(session);
      case 'terminate':
        return this.abort();
      case 'copyData':
      case 'copyDone':
      case 'copyFail':
        return; // PostgreSQL ignores these outside COPY: the tail of a COPY that failed
      case 'functionCall':
        this.reportError(Errors.featureNotSupported('fastpath function calls are not supported'));
        this.readyForQuery();
        return;
      case 'invalid':
        return this.onInvalidMessage(session, m);
      default:
        throw new ProtocolError(`invalid frontend message type ${messageCode(m)}`);
    }
  }

  private async simpleQuery(session: EngineSession, sql: string): Promise<void> {
    this.sink.allowRowDescription = true;
    try {
      await session.simpleQuery(sql, this.sink);
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

  private async parse(session: EngineSession, m: Parse): Promise<void> {
    await session.parse(m.statement, m.sql, m.paramTypes);
    this.out.serializer.parseComplete();
  }

  private async bind(session: EngineSession, m: Bind): Promise<void> {
    await session.bind(m.portal, m.statement, m.paramFormats, m.params, m.resultFormats);
    this.out.serializer.bindComplete();
  }

  private describe(session: EngineSession, m: Describe): void {
    const s = this.out.serializer;
    if (m.target === 'S') {
      const d = session.describeStatement(m.name);
      s.parameterDescription(d.paramTypes);
      if (d.fields) s.rowDescription(d.fields);
      else s.noData();
    } else {
      const fields = session.describePortal(m.name);
      if (fields) s.rowDescription(fields);
      else s.noData();
    }
  }

  private async execute(session: EngineSession, m: Execute): Promise<void> {
    this.sink.allowRowDescription = false;
    try {
      const outcome = await session.execute(m.portal, m.maxRows, this.sink);
      if (outcome === 'suspended') this.out.serializer.portalSuspended();
    } finally {
      this.sink.allowRowDescription = true;
    }
  }

  private close(session: EngineSession, m: Close): void {
    if (m.target === 'S') session.closeStatement(m.name);
    else session.closePortal(m.name);
    this.out.serializer.closeComplete();
  }

  private async sync(session: EngineSession): Promise<void> {
    this.skippingUntilSync = false;
    try {
      await session.sync();
    } catch (e) {
      this.reportError(e);
    }
    this.readyForQuery();
  }

  private async onInvalidMessage(session: EngineSession, m: InvalidMessage): Promise<void> {
    switch (m.code) {
      case FrontendCode.Sync:
        this.reportError(m.error);
        return this.sync(session);
      case FrontendCode.Terminate:
        return this.abort();
      case FrontendCode.CopyData:
      case FrontendCode.CopyDone:
      case FrontendCode.CopyFail:
        return;
      case FrontendCode.Password:
        throw new ProtocolError(`invalid frontend message type ${m.code}`);
    }
    this.reportError(m.error);
    if (EXTENDED_CODES.has(m.code)) this.startSkipping();
    else this.readyForQuery();
  }

  private startSkipping(): void {
    this.skippingUntilSync = true;
    try {
      this.session?.markFailed();
    } catch (e) {
      this.options.onInternalError?.(e);
    }
  }

  private readyForQuery(): void {
    this.out.serializer.readyForQuery(this.transactionStatus());
    this.out.flush();
  }

  private transactionStatus(): TransactionStatus {
    try {
      return this.session?.transactionStatus() ?? 'I';
    } catch (e) {
      this.reportInternal(e);
      return 'E';
    }
  }

  // ── errors and shutdown ──────────────────────────────────────────────────────────────────

  /** Sends an ErrorResponse for a non-fatal failure; rethrows what must close the connection. */
  private reportError(e: unknown): void {
    if (e instanceof ProtocolError) throw e;
    const error = e instanceof SqlError ? e : this.reportInternal(e);
    if (error.severity === 'FATAL' || error.severity === 'PANIC') throw error;
    this.out.serializer.errorResponse(error);
  }

  private reportInternal(e: unknown): SqlError {
    (this.options.onInternalError ?? defaultInternalErrorLog)(e);
    return Errors.internal(e instanceof Error ? e.message : String(e));
  }

  /** Last resort for what escaped a handler: answer FATAL when it is fatal, else an ERROR. */
  private fail(e: unknown, item: QueueItem): void {
    if (this.state === 'closed') return;
    let error: SqlError;
    if (e instanceof ProtocolError) {
      error = new SqlError(e.code, e.message, { severity: 'FATAL' });
    } else if (e instanceof SqlError) {
      error = e;
    } else {
      error = this.reportInternal(e);
    }
    if (this.state !== 'ready' || error.severity === 'FATAL' || error.severity === 'PANIC') {
      this.out.serializer.errorResponse(
        error.severity === 'FATAL' || error.severity === 'PANIC' ? error : withSeverity(error, 'FATAL'),
      );
      this.abort();
      return;
    }
    // A non-fatal error that escaped a query-phase handler (an engine bug outside the usual
    // paths): report it and keep the protocol's shape.
    this.out.serializer.errorResponse(error);
    if ('code' in item && typeof item.code === 'number' && EXTENDED_CODES.has(item.code)) this.startSkipping();
    else this.readyForQuery();
  }

  /** Sends what is buffered and closes the connection; the session is released by finish(). */
  private abort(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.queue.clear();
    this.out.end();
    if (!this.pumping) void this.finish();
  }

  private onSocketClosed(): void {
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.queue.clear();
      // A statement may still be running for a client that is gone: stop it.
      if (this.pumping) safely(() => this.session?.cancel());
    }
    if (!this.pumping) void this.finish();
  }

  /** Releases the session once nothing is running. Idempotent. */
  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.authTimer) clearTimeout(this.authTimer);
    if (this.pid) this.registry.unregister(this.pid);
    const session = this.session;
    this.session = null;
    if (session) {
      try {
        await session.close();
      } catch (e) {
        (this.options.onInternalError ?? defaultInternalErrorLog)(e);
      }
    }
    if (!this.socket.destroyed && !this.socket.writable) this.socket.destroy();
    this.resolveClosed();
  }
}

function asFatal(e: unknown): SqlError | ProtocolError {
  if (e instanceof ProtocolError) return e;
  if (e instanceof SqlError) return e.severity === 'FATAL' ? e : withSeverity(e, 'FATAL');
  return withSeverity(Errors.internal(e instanceof Error ? e.message : String(e)), 'FATAL');
}

function withSeverity(e: SqlError, severity: 'FATAL'): SqlError {
  return new SqlError(e.code, e.message, {
    severity,
    detail: e.detail,
    hint: e.hint,
    position: e.position,
    schema: e.schema,
    table: e.table,
    column: e.column,
    constraint: e.constraint,
  });
}

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // the client is gone; nobody to tell
  }
}

function defaultInternalErrorLog(e: unknown): void {
  console.error('kalamdb-pg wire: internal error', e);
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
function messageCode(m: FrontendMessage): number {
  if (m.kind === 'invalid') return m.code;
  return KIND_CODES[m.kind] ?? 0;
}
