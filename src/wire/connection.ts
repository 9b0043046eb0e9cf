/**
 * One client socket, from the first byte to close: the protocol v3 server side, implemented once
 * against the EnginePort seam.
 *
 *   socket ─data─▶ FrontendParser ─▶ MessageQueue ─▶ pump (one message at a time, awaited)
 *                                                     ├─ startup:        SSL 'S' (then TLS) or 'N', GSSENC 'N', CancelRequest, StartupMessage
 *                                                     ├─ authenticating: 'p' messages → Authenticator
 *                                                     └─ ready:          QueryProtocol → EngineSession
 *   socket ◀─write── BackendOutput (batched: at ReadyForQuery, Flush, auth steps, or past 64 KiB)
 *
 * Errors come in two tiers (pgwire's): a SqlError becomes an ErrorResponse and the connection
 * goes on — in the extended protocol every message up to Sync is then discarded; a ProtocolError
 * or a FATAL SqlError is answered and the connection closes. Anything else thrown by the engine
 * becomes XX000 and the connection goes on: one client never takes the process down.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Errors, ProtocolError, SqlError } from '../errors/sql-error.js';
import { Authenticator } from './authentication.js';
import { BackendOutput, DEFAULT_FLUSH_THRESHOLD } from './backend-output.js';
import { CancelRegistry, randomSecret } from './cancel-registry.js';
import type { ConnectionSlots } from './connection-slots.js';
import type { EnginePort, EngineSession } from './engine-port.js';
import type { CancelRequest, FrontendMessage, StartupMessage } from './frontend-messages.js';
import { FrontendParser } from './frontend-parser.js';
import { MessageQueue } from './message-queue.js';
import { DEFAULT_NOTIFICATION_QUEUE_BYTES, NotificationQueue } from './notification-queue.js';
import { internalError, messageCode, QueryProtocol } from './query-protocol.js';
import { WireResultSink } from './result-sink.js';
import { describeTls, startTls, tlsRequiredError, type WireTls } from './wire-tls.js';

export interface WireConnectionOptions {
  /** Output is written once this many bytes are buffered between flush points. Default 64 KiB. */
  readonly flushThreshold?: number;
  /** A client that has not finished authenticating by then is dropped. Default 60 s (PostgreSQL's). */
  readonly authenticationTimeoutMs?: number;
  /** Where internal errors (engine bugs turned into XX000) are reported. Default console.error. */
  readonly onInternalError?: (error: unknown) => void;
  /** The server's certificate and key: SSLRequest is answered `S` and the connection goes on over TLS. */
  readonly tls?: WireTls;
  /** The server-wide connection limit (53300 past it). Default: none. */
  readonly slots?: ConnectionSlots;
  /** Largest Query/Parse/Bind/CopyData accepted, in bytes (08P01 and close past it). Default ~1 GiB, PostgreSQL's. */
  readonly maxMessageSize?: number;
  /** Bytes of notifications queued for a client that is not reading, past which they are refused. Default 8 MiB. */
  readonly maxNotificationQueue?: number;
}

export type QueueItem =
  | FrontendMessage
  | { readonly kind: 'framingError'; readonly error: ProtocolError }
  | { readonly kind: 'eof' };

type State = 'startup' | 'authenticating' | 'ready' | 'closed';

/** The newest protocol minor version we speak (3.0). */
const NEWEST_MINOR_VERSION = 0;
/** Pause reading when this many messages wait; resume below the low mark. */
const QUEUE_HIGH_WATER = 1024;
const QUEUE_LOW_WATER = 128;

export class WireConnection {
  private readonly parser: FrontendParser;
  private readonly queue = new MessageQueue<QueueItem>();
  private readonly out: BackendOutput;
  private readonly sink: WireResultSink;
  private state: State = 'startup';
  private pumping = false;
  private readingPaused = false;
  private answeredSsl = false;
  private answeredGss = false;
  /** The TLS session this connection switched to, if it did. */
  private tlsSocket: TLSSocket | null = null;
  private socket: Socket;
  private authenticator: Authenticator | null = null;
  private startup: StartupMessage | null = null;
  private user = '';
  private session: EngineSession | null = null;
  private pid = 0;
  private query: QueryProtocol | null = null;
  private authTimer: NodeJS.Timeout | null = null;
  private finished = false;
  private holdsSlot = false;
  private resolveClosed!: () => void;
  /** NotificationResponses waiting for the session to be idle outside a transaction block. */
  private notifications: NotificationQueue | null = null;
  /** ReadyForQuery went out and no message has arrived since: notifications may go now. */
  private awaitingCommand = false;
  private notifyScheduled = false;
  /** Resolves once the socket is gone and the session is closed. */
  readonly closed: Promise<void> = new Promise((resolve) => (this.resolveClosed = resolve));

