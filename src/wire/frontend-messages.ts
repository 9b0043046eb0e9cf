/**
 * What a client can say, as typed values. The startup-phase packets have no type byte; the rest
 * carry one (see message-codes.ts). `kind` is the discriminant.
 */
import type { SqlError } from '../errors/sql-error.js';

export interface StartupMessage {
  readonly kind: 'startup';
  readonly majorVersion: number;
  readonly minorVersion: number;
  /** Ordinary parameters (user, database, application_name, options, …) in packet order. */
  readonly params: ReadonlyMap<string, string>;
  /** Protocol options (`_pq_.*`), kept apart: we recognise none and say so. */
  readonly protocolOptions: ReadonlyMap<string, string>;
}

export interface SSLRequest {
  readonly kind: 'sslRequest';
  /** Bytes followed it before our answer: PostgreSQL refuses that (CVE-2021-23214). */
  readonly pipelined: boolean;
}

export interface GSSENCRequest {
  readonly kind: 'gssEncRequest';
  readonly pipelined: boolean;
}

export interface CancelRequest {
  readonly kind: 'cancelRequest';
  readonly processId: number;
  readonly secretKey: number;
}

export interface Query {
  readonly kind: 'query';
  readonly sql: string;
}

export interface Parse {
  readonly kind: 'parse';
  readonly statement: string;
  readonly sql: string;
  /** 0 = let the server infer. */
  readonly paramTypes: readonly number[];
}

export interface Bind {
  readonly kind: 'bind';
  readonly portal: string;
  readonly statement: string;
  /** Empty: all text; one entry: applies to all; else one per parameter. */
  readonly paramFormats: readonly number[];
  readonly params: ReadonlyArray<Uint8Array | null>;
  readonly resultFormats: readonly number[];
}

export interface Describe {
  readonly kind: 'describe';
  readonly target: 'S' | 'P';
  readonly name: string;
}

export interface Execute {
  readonly kind: 'execute';
  readonly portal: string;
  /** 0 = no limit. */
  readonly maxRows: number;
}

export interface Close {
  readonly kind: 'close';
  readonly target: 'S' | 'P';
  readonly name: string;
}

export interface Sync {
  readonly kind: 'sync';
}
export interface Flush {
  readonly kind: 'flush';
}
export interface Terminate {
  readonly kind: 'terminate';
}

export interface CopyData {
  readonly kind: 'copyData';
  readonly data: Uint8Array;
}
export interface CopyDone {
  readonly kind: 'copyDone';
}
export interface CopyFail {
  readonly kind: 'copyFail';
  readonly message: string;
}

/** Fastpath function call: parsed only far enough to refuse it. */
export interface FunctionCall {
  readonly kind: 'functionCall';
}

/**
 * 'p': the meaning depends on what the server asked for (cleartext/md5 password, SASL initial or
 * continued response). Decode with the helpers in password-messages.ts.
 */
export interface PasswordMessage {
  readonly kind: 'password';
  readonly data: Uint8Array;
}

/**
 * A well-framed message whose contents are wrong (bad UTF-8, a string without its terminator,
 * bytes left over). PostgreSQL answers these with an ERROR and carries on, so it travels through
 * the queue like any other message and fails in its turn.
 */
export interface InvalidMessage {
  readonly kind: 'invalid';
  /** The type byte, so the connection knows whether the extended protocol's skip rule applies. */
  readonly code: number;
  readonly error: SqlError;
}

export type StartupPhaseMessage = StartupMessage | SSLRequest | GSSENCRequest | CancelRequest;

export type FrontendMessage =
  | StartupPhaseMessage
  | Query
  | Parse
  | Bind
  | Describe
  | Execute
  | Close
  | Sync
  | Flush
  | Terminate
  | CopyData
  | CopyDone
  | CopyFail
  | FunctionCall
  | PasswordMessage
  | InvalidMessage;

/** Singletons for the messages without content: nothing to allocate per Sync. */
export const SYNC: Sync = Object.freeze({ kind: 'sync' });
export const FLUSH: Flush = Object.freeze({ kind: 'flush' });
export const TERMINATE: Terminate = Object.freeze({ kind: 'terminate' });
export const COPY_DONE: CopyDone = Object.freeze({ kind: 'copyDone' });
