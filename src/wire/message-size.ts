/**
 * The bound on one frontend message the server will buffer. PostgreSQL accepts Query, Parse, Bind
 * and CopyData up to ~1 GiB; here a message is held whole in Node's heap and a Query is decoded
 * into a JS string (V8 caps those near 512 M characters), and 500 connections each allowed 1 GiB
 * would be an easy way to exhaust memory. 64 MiB holds any realistic statement or bound value;
 * bulk loads stream through COPY in many small CopyData. --max-message-size raises it.
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
/** Below this even ordinary statements (and the 10000-byte small messages) would be refused. */
export const MIN_MAX_MESSAGE_SIZE = 64 * 1024;
/** 1 GiB: PostgreSQL's own bound (the parser still stops at its 1 GiB - 2 bytes). */
export const MAX_MAX_MESSAGE_SIZE = 1024 * 1024 * 1024;
