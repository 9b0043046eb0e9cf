/**
 * Reads the body of one complete frame. Every read is bounds-checked against the frame's end, not
 * the buffer's: a frame that lies about its contents fails with PostgreSQL's own words
 * ("insufficient data left in message", "invalid string in message") instead of reading its
 * neighbour. Byte payloads are copied out, because the parser reuses its buffer for later frames
 * while messages wait in the connection's queue.
 */
import { ProtocolError } from '../errors/sql-error.js';
import { invalidUtf8Error, isValidUtf8 } from './utf8-validation.js';

const EMPTY = Buffer.alloc(0);

export class BufferReader {
  private buffer: Buffer = EMPTY;
  private offset = 0;
  private end = 0;

  /** Points the reader at `buffer[offset, end)`: one frame's body. */
  setBuffer(buffer: Buffer, offset: number, end: number): void {
    this.buffer = buffer;
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  byte(): number {
    this.need(1);
    return this.buffer[this.offset++]!;
  }

  int16(): number {
    this.need(2);
    const v = this.buffer.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  /** PostgreSQL reads counts with pq_getmsgint(…, 2): unsigned. */
  uint16(): number {
    this.need(2);
    const v = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buffer.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  uint32(): number {
    this.need(4);
    const v = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  /** A NUL-terminated string, validated as UTF-8 (22021 otherwise, as PostgreSQL reports it). */
  cstring(): string {
    const nul = this.buffer.indexOf(0, this.offset);
    if (nul < 0 || nul >= this.end) throw new ProtocolError('invalid string in message');
    const bytes = this.buffer.subarray(this.offset, nul);
    this.offset = nul + 1;
    if (!isValidUtf8(bytes)) throw invalidUtf8Error(bytes);
    return bytes.toString('utf8');
  }

  /** `length` bytes, copied. */
  bytes(length: number): Buffer {
    if (length < 0) throw new ProtocolError('invalid message format');
    this.need(length);
    const out = Buffer.allocUnsafe(length);
    this.buffer.copy(out, 0, this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** Everything left in the frame, copied. */
  rest(): Buffer {
    return this.bytes(this.remaining);
  }

  /** PostgreSQL's pq_getmsgend: a frame with bytes left over is malformed. */
  expectEnd(): void {
    if (this.offset !== this.end) throw new ProtocolError('invalid message format');
  }

  private need(n: number): void {
    if (this.end - this.offset < n) throw new ProtocolError('insufficient data left in message');
  }
}
