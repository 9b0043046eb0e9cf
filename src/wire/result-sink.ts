/**
 * The ResultSink the engine writes to: each call becomes one backend message in the connection's
 * output. During Execute a RowDescription is not the protocol's (Describe sends it), so it is
 * dropped here whatever the engine does. Rows stop being serialised once the client is gone.
 */
import type { FieldDescription, NoticeMessage, ResultSink, WireCell } from './engine-port.js';
import type { BackendOutput } from './backend-output.js';
import type { QueueItem } from './connection.js';
import { ProtocolError, SqlError } from '../errors/sql-error.js';
import { messageCode } from './query-protocol.js';

/** CopyData joined into one piece of COPY FROM's input, at most (unless one message is bigger). */
const COPY_PIECE = 256 * 1024;

export class WireResultSink implements ResultSink {
  /** false while serving Execute. */
  allowRowDescription = true;

  constructor(
    private readonly out: BackendOutput,
    private readonly next: (() => Promise<QueueItem>) | null = null,
    /** The next message if it is already here and is CopyData (taken off the queue), else undefined. */
    private readonly pollCopyData: (() => Uint8Array | undefined) | null = null,
  ) {}

  /**
   * PostgreSQL's copy-in sub-protocol: CopyData until CopyDone; Flush and Sync are allowed and
   * ignored; CopyFail ends it with 57014; anything else is a protocol violation (08P01).
   * The data is a byte stream whose message boundaries mean nothing (clients such as psql send a
   * CopyData per line): the CopyData already received are handed on joined, up to COPY_PIECE bytes.
   */
  async *copyIn(columns: number, binary: boolean): AsyncIterable<Uint8Array> {
    if (!this.next) throw new SqlError('0A000', 'COPY FROM STDIN is not supported on this connection');
    this.out.serializer.copyResponse('in', columns, binary);
    this.out.flush();
    for (;;) {
      const m = await this.next();
      switch (m.kind) {
        case 'copyData': {
          let more = this.pollCopyData?.();
          if (more === undefined) {
            yield m.data;
            break;
          }
          const parts = [m.data];
          let bytes = m.data.length;
          for (; more !== undefined; more = bytes < COPY_PIECE ? this.pollCopyData!() : undefined) {
            parts.push(more);
            bytes += more.length;
          }
          yield Buffer.concat(parts, bytes);
          break;
        }
        case 'copyDone':
          return;
        case 'copyFail':
          throw new SqlError('57014', `COPY from stdin failed: ${m.message}`);
        case 'flush':
        case 'sync':
          break;
        case 'eof':
        case 'terminate':
          throw new ProtocolError('unexpected EOF on client connection with an open transaction');
        case 'framingError':
          throw m.error;
        default:
          throw new SqlError('08P01', `unexpected message type 0x${messageCode(m).toString(16)} during COPY from stdin`);
      }
    }
  }

  copyOut(columns: number, binary: boolean): void {
    this.out.serializer.copyResponse('out', columns, binary);
  }

  copyData(data: string | Uint8Array): void {
    if (this.out.closed) return;
    this.out.serializer.copyData(data);
    this.out.flushIfLarge();
  }

  copyDone(): void {
    this.out.serializer.copyDone();
  }

  rowDescription(fields: readonly FieldDescription[]): void {
    if (!this.allowRowDescription || this.out.closed) return;
    this.out.serializer.rowDescription(fields);
    this.out.flushIfLarge();
  }

  dataRow(cells: readonly WireCell[]): void {
    if (this.out.closed) return;
    this.out.serializer.dataRow(cells);
    this.out.flushIfLarge();
  }

  commandComplete(tag: string): void {
    this.out.serializer.commandComplete(tag);
  }

  emptyQuery(): void {
    this.out.serializer.emptyQueryResponse();
  }

  notice(notice: NoticeMessage): void {
    this.out.serializer.noticeResponse(notice);
  }

  parameterStatus(name: string, value: string): void {
    this.out.serializer.parameterStatus(name, value);
  }

  backlogged(): boolean {
    return this.out.backlogged;
  }

  /** Resolves when the client has read enough; engines streaming many rows may await it. */
  drained(): Promise<void> {
    return this.out.drained();
  }
}
