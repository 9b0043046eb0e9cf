/**
 * The seam between the protocol and the engine (pgwire's pattern): the wire layer implements the
 * frontend/backend protocol once — startup, authentication, simple and extended query, the
 * error-until-Sync rule, cancel — and asks the engine only "who is this user", "open a session",
 * and per session "describe this statement" and "run this portal". The wire never imports the
 * engine; the engine never touches bytes.
 */

/** One column of a RowDescription. */
export interface FieldDescription {
  readonly name: string;
  /** OID of the table the column comes from, or 0. */
  readonly tableOid: number;
  /** Attribute number of the column in that table, or 0. */
  readonly columnId: number;
  readonly typeOid: number;
  /** pg_type.typlen: 4 for int4, -1 for varlena, … */
  readonly typeSize: number;
  readonly typeModifier: number;
  /** 0 text, 1 binary. */
  readonly format: 0 | 1;
}

/** A value already encoded for the wire: text as a JS string (written as UTF-8), binary as bytes. */
export type WireCell = string | Uint8Array | null;

export interface NoticeMessage {
  readonly severity: 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

/** Where a running statement sends what it produces. Calls map 1:1 onto backend messages. */
export interface ResultSink {
  rowDescription(fields: readonly FieldDescription[]): void;
  dataRow(cells: readonly WireCell[]): void;
  commandComplete(tag: string): void;
  emptyQuery(): void;
  notice(notice: NoticeMessage): void;
  /** A GUC_REPORT setting changed (SET client_encoding, DateStyle, …). */
  parameterStatus(name: string, value: string): void;
  /**
   * Backpressure (optional, added by the wire): resolves once the client has read what was sent.
   * An engine producing many rows may `await sink.drained?.()` between batches so a slow client
   * does not make the server hold the whole result in memory.
   */
  drained?(): Promise<void>;
  /** True once the client is so far behind that a producer should await drained() before the next row. */
  backlogged?(): boolean;
  /**
   * COPY … FROM STDIN (added by the wire): sends CopyInResponse (text format, `columns` columns)
   * and yields the client's CopyData payloads until CopyDone; a CopyFail throws 57014.
   */
  copyIn?(columns: number, binary: boolean): AsyncIterable<Uint8Array>;
  /** COPY … TO STDOUT: CopyOutResponse (text or binary format), then `copyData` chunks, then `copyDone`. */
  copyOut?(columns: number, binary: boolean): void;
  copyData?(data: string | Uint8Array): void;
  copyDone?(): void;
}

export interface StatementDescription {
  /** Parameter type OIDs, with every 0 the client sent resolved to an inferred type. */
  readonly paramTypes: readonly number[];
  /** null → NoData. Formats are all 0 here (not yet bound). */
  readonly fields: readonly FieldDescription[] | null;
}

export type TransactionStatus = 'I' | 'T' | 'E';

/**
 * One connection's engine side. Every method may throw SqlError; the wire turns it into an
 * ErrorResponse and applies the protocol's rules (skip until Sync in extended mode).
 */
/** Who a session is on the wire: its process id (BackendKeyData), its peer, and how to end it. */
export interface BackendIdentity {
  readonly pid: number;
  readonly clientAddress: string | null;
  readonly clientPort: number | null;
  /** The TLS session the connection runs over, null in the clear (pg_stat_ssl). */
  readonly tls?: TlsSessionInfo | null;
  /** Ends the connection with FATAL 57P01 (after the running statement, if one runs). */
  terminate(): void;
  /** Where this session's notifications go (LISTEN, live queries); the wire sends them between statements. */
  readonly notifications?: NotificationOutlet;
}

/**
 * A connection's asynchronous messages, sent when PostgreSQL would send them: while the session
 * is idle outside a transaction block, or before the ReadyForQuery that ends one.
 */
export interface NotificationOutlet {
  /** Queues a NotificationResponse. false: the connection's queue is full and nothing was queued. */
  notify(pid: number, channel: string, payload: string): boolean;
  /** Queues a NoticeResponse to go out with the notifications (why a live query ended). */
  notice(notice: NoticeMessage): void;
  /** Drops the queued notifications of the channels `drop` picks (an ended live query's). */
  discard(drop: (channel: string) => boolean): void;
  /** Bytes queued and not yet written to the socket. */
  readonly queuedBytes: number;
}

/** What pg_stat_ssl says of a TLS connection: protocol version, cipher suite and its key bits. */
export interface TlsSessionInfo {
  readonly version: string;
  readonly cipher: string;
  readonly bits: number;
}

export interface EngineSession {
  /** The connection got its process id: pg_backend_pid, pg_stat_activity, pg_terminate_backend. */
  attach(identity: BackendIdentity): void;
  /** Parameters sent as ParameterStatus after authentication, in order. */
  initialParameterStatus(): ReadonlyArray<readonly [string, string]>;
  /**
   * Simple query protocol: run every statement of `sql`, in order, sending each one's results to
   * the sink. Throws at the first failing statement (earlier results are already sent). An empty
   * string or only comments → sink.emptyQuery().
   */
  simpleQuery(sql: string, sink: ResultSink): Promise<void>;
  /** Parse: `name` '' is the unnamed statement (replaced silently); a named one must not exist. */
  parse(name: string, sql: string, paramTypes: readonly number[]): Promise<void>;
  bind(
    portal: string,
    statement: string,
    paramFormats: readonly number[],
    params: ReadonlyArray<Uint8Array | null>,
    resultFormats: readonly number[],
  ): Promise<void>;
  describeStatement(name: string): StatementDescription;
  /** Fields with the portal's result formats applied; null → NoData. */
  describePortal(name: string): readonly FieldDescription[] | null;
  /** Runs or resumes a portal. maxRows 0 = all. Never sends RowDescription. */
  execute(portal: string, maxRows: number, sink: ResultSink): Promise<'complete' | 'suspended'>;
  closeStatement(name: string): void;
  closePortal(name: string): void;
  /** Sync: commits an implicit transaction, closes unnamed portal state as PostgreSQL does. */
  sync(): Promise<void>;
  /** Called when an extended-protocol message fails, before skipping to Sync. */
  markFailed(): void;
  transactionStatus(): TransactionStatus;
  /** idle_in_transaction_session_timeout in ms (0: none): how long it may wait for the client inside a transaction. */
  idleInTransactionTimeout(): number;
  /** CancelRequest for this session: the running statement fails with 57014. */
  cancel(): void;
  /** The connection is gone: roll back, release everything. */
  close(): Promise<void>;
}

/**
 * How a user proves who they are, decided per user by the engine. `refuse`: run the whole dialog
 * and fail at the end whatever the client sends (a locked user, an expired password), so the
 * client cannot tell it from a wrong password.
 */
export type AuthChallenge = (
  | { readonly method: 'trust' }
  | { readonly method: 'scram-sha-256'; readonly verifier: ScramVerifierData }
  | { readonly method: 'md5'; readonly md5Hash: string }
  | { readonly method: 'password'; readonly check: (password: string) => boolean }
) & { readonly refuse?: boolean };

/** RFC 5802/7677 stored credentials, as PostgreSQL keeps them in pg_authid.rolpassword. */
export interface ScramVerifierData {
  readonly iterations: number;
  readonly salt: Uint8Array;
  readonly storedKey: Uint8Array;
  readonly serverKey: Uint8Array;
}

export interface EnginePort {
  /** null: no such login role. The wire still runs a full SCRAM exchange so both fail alike (28P01). */
  authFor(user: string, clientAddress?: string | null): AuthChallenge | null;
  /** Authentication failed with 28P01 (counted towards lockouts, audited). */
  loginFailed?(user: string, clientAddress: string | null): Promise<void>;
  /** After successful authentication. */
  openSession(
    user: string, database: string, startupParams: ReadonlyMap<string, string>, clientAddress?: string | null,
  ): Promise<EngineSession>;
}