  constructor(
    socket: Socket,
    private readonly engine: EnginePort,
    private readonly registry: CancelRegistry,
    private readonly options: WireConnectionOptions = {},
  ) {
    this.socket = socket;
    this.parser = new FrontendParser(options.maxMessageSize);
    this.out = new BackendOutput(socket, options.flushThreshold ?? DEFAULT_FLUSH_THRESHOLD);
    this.sink = new WireResultSink(this.out, () => this.nextDuringCopy(), () => this.pollCopyData());
    socket.setNoDelay(true);
    this.listen(socket);
    this.authTimer = setTimeout(() => {
      if (this.state === 'startup' || this.state === 'authenticating') this.abort();
    }, options.authenticationTimeoutMs ?? 60_000);
    this.authTimer.unref();
  }

  private readonly listeners = {
    data: (chunk: Buffer) => this.onData(chunk),
    end: () => this.enqueue({ kind: 'eof' }),
    error: () => {
      /* 'close' follows; a reset peer (or an abandoned TLS handshake) is not our error */
    },
    close: () => this.onSocketClosed(),
  };

  private listen(socket: Socket): void {
    for (const [event, listener] of Object.entries(this.listeners)) socket.on(event, listener);
  }

  /**
   * After `S`: the raw socket carries TLS from here, so its plaintext events stop mattering (its
   * 'error' listener stays: a reset may still be reported there).
   */
  private switchToTls(tls: WireTls): void {
    const raw = this.socket;
    for (const event of ['data', 'end', 'close'] as const) raw.off(event, this.listeners[event]);
    const secure = startTls(raw, tls);
    this.tlsSocket = secure;
    this.socket = secure;
    this.out.moveTo(secure);
    this.listen(secure);
  }

  /** The pid sent in BackendKeyData, 0 before authentication. */
  get processId(): number {
    return this.pid;
  }

