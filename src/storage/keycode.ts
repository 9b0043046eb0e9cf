import { KalamDataType, type Value } from '../types/kalam-type.js';
import { ByteWriter } from './byte-writer.js';
import { decodeDecimalKey, encodeDecimalKey } from './decimal-key.js';
import { readUuidText, writeUuidBytes } from './uuid-bytes.js';

/**
 * Order-preserving key encoding (after toyDB's `encoding/keycode.rs`): for values of the same
 * types, `Buffer.compare(encodeKey(a), encodeKey(b))` orders like PostgreSQL orders the values,
 * so RocksDB's bytewise order is primary-key order and range scans are key ranges.
 *
 * Every value starts with a presence byte — 0x01 value, 0x02 NULL — so NULLs sort last, as in
 * PostgreSQL's default `ASC NULLS LAST`. Then, by type:
 *
 *   BOOLEAN                      00 | 01
 *   SMALLINT / INT, DATE         int16 / int32 big-endian with the sign bit flipped
 *   BIGINT, TIMESTAMP, DATETIME, TIME   int64 big-endian with the sign bit flipped
 *   FLOAT / DOUBLE               IEEE 754 big-endian; positives flip the sign bit, negatives flip
 *                                every bit (the total-order trick); -0 is stored as +0 and every
 *                                NaN as one NaN above +Infinity, as PostgreSQL compares them
 *   TEXT, JSON (UTF-8), BYTES    0x00 escaped as 00 ff, terminated by 00 00, so "ab" < "ab\0"
 *                                < "abc" and a value is never a prefix of a longer one's encoding
 *   UUID                         the 16 bytes (PostgreSQL compares uuids bytewise)
 *   DECIMAL                      see decimal-key.ts
 *   EMBEDDING                    not allowed in keys
 *
 * Composite keys concatenate: every encoding is self-delimiting, so the first column decides
 * first. Example: (INT 5, TEXT 'ab') → 01 80 00 00 05 | 01 61 62 00 00.
 * Strings order by code point (bytewise UTF-8), i.e. the "C" collation.
 */

const PRESENT = 0x01;
const NULL_MARK = 0x02;

/** The writer keys are encoded into: reuse one across the columns of a composite key. */
export { ByteWriter as KeyWriter } from './byte-writer.js';

const shared = new ByteWriter(128);

export function encodeKey(values: readonly Value[], kalams: readonly KalamDataType[]): Buffer {
  if (values.length !== kalams.length) {
    throw new Error(`key has ${values.length} values but ${kalams.length} types`);
  }
  const w = shared.reset();
  for (let i = 0; i < values.length; i++) encodeKeyValue(w, values[i]!, kalams[i]!);
  return w.finish();
}

export function encodeKeyValue(w: ByteWriter, v: Value, kalam: KalamDataType): void {
  if (v === null) {
    w.byte(NULL_MARK);
    return;
  }
  w.ensure(9);
  w.buf[w.pos++] = PRESENT;
  const b = w.buf;
  switch (kalam) {
    case KalamDataType.BOOLEAN:
      b[w.pos++] = expect(v, 'boolean', kalam) ? 1 : 0;
      return;
    case KalamDataType.SMALLINT:
      b.writeInt16BE(intIn(v, kalam, -0x8000, 0x7fff), w.pos);
      b[w.pos] ^= 0x80;
      w.pos += 2;
      return;
    case KalamDataType.INT:
    case KalamDataType.DATE:
      b.writeInt32BE(intIn(v, kalam, -0x80000000, 0x7fffffff), w.pos);
      b[w.pos] ^= 0x80;
      w.pos += 4;
      return;
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME:
      b.writeBigInt64BE(int64(v, kalam), w.pos);
      b[w.pos] ^= 0x80;
      w.pos += 8;
      return;
    case KalamDataType.FLOAT:
      writeOrderedFloat(w, expect(v, 'number', kalam), 4);
      return;
    case KalamDataType.DOUBLE:
      writeOrderedFloat(w, expect(v, 'number', kalam), 8);
      return;
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
      writeEscapedString(w, expect(v, 'string', kalam));
      return;
    case KalamDataType.BYTES:
      if (!(v instanceof Uint8Array) || v instanceof Float32Array) throw typeMismatch(v, kalam);
      writeEscapedBytes(w, v, 0, v.length);
      return;
    case KalamDataType.UUID:
      w.ensure(16);
      writeUuidBytes(expect(v, 'string', kalam), w.buf, w.pos);
      w.pos += 16;
      return;
    case KalamDataType.DECIMAL:
      encodeDecimalKey(w, typeof v === 'number' || typeof v === 'bigint' ? String(v) : expect(v, 'string', kalam));
      return;
    case KalamDataType.EMBEDDING:
    case KalamDataType.INTERVAL:
      throw new TypeError(`${kalam === KalamDataType.INTERVAL ? 'INTERVAL' : 'EMBEDDING'} values cannot be part of a key`);
    default:
      throw new TypeError(`unknown KalamDataType 0x${(kalam as number).toString(16)} in a key`);
  }
}

