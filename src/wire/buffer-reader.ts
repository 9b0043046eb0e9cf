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
/** Strings up to this many bytes are scanned by hand; longer ones by the native indexOf and isUtf8. */
const SHORT_STRING = 64;

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
    const b = this.buffer;
    const start = this.offset;
    const end = this.end;
    // Names, portal names and short SQL are short and ASCII: find the NUL in JS, no native calls.
    let i = start;
    let ascii = true;
    const scanLimit = Math.min(end, start + SHORT_STRING);
    for (; i < scanLimit; i++) {
      const c = b[i]!;
      if (c === 0) break;
      if (c >= 0x80) ascii = false;
    }
    if (i < scanLimit) {
      this.offset = i + 1;
      if (i === start) return '';
      if (ascii) return b.toString('latin1', start, i);
      return this.decodeUtf8(start, i);
    }
    const nul = b.indexOf(0, i);
    if (nul < 0 || nul >= end) throw new ProtocolError('invalid string in message');
    this.offset = nul + 1;
    return this.decodeUtf8(start, nul);
  }

  private decodeUtf8(start: number, end: number): string {
    const bytes = this.buffer.subarray(start, end);
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
