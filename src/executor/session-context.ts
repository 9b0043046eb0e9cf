/**
 * What statement execution needs from the session it runs in. The session implements it; the
 * executor never sees sockets or protocol state.
 */
import type { SessionNotifications } from '../live/session-notifications.js';
import type { SessionAdvisoryLocks } from '../session/advisory-locks.js';
import type { DdlJournal } from '../session/ddl-journal.js';
import type { UserDefinition } from '../catalog/table-definition.js';
import type { CatalogLookup } from '../binder/expr/catalog-lookup.js';
import type { Settings } from '../session/settings.js';
import type { WriteSet } from '../storage/row-store.js';
import type { TypeContext } from '../types/type-context.js';
import type { Database } from './database.js';
import type { ParsedStatement } from '../sql/statement.js';
import type { PreparedStatement } from './prepared-statement.js';
import type { SqlCursor } from './utility/cursors.js';
import type { SessionSequences } from './session-sequences.js';

export interface CopyChannel {
  /** COPY … FROM STDIN: CopyInResponse, then the client's data until CopyDone. */
  receive(columns: number, binary: boolean): AsyncIterable<Uint8Array>;
  /** COPY … TO STDOUT: CopyOutResponse; then `send` each chunk, then `end`. */
  start(columns: number, binary: boolean): void;
  send(data: string | Uint8Array): void;
  end(): void;
  /** Resolves once the client has read what was sent. */
  drained(): Promise<void>;
  /** The client is far behind (the wire's backlog bound): await drained() before sending more. */
  backlogged(): boolean;
}

export interface SessionContext {
  readonly db: Database;
  readonly settings: Settings;
  /** currval/lastval: the values this session's nextval obtained. */
  readonly sequenceState: SessionSequences;
  readonly database: string;
  /** The authenticated login. */
  readonly sessionUser: UserDefinition;
  /** Whom statements act for: the login, or the target of EXECUTE AS USER. */
  readonly user: UserDefinition;
  typeContext(): TypeContext;
  /** Schemas of search_path that exist, in order ("$user" expanded). */
  searchPath(): string[];
  /** The catalog through this session's search path (regclass, pg_catalog functions). */
  catalog(): CatalogLookup;
  /** The current transaction's write set; starts the implicit transaction if none is open. */
  writeSet(): WriteSet;
  /** The write set if this transaction has one: what reads overlay. Starts nothing. */
  pendingWrites(): WriteSet | undefined;
  /** now(): the start of the current transaction, µs since epoch. */
  transactionTime(): bigint;
  readonly inTransactionBlock: boolean;
  /**
   * The running statement is one of several in one simple Query, outside BEGIN: PostgreSQL runs
   * them as one implicit transaction block, which VACUUM refuses like an explicit one.
   */
  readonly inImplicitBlock: boolean;
  /**
   * The running statement is a transaction of its own: a simple Query holding only it, outside
   * any block, with nothing written before it — it may commit its writes itself (a bulk COPY).
   */
  statementIsTransaction(): boolean;
  beginBlock(): void;
  /** COMMIT: returns the tag ('COMMIT', or 'ROLLBACK' for a failed block). */
  commitBlock(): Promise<string>;
  rollbackBlock(): Promise<void>;
  /** The connection's process id (BackendKeyData); 0 before it has one. */
  readonly backendPid: number;
  /** Throws 57014 if a CancelRequest arrived for the running statement. */
  checkCancel(): void;
  /** A GUC_REPORT setting changed: tell the client (ParameterStatus). */
  report(name: string, value: string): void;
  /** A setting changed: drop whatever was derived from settings (type context, search path). */
  settingsChanged(): void;
  savepoint(name: string): void;
  rollbackToSavepoint(name: string): Promise<void>;
  /** The open transaction block's DDL journal (undo on ROLLBACK); null outside a block. */
  ddlJournal(): DdlJournal | null;
  releaseSavepoint(name: string): void;
  /** SQL PREPARE: a named statement, in the extended protocol's namespace (42P05 when taken). */
  prepareStatement(name: string, parsed: ParsedStatement, paramTypes: readonly number[]): void;
  /** A named statement's current plan (26000 when there is none). */
  preparedStatement(name: string): PreparedStatement;
  /** DECLARE: a new SQL cursor (42P03 when the name is taken). */
  declareCursor(name: string, cursor: SqlCursor): void;
  /** An open SQL cursor (34000 when there is none). */
  cursor(name: string): SqlCursor;
  /** CLOSE name / CLOSE ALL (null). */
  closeCursor(name: string | null): void;
  /** DEALLOCATE name / DEALLOCATE ALL (null). */
  deallocate(name: string | null): void;
  /** Sends a NoticeResponse (e.g. "relation already exists, skipping"). */
  notice(code: string, message: string, detail?: string): void;
  /** Sends an INFO NoticeResponse (VACUUM/ANALYZE VERBOSE), whatever client_min_messages says. */
  info(message: string): void;
  /** This session's advisory locks (pg_advisory_lock and friends). */
  advisoryLocks(): SessionAdvisoryLocks;
  /** LISTEN/NOTIFY and live queries of this session (live/). */
  readonly notifications: SessionNotifications;
  /** The client's side of a COPY (copy-in/copy-out sub-protocols); 0A000 when it has none. */
  copyChannel(): CopyChannel;
  /** Runs `fn` acting as another user (EXECUTE AS USER). */
  actingAs<T>(user: UserDefinition, fn: () => Promise<T>): Promise<T>;
}