  // ── input ────────────────────────────────────────────────────────────────────────────────

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    const queued = this.queue.length;
    try {
      this.parser.parse(chunk, (message) => this.queue.push(message));
    } catch (e) {
      // Framing is lost: nothing after this point can be trusted. Answer in turn, after what
      // was queued before it.
      this.queue.push({ kind: 'framingError', error: e instanceof ProtocolError ? e : new ProtocolError(String(e)) });
      this.socket.pause();
      this.readingPaused = true;
    }
    // Only a whole message counts as the client acting: a trickle of bytes does not keep an idle
    // transaction alive (PostgreSQL's timer runs until ReadCommand returns).
    if (this.queue.length !== queued) this.disarmIdleTimer();
    if (this.queue.length > QUEUE_HIGH_WATER && !this.readingPaused) {
      this.socket.pause();
      this.readingPaused = true;
    }
    this.wakeCopy();
    void this.pump();
  }

  private enqueue(item: QueueItem): void {
    this.queue.push(item);
    this.wakeCopy();
    void this.pump();
  }

  private wakeCopy(): void {
    const wake = this.copyWaiter;
    this.copyWaiter = null;
    wake?.();
  }

  /** Wakes a COPY FROM STDIN waiting in nextDuringCopy for the client's next message. */
  private copyWaiter: (() => void) | null = null;

  /**
   * The next message for a COPY FROM STDIN running inside handle(): the pump is parked there, so
   * the copy takes messages off the queue itself (and lets the socket read again as it drains).
   */
  private async nextDuringCopy(): Promise<QueueItem> {
    for (;;) {
      const item = this.queue.shift();
      if (item !== undefined) {
        if (this.readingPaused && this.queue.length < QUEUE_LOW_WATER && !this.parserFailed(item)) {
          this.readingPaused = false;
          this.socket.resume();
        }
        return item;
      }
      if (this.state === 'closed') return { kind: 'eof' };
      await new Promise<void>((resolve) => (this.copyWaiter = resolve));
    }
  }

  /** The next message's data when it is CopyData already queued (a COPY takes it at once). */
  private pollCopyData(): Uint8Array | undefined {
    const head = this.queue.peek();
    if (head?.kind !== 'copyData') return undefined;
    this.queue.shift();
    if (this.readingPaused && this.queue.length < QUEUE_LOW_WATER) {
      this.readingPaused = false;
      this.socket.resume();
    }
    return head.data;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.state !== 'closed') {
        const item = this.queue.shift();
        if (item === undefined) break;
        await this.handle(item);
        if (this.terminateRequested) {
          this.terminateNow();
          break;
        }
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
    else this.armIdleTimer();
  }

  /** pg_terminate_backend: FATAL 57P01 now, or once the message being handled is answered. */
  private terminateRequested = false;

  private terminate(): void {
    if (this.pumping) this.terminateRequested = true;
    else this.terminateNow();
  }

  private terminateNow(): void {
    if (this.state === 'closed') return;
    this.out.serializer.errorResponse(Errors.adminShutdown());
    this.abort();
  }

  /** idle_in_transaction_session_timeout: waiting for the client inside a transaction ends the connection. */
  private idleTimer: NodeJS.Timeout | null = null;

  private armIdleTimer(): void {
    const session = this.session;
    if (this.state !== 'ready' || !session || this.queue.length > 0 || this.idleTimer) return;
    let ms = 0;
    try {
      if (session.transactionStatus() !== 'I') ms = session.idleInTransactionTimeout();
    } catch {
      return; // the session is closing
    }
    if (ms <= 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.state !== 'ready' || this.pumping || this.queue.length > 0) return;
      this.out.serializer.errorResponse(
        new SqlError('25P03', 'terminating connection due to idle-in-transaction timeout', { severity: 'FATAL' }),
      );
      this.abort();
    }, ms);
    this.idleTimer.unref();
  }

  private disarmIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
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
        const tls = ssl ? this.options.tls : undefined;
        // 'S': go on over TLS; 'N': no encryption here, go on in the clear.
        this.out.serializer.writer.byte(tls ? 0x53 : 0x4e);
        this.out.flush();
        // Anything received with the request came in the clear: refuse it, whatever the answer. (Later
        // bytes cannot be read in the clear: the answer and the switch to TLS happen in this same turn.)
        if (m.pipelined) {
          throw new SqlError('08P01', 'received unencrypted data after SSL request', {
            severity: 'FATAL',
            detail: 'This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
          });
        }
        if (tls) this.switchToTls(tls);
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
    if (this.options.tls?.required && !this.tlsSocket) throw tlsRequiredError(this.socket.remoteAddress, user, m);
    this.options.slots?.acquire();
    this.holdsSlot = !!this.options.slots;
    this.startup = m;
    this.user = user;
    const binding = this.tlsSocket ? (this.options.tls?.channelBinding ?? undefined) : undefined;
    const authenticator = new Authenticator(user, this.engine.authFor(user, this.socket.remoteAddress ?? null), undefined, binding);
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
    let done: boolean;
    try {
      done = this.authenticator!.onPassword(m.data, this.out.serializer);
    } catch (e) {
      if (e instanceof SqlError && e.code === '28P01') await this.engine.loginFailed?.(this.user, this.socket.remoteAddress ?? null);
      throw e;
    }
    if (done) return this.completeAuthentication();
    this.out.flush();
  }

  private async completeAuthentication(): Promise<void> {
    const startup = this.startup!;
    this.out.serializer.authenticationOk();
    this.authenticator = null;
    const database = startup.params.get('database') || this.user;
    let session: EngineSession;
    try {
      session = await this.engine.openSession(this.user, database, startup.params, this.socket.remoteAddress ?? null);
    } catch (e) {
      throw asFatal(e);
    }
    if (this.state === 'closed' || this.finished) {
      // The client left while the session was opening.
      await session.close().catch(() => undefined);
      return;
    }
    this.session = session;
    // The session reports is_superuser like PostgreSQL's; it decides the reserved slots.
    this.options.slots?.checkReserved(session.initialParameterStatus().some(([n, v]) => n === 'is_superuser' && v === 'on'));
    for (const [name, value] of session.initialParameterStatus()) {
      this.out.serializer.parameterStatus(name, value);
    }
    this.pid = this.registry.allocatePid();
    const secret = randomSecret();
    this.registry.register(this.pid, secret, session);
    this.notifications = new NotificationQueue(
      this.options.maxNotificationQueue ?? DEFAULT_NOTIFICATION_QUEUE_BYTES,
      () => this.scheduleNotifications(),
      (pid, channel, payload) => this.sendNotificationNow(pid, channel, payload),
    );
    session.attach({
      pid: this.pid,
      clientAddress: this.socket.remoteAddress ?? null,
      clientPort: this.socket.remotePort ?? null,
      tls: this.tlsSocket ? describeTls(this.tlsSocket) : null,
      terminate: () => this.terminate(),
      notifications: this.notifications,
    });
    this.out.serializer.backendKeyData(this.pid, secret);
    this.query = new QueryProtocol(
      session, this.out, this.sink, this.options.onInternalError ?? defaultInternalErrorLog, (status) => this.beforeReady(status),
    );
    this.state = 'ready';
    if (this.authTimer) clearTimeout(this.authTimer);
    this.query.readyForQuery();
  }

  // ── queries ──────────────────────────────────────────────────────────────────────────────

  private async onQueryPhase(m: FrontendMessage): Promise<void> {
    this.awaitingCommand = false;
    if ((await this.query!.handle(m)) === 'terminate') this.abort();
  }

  // ── notifications ────────────────────────────────────────────────────────────────────────

  /** Just before ReadyForQuery: outside a transaction block, what was queued goes first (PostgreSQL's order). */
  private beforeReady(status: string): void {
    this.awaitingCommand = true;
    if (status === 'I') this.writeNotifications();
  }

  /** Whether a notification may go out now: idle between commands, outside a transaction block. */
  private mayNotify(): boolean {
    if (this.state !== 'ready' || !this.awaitingCommand || this.pumping || this.queue.length > 0) return false;
    try {
      return this.session?.transactionStatus() === 'I'; // in a block: delivered when it ends
    } catch {
      return false; // the session is closing
    }
  }

  /** A notification while the client keeps up and the session idles: serialised now, written this turn. */
  private sendNotificationNow(pid: number, channel: string, payload: string): boolean {
    if (this.out.backlogged || !this.mayNotify()) return false;
    this.out.serializer.notificationResponse(pid, channel, payload);
    this.out.flushIfLarge();
    this.scheduleNotifications();
    return true;
  }

  /** Something was queued or serialised: send it once this turn's commits have all added theirs (one write). */
  private scheduleNotifications(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    setImmediate(() => {
      this.notifyScheduled = false;
      if (!this.mayNotify()) return;
      this.writeNotifications();
      this.out.flush();
    });
  }

  /** Serialises queued notifications while the client keeps up; the rest waits for 'drain'. */
  private writeNotifications(): void {
    const queue = this.notifications;
    if (!queue || queue.length === 0) return;
    for (;;) {
      const done = queue.writeTo(this.out.serializer, () => this.out.backlogged);
      if (done) return;
      this.out.flush();
      if (this.out.backlogged) {
        void this.out.drained().then(() => this.scheduleNotifications());
        return;
      }
    }
  }

  // ── errors and shutdown ──────────────────────────────────────────────────────────────────

  private reportInternal(e: unknown): SqlError {
    return internalError(e, this.options.onInternalError ?? defaultInternalErrorLog);
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
    const code = item.kind === 'framingError' || item.kind === 'eof' ? undefined : messageCode(item);
    this.query?.recover(error, code);
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
    this.notifications?.clear();
    if (this.state !== 'closed') {
      this.state = 'closed';
      this.queue.clear();
      // A statement may still be running for a client that is gone: stop it. A COPY FROM STDIN
      // waiting for the client's next message is woken to find it gone (a reset brings no 'end').
      if (this.pumping) safely(() => this.session?.cancel());
      this.wakeCopy();
    }
    if (!this.pumping) void this.finish();
  }

  /** Releases the session once nothing is running. Idempotent. */
  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.holdsSlot) this.options.slots!.release();
    this.holdsSlot = false;
    if (this.authTimer) clearTimeout(this.authTimer);
    this.disarmIdleTimer();
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
