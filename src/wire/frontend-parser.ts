/**
 * Bytes → frontend messages (the mirror of pg-protocol's backend parser). One growable buffer with
 * start/end cursors; only complete frames are decoded; a partial tail is moved to the front of our
 * own buffer rather than concatenated. The first frames of a connection are startup-phase packets
 * (no type byte); after a StartupMessage every frame is `type byte, int32 length, body`.
 *
 * Two tiers of failure, as in PostgreSQL:
 *   - framing (a length out of range, an unknown type byte): `parse` throws ProtocolError and the
 *     parser stops; the connection answers FATAL 08P01 and closes;
 *   - content of a well-framed message (bad UTF-8, a missing terminator, bytes left over): the frame
 *     becomes an InvalidMessage carrying a SqlError, and the connection answers ERROR and goes on.
 */
import { ProtocolError, SqlError } from '../errors/sql-error.js';
import { BufferReader } from './buffer-reader.js';
import {
  COPY_DONE,
  FLUSH,
  SYNC,
  TERMINATE,
  type FrontendMessage,
  type StartupPhaseMessage,
} from './frontend-messages.js';
import {
  AUTH_MESSAGE_LIMIT,
  FrontendCode,
  LARGE_MESSAGE_LIMIT,
  MAX_STARTUP_PACKET_LENGTH,
  SMALL_MESSAGE_LIMIT,
  StartupCode,
} from './message-codes.js';

const EMPTY = Buffer.alloc(0);
const MIN_OWNED_BUFFER = 16 * 1024;
/**
 * A frame up to this size gets its whole buffer at once when its header arrives; a larger one
 * grows by doubling as its bytes come in, so a header declaring 1 GiB followed by silence costs
 * what was sent, not what was declared.
 */
const EAGER_FRAME_BYTES = 1024 * 1024;

export type MessageCallback = (message: FrontendMessage) => void;

export class FrontendParser {
  private buffer: Buffer = EMPTY;
  /** Whether `buffer` is ours to write into (otherwise it is the caller's chunk). */
  private owned = false;
  private start = 0;
  private end = 0;
  /** Size of the frame at `start` once its header is known, to grow the buffer once. */
  private wanted = 0;
  private phase: 'startup' | 'regular' = 'startup';
  private failure: ProtocolError | null = null;
  private readonly reader = new BufferReader();

  /**
   * `maxMessageSize` lowers PostgreSQL's ~1 GiB bound on the large messages (Query, Parse, Bind,
   * FunctionCall, CopyData): a longer declared length is refused at its header, before any of its
   * body is buffered. The small and authentication limits stay PostgreSQL's.
   */
  constructor(private readonly maxMessageSize: number = LARGE_MESSAGE_LIMIT) {}

  /** Bytes received but not yet part of a complete frame. */
  get pendingBytes(): number {
    return this.end - this.start;
  }

  /** Feeds a chunk; calls `emit` for each complete frame, in order. Throws ProtocolError on bad framing. */
  parse(chunk: Buffer, emit: MessageCallback): void {
    if (this.failure) throw this.failure;
    this.append(chunk);
    try {
      this.wanted = 0;
      while (this.phase === 'startup' ? this.nextStartupFrame(emit) : this.nextRegularFrame(emit)) {
        // each call consumed one frame
      }
    } catch (e) {
      this.failure = e instanceof ProtocolError ? e : new ProtocolError(String(e));
      this.release();
      throw this.failure;
    }
    if (this.start === this.end) this.release();
  }