export function decodeKey(buf: Buffer, kalams: readonly KalamDataType[]): Value[] {
  const out: Value[] = new Array(kalams.length);
  let pos = 0;
  for (let i = 0; i < kalams.length; i++) [out[i], pos] = decodeKeyValue(buf, pos, kalams[i]!);
  if (pos !== buf.length) throw new Error(`key has ${buf.length - pos} trailing bytes`);
  return out;
}

/** Decodes one value at `pos`; returns it and the position after it. */
export function decodeKeyValue(buf: Buffer, pos: number, kalam: KalamDataType): [Value, number] {
  const mark = buf[pos++];
  if (mark === NULL_MARK) return [null, pos];
  if (mark !== PRESENT) throw new Error(`corrupt key: byte 0x${(mark ?? 0).toString(16)} at ${pos - 1}`);
  switch (kalam) {
    case KalamDataType.BOOLEAN:
      return [buf[pos] === 1, pos + 1];
    case KalamDataType.SMALLINT:
      return [((buf.readUInt16BE(pos) ^ 0x8000) << 16) >> 16, pos + 2];
    case KalamDataType.INT:
    case KalamDataType.DATE:
      return [(buf.readUInt32BE(pos) ^ 0x80000000) | 0, pos + 4];
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME:
      return [BigInt.asIntN(64, buf.readBigUInt64BE(pos) ^ 0x8000000000000000n), pos + 8];
    case KalamDataType.FLOAT:
    case KalamDataType.DOUBLE:
      return readOrderedFloat(buf, pos, kalam === KalamDataType.FLOAT ? 4 : 8);
    case KalamDataType.TEXT:
    case KalamDataType.JSON: {
      const [bytes, next] = readEscaped(buf, pos);
      return [bytes.toString('utf8'), next];
    }
    case KalamDataType.BYTES: {
      const [bytes, next] = readEscaped(buf, pos);
      return [new Uint8Array(bytes), next];
    }
    case KalamDataType.UUID:
      return [readUuidText(buf, pos), pos + 16];
    case KalamDataType.DECIMAL:
      return decodeDecimalKey(buf, pos);
    default:
      throw new TypeError(`KalamDataType 0x${(kalam as number).toString(16)} cannot be decoded from a key`);
  }
}

/**
 * The smallest key greater than every key that starts with `prefix`: the exclusive upper bound
 * of a prefix scan (`{ gte: prefix, lt: prefixEnd(prefix) }`). Trailing 0xff bytes are dropped
 * and the last remaining byte incremented. Throws for an empty or all-0xff prefix, which has no
 * such bound (our key layout never produces one).
 */
export function prefixEnd(prefix: Uint8Array): Buffer {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) throw new RangeError('prefix has no upper bound (empty or all 0xff)');
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1]!++;
  return out;
}

export function hasPrefix(key: Uint8Array, prefix: Uint8Array): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

const floatScratch = Buffer.allocUnsafe(8);

