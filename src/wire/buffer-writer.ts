/**
 * Builds outgoing messages in one growable buffer used as an arena: messages are appended at the
 * write cursor, `take()` hands the bytes written since the last take to the socket without a copy,
 * and those bytes are never written again. When the arena is full the pending bytes move to a
 * fresh one; the old one lives only until the socket has sent what it was given.
 *
 * Strings are written as UTF-8 straight into the buffer: short ASCII by hand (the common case for
 * numbers, names and tags), everything else through Buffer#write, with no intermediate Buffer.
 */

const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** Strings up to this many UTF-16 units are sized by worst case (3 bytes each) instead of measured. */
const WORST_CASE_SIZING_LIMIT = 4096;
const HAND_ENCODE_LIMIT = 32;

export class BufferWriter {
  private buffer: Buffer;
  /** First byte not yet taken. */
  private start = 0;
  /** Write cursor. */
  private offset = 0;
  /** Where the open message's type byte is, or -1. */
  private messageStart = -1;

  constructor(private readonly chunkSize: number = DEFAULT_CHUNK_SIZE) {
    this.buffer = Buffer.allocUnsafe(chunkSize);
  }

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.offset - this.start;
  }

  /** Opens a message: its type byte and a length placeholder. */
  startMessage(code: number): this {
    if (this.messageStart !== -1) throw new Error('BufferWriter: message already open');
    this.ensure(5);
    this.messageStart = this.offset;
    this.buffer[this.offset] = code;
    this.offset += 5;
    return this;
  }

  /** Closes the open message, filling in its length (which counts itself, not the type byte). */
  endMessage(): this {
    const at = this.messageStart;
    if (at === -1) throw new Error('BufferWriter: no open message');
    this.buffer.writeInt32BE(this.offset - at - 1, at + 1);
    this.messageStart = -1;
    return this;
  }

  /** Hands out everything written since the last take. The bytes stay valid forever. */
  take(): Buffer {
    if (this.messageStart !== -1) throw new Error('BufferWriter: take() inside a message');
    const out = this.buffer.subarray(this.start, this.offset);
    this.start = this.offset;
    return out;
  }

  byte(value: number): this {
    this.ensure(1);
    this.buffer[this.offset++] = value;
    return this;
  }

  int16(value: number): this {
    this.ensure(2);
    const b = this.buffer;
    let o = this.offset;
    b[o++] = (value >>> 8) & 0xff;
    b[o++] = value & 0xff;
    this.offset = o;
    return this;
  }

  /** Signed or unsigned: the low 32 bits big-endian (OIDs above 2^31 come out right). */
  int32(value: number): this {
    this.ensure(4);
    this.put32(this.offset, value);
    this.offset += 4;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.ensure(value.length);
    this.buffer.set(value, this.offset);
    this.offset += value.length;
    return this;
  }

  /** A string and its NUL terminator. A NUL inside would cut the field short, so it is dropped. */
  cstring(value: string): this {
    if (value.indexOf('\0') !== -1) value = value.replaceAll('\0', '');
    this.utf8(value);
    return this.byte(0);
  }

  /** A string's UTF-8 bytes, no terminator. */
  string(value: string): this {
    this.utf8(value);
    return this;
  }

  /** int32 byte length, then the UTF-8 bytes: a DataRow cell, a SASL payload. */
  lengthPrefixedString(value: string): this {
    this.ensure(4);
    this.offset += 4;
    const written = this.utf8(value);
    // utf8() may have moved the pending bytes to a new arena; the placeholder sits just before them.
    this.put32(this.offset - written - 4, written);
    return this;
  }

  lengthPrefixedBytes(value: Uint8Array): this {
    this.ensure(4 + value.length);
    this.put32(this.offset, value.length);
    this.buffer.set(value, this.offset + 4);
    this.offset += 4 + value.length;
    return this;
  }

  /** Writes a string's UTF-8 at the cursor and returns its byte length. */
  private utf8(value: string): number {
    const n = value.length;
    if (n <= HAND_ENCODE_LIMIT) {
      this.ensure(n * 3);
      const b = this.buffer;
      const o = this.offset;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        b[o + i] = c;
      }
      if (i === n) {
        this.offset = o + n;
        return n;
      }
      // Not all ASCII: let Buffer#write encode from the start (surrogates and all).
      const written = b.write(value, o, 'utf8');
      this.offset = o + written;
      return written;
    }
    if (n <= WORST_CASE_SIZING_LIMIT) {
      this.ensure(n * 3);
    } else {
      this.ensure(Buffer.byteLength(value, 'utf8'));
    }
    const written = this.buffer.write(value, this.offset, 'utf8');
    this.offset += written;
    return written;
  }

  private put32(at: number, value: number): void {
    const b = this.buffer;
    b[at] = (value >>> 24) & 0xff;
    b[at + 1] = (value >>> 16) & 0xff;
    b[at + 2] = (value >>> 8) & 0xff;
    b[at + 3] = value & 0xff;
  }

  /** Makes room for `n` more bytes after the cursor. */
  ensure(n: number): void {
    if (this.buffer.length - this.offset >= n) return;
    const pending = this.offset - this.start;
    const want = pending + n;
    const size = Math.max(this.chunkSize, want < 8 * 1024 * 1024 ? want * 2 : want + (want >>> 2));
    const fresh = Buffer.allocUnsafe(size);
    this.buffer.copy(fresh, 0, this.start, this.offset);
    if (this.messageStart !== -1) this.messageStart -= this.start;
    this.buffer = fresh;
    this.start = 0;
    this.offset = pending;
  }
}