  private nextStartupFrame(emit: MessageCallback): boolean {
    if (this.end - this.start < 4) return false;
    const length = this.buffer.readInt32BE(this.start);
    if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
      throw new ProtocolError('invalid length of startup packet');
    }
    if (this.end - this.start < length) {
      this.wanted = length;
      return false;
    }
    const bodyStart = this.start + 4;
    this.start += length;
    const message = this.decodeStartup(bodyStart, this.start);
    if (message.kind === 'startup') this.phase = 'regular';
    emit(message);
    return true;
  }

  private nextRegularFrame(emit: MessageCallback): boolean {
    if (this.end - this.start < 5) return false;
    const code = this.buffer[this.start]!;
    const length = this.buffer.readInt32BE(this.start + 1);
    const limit = Math.min(messageLimit(code), this.maxMessageSize);
    if (limit === 0) throw new ProtocolError(`invalid frontend message type ${code}`);
    if (length < 4 || length > limit) throw new ProtocolError('invalid message length');
    if (this.end - this.start < length + 1) {
      this.wanted = length + 1;
      return false;
    }
    const bodyStart = this.start + 5;
    this.start += length + 1;
    emit(this.decodeRegular(code, bodyStart, this.start));
    return true;
  }

  private decodeStartup(from: number, to: number): StartupPhaseMessage {
    const r = this.reader;
    r.setBuffer(this.buffer, from, to);
    const code = r.int32();
    const pipelined = to < this.end;
    switch (code) {
      case StartupCode.SSLRequest:
        if (r.remaining !== 0) throw new ProtocolError('invalid length of startup packet');
        return { kind: 'sslRequest', pipelined };
      case StartupCode.GSSENCRequest:
        if (r.remaining !== 0) throw new ProtocolError('invalid length of startup packet');
        return { kind: 'gssEncRequest', pipelined };
      case StartupCode.CancelRequest: {
        if (r.remaining !== 8) throw new ProtocolError('invalid length of startup packet');
        return { kind: 'cancelRequest', processId: r.int32(), secretKey: r.int32() };
      }
    }
    const majorVersion = code >>> 16;
    const minorVersion = code & 0xffff;
    const params = new Map<string, string>();
    const protocolOptions = new Map<string, string>();
    // Other major versions are refused by the connection; their layout is not ours to judge.
    if (majorVersion === 3) this.readStartupParams(params, protocolOptions);
    return { kind: 'startup', majorVersion, minorVersion, params, protocolOptions };
  }

  private readStartupParams(params: Map<string, string>, protocolOptions: Map<string, string>): void {
    const r = this.reader;
    try {
      while (r.remaining > 1) {
        const name = r.cstring();
        if (name === '') break;
        const value = r.cstring();
        (name.startsWith('_pq_.') ? protocolOptions : params).set(name, value);
      }
      if (r.byte() !== 0) throw new Error('no terminator');
      r.expectEnd();
    } catch (e) {
      if (e instanceof SqlError) throw new ProtocolError(`invalid startup packet: ${e.message}`);
      throw new ProtocolError('invalid startup packet layout: expected terminator as last byte');
    }
  }

  private decodeRegular(code: number, from: number, to: number): FrontendMessage {
    const r = this.reader;
    r.setBuffer(this.buffer, from, to);
    try {
      const message = decodeBody(code, r);
      r.expectEnd();
      return message;
    } catch (e) {
      const error =
        e instanceof SqlError
          ? e
          : new SqlError('08P01', e instanceof Error ? e.message : String(e));
      return { kind: 'invalid', code, error };
    }
  }

  private append(chunk: Buffer): void {
    const pending = this.end - this.start;
    if (pending === 0) {
      // Nothing left over: parse the caller's chunk in place, no copy.
      this.buffer = chunk;
      this.owned = false;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    const needed = pending + chunk.length;
    if (this.owned && this.buffer.length - this.end >= chunk.length) {
      chunk.copy(this.buffer, this.end);
      this.end += chunk.length;
      return;
    }
    if (this.owned && this.buffer.length >= needed) {
      this.buffer.copyWithin(0, this.start, this.end);
    } else {
      const doubled = Math.max(needed, Math.min(needed * 2, needed + 64 * 1024 * 1024), MIN_OWNED_BUFFER);
      const size = this.wanted <= EAGER_FRAME_BYTES ? Math.max(doubled, this.wanted) : Math.min(doubled, Math.max(this.wanted, needed));
      const grown = Buffer.allocUnsafe(size);
      this.buffer.copy(grown, 0, this.start, this.end);
      this.buffer = grown;
      this.owned = true;
    }
    chunk.copy(this.buffer, pending);
    this.start = 0;
    this.end = needed;
  }

  private release(): void {
    // Keep a modest owned buffer for the next tail; drop a huge one (a 100 MB Query was a one-off).
    if (!this.owned || this.buffer.length > 1024 * 1024) {
      this.buffer = EMPTY;
      this.owned = false;
    }
    this.start = 0;
    this.end = 0;
  }
}