function writeOrderedFloat(w: ByteWriter, v: number, width: 4 | 8): void {
  if (v === 0) v = 0; // -0 → +0
  if (Number.isNaN(v)) v = NaN; // one canonical NaN (positive, above +Infinity)
  const b = w.buf;
  const p = w.pos;
  if (width === 4) b.writeFloatBE(v, p);
  else b.writeDoubleBE(v, p);
  if (b[p]! & 0x80) for (let i = p; i < p + width; i++) b[i] = ~b[i]! & 0xff;
  else b[p] ^= 0x80;
  w.pos += width;
}

function readOrderedFloat(buf: Buffer, pos: number, width: 4 | 8): [number, number] {
  const s = floatScratch;
  buf.copy(s, 0, pos, pos + width);
  if (s[0]! & 0x80) s[0] ^= 0x80;
  else for (let i = 0; i < width; i++) s[i] = ~s[i]! & 0xff;
  return [width === 4 ? s.readFloatBE(0) : s.readDoubleBE(0), pos + width];
}

function writeEscapedString(w: ByteWriter, s: string): void {
  w.ensure(s.length * 3 + 2);
  const start = w.pos;
  const n = w.buf.write(s, start, 'utf8');
  const zero = w.buf.indexOf(0, start);
  if (zero === -1 || zero >= start + n) {
    w.pos = start + n;
    w.buf[w.pos++] = 0;
    w.buf[w.pos++] = 0;
    return;
  }
  // Rare: the text holds U+0000 (PostgreSQL rejects it in text, but JSON and bytes may).
  const raw = Buffer.from(w.buf.subarray(start, start + n));
  w.pos = start;
  writeEscapedBytes(w, raw, 0, raw.length);
}

function writeEscapedBytes(w: ByteWriter, src: Uint8Array, from: number, to: number): void {
  w.ensure((to - from) * 2 + 2);
  const b = w.buf;
  for (let i = from; i < to; i++) {
    const c = src[i]!;
    b[w.pos++] = c;
    if (c === 0) b[w.pos++] = 0xff;
  }
  b[w.pos++] = 0;
  b[w.pos++] = 0;
}

function readEscaped(buf: Buffer, pos: number): [Buffer, number] {
  let end = buf.indexOf(0, pos);
  if (end === -1) throw new Error('corrupt key: unterminated string');
  if (buf[end + 1] === 0) return [buf.subarray(pos, end), end + 2];
  const parts: number[] = [];
  for (let i = pos; ; i++) {
    if (i >= buf.length) throw new Error('corrupt key: unterminated string');
    const c = buf[i]!;
    if (c !== 0) { parts.push(c); continue; }
    const next = buf[++i];
    if (next === 0) { end = i + 1; break; }
    if (next !== 0xff) throw new Error(`corrupt key: bad escape 0x00 0x${(next ?? 0).toString(16)}`);
    parts.push(0);
  }
  return [Buffer.from(parts), end];
}

function typeMismatch(v: Value, kalam: KalamDataType): TypeError {
  const shown = v instanceof Uint8Array ? v.constructor.name : typeof v;
  return new TypeError(`a ${shown} value cannot be encoded as KalamDataType 0x${(kalam as number).toString(16)}`);
}

function expect<T extends 'boolean' | 'number' | 'string'>(
  v: Value, type: T, kalam: KalamDataType,
): T extends 'boolean' ? boolean : T extends 'number' ? number : string {
  if (typeof v !== type) throw typeMismatch(v, kalam);
  return v as T extends 'boolean' ? boolean : T extends 'number' ? number : string;
}

function intIn(v: Value, kalam: KalamDataType, min: number, max: number): number {
  const n = typeof v === 'bigint' ? Number(v) : expect(v, 'number', kalam);
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${String(v)} is out of range for KalamDataType 0x${(kalam as number).toString(16)}`);
  return n;
}

function int64(v: Value, kalam: KalamDataType): bigint {
  if (typeof v === 'bigint') {
    if (v < -0x8000000000000000n || v > 0x7fffffffffffffffn) throw new RangeError(`${v} is out of range for int64`);
    return v;
  }
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw typeMismatch(v, kalam);
}