/** PostgreSQL's per-type limit (SocketBackend); 0 means "not a frontend message type". */
function messageLimit(code: number): number {
  switch (code) {
    case FrontendCode.Query:
    case FrontendCode.Parse:
    case FrontendCode.Bind:
    case FrontendCode.FunctionCall:
    case FrontendCode.CopyData:
      return LARGE_MESSAGE_LIMIT;
    case FrontendCode.Close:
    case FrontendCode.Describe:
    case FrontendCode.Execute:
    case FrontendCode.Flush:
    case FrontendCode.Sync:
    case FrontendCode.Terminate:
    case FrontendCode.CopyDone:
    case FrontendCode.CopyFail:
      return SMALL_MESSAGE_LIMIT;
    case FrontendCode.Password:
      return AUTH_MESSAGE_LIMIT;
    default:
      return 0;
  }
}

function decodeBody(code: number, r: BufferReader): FrontendMessage {
  switch (code) {
    case FrontendCode.Query:
      return { kind: 'query', sql: r.cstring() };
    case FrontendCode.Parse:
      return decodeParse(r);
    case FrontendCode.Bind:
      return decodeBind(r);
    case FrontendCode.Describe: {
      const target = r.byte();
      if (target !== 0x53 && target !== 0x50) {
        throw new SqlError('08P01', `invalid DESCRIBE message subtype ${target}`);
      }
      return { kind: 'describe', target: target === 0x53 ? 'S' : 'P', name: r.cstring() };
    }
    case FrontendCode.Execute: {
      const portal = r.cstring();
      const maxRows = r.int32();
      return { kind: 'execute', portal, maxRows: maxRows > 0 ? maxRows : 0 };
    }
    case FrontendCode.Close: {
      const target = r.byte();
      if (target !== 0x53 && target !== 0x50) {
        throw new SqlError('08P01', `invalid CLOSE message subtype ${target}`);
      }
      return { kind: 'close', target: target === 0x53 ? 'S' : 'P', name: r.cstring() };
    }
    case FrontendCode.Sync:
      return SYNC;
    case FrontendCode.Flush:
      return FLUSH;
    case FrontendCode.Terminate:
      return TERMINATE;
    case FrontendCode.Password:
      return { kind: 'password', data: r.rest() };
    case FrontendCode.CopyData:
      return { kind: 'copyData', data: r.rest() };
    case FrontendCode.CopyDone:
      return COPY_DONE;
    case FrontendCode.CopyFail:
      return { kind: 'copyFail', message: r.cstring() };
    case FrontendCode.FunctionCall:
      r.rest();
      return { kind: 'functionCall' };
  }
  throw new ProtocolError(`invalid frontend message type ${code}`);
}

function decodeParse(r: BufferReader): FrontendMessage {
  const statement = r.cstring();
  const sql = r.cstring();
  const count = r.uint16();
  const paramTypes = new Array<number>(count);
  for (let i = 0; i < count; i++) paramTypes[i] = r.uint32();
  return { kind: 'parse', statement, sql, paramTypes };
}

function decodeBind(r: BufferReader): FrontendMessage {
  const portal = r.cstring();
  const statement = r.cstring();
  const formatCount = r.uint16();
  const paramFormats = new Array<number>(formatCount);
  for (let i = 0; i < formatCount; i++) paramFormats[i] = r.int16();
  const paramCount = r.uint16();
  if (formatCount > 1 && formatCount !== paramCount) {
    throw new SqlError('08P01', `bind message has ${formatCount} parameter formats but ${paramCount} parameters`);
  }
  const params = new Array<Uint8Array | null>(paramCount);
  for (let i = 0; i < paramCount; i++) {
    const length = r.int32();
    params[i] = length === -1 ? null : r.bytes(length);
  }
  const resultCount = r.uint16();
  const resultFormats = new Array<number>(resultCount);
  for (let i = 0; i < resultCount; i++) resultFormats[i] = r.int16();
  return { kind: 'bind', portal, statement, paramFormats, params, resultFormats };
}
