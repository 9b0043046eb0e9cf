import { KalamDataType, type Value } from '../types/kalam-type.js';
import { Interval } from '../types/interval.js';
import { PgArray } from '../types/pg-array.js';
import { ByteWriter } from './byte-writer.js';
import { readUuidText, writeUuidBytes } from './uuid-bytes.js';

/**
 * The binary form of a hot row, the value stored under its row key.
 *
 *   01                 format version
 *   flags              bit 0: _deleted (tombstone)
 *   seq                _seq, int64 little-endian
 *   schemaVersion      varint: the table version the row was written under
 *   cellCount          varint
 *   cell*              ordinal (varint) | tag (KalamDataType, 0x00 = NULL) | payload
 *
 * Cells are keyed by column ORDINAL, never by position: ordinals are never reused (DESIGN.md
 * section 3), so a row written before ADD COLUMN / DROP COLUMN still decodes — a dropped
 * column's cell is skipped, an added column has no cell. Each cell carries its own type tag, so
 * decoding needs no schema at all. Payloads (little-endian):
 *
 *   BOOLEAN 1 byte · SMALLINT 2 · INT, DATE 4 · FLOAT 4 · DOUBLE 8
 *   BIGINT, TIMESTAMP, DATETIME, TIME 8 (int64) · UUID 16
 *   TEXT, JSON, DECIMAL (numeric text, keeps its scale), BYTES: varint length | bytes
 *   EMBEDDING: varint n | n float32
 *   INTERVAL 16: int64 µs | int32 days | int32 months
 *   ARRAY: varint byte length | element tag | ndims (1 byte) | ndims × (int32 length, int32 lower
 *          bound) | per element: tag (element tag, 0x00 = NULL) | payload as above
 *
 * Fixed-width payloads and length prefixes let `decodeRowInto` skip the cells a query does not
 * read without decoding them: that is the hot path of every scan and point lookup.
 */

const FORMAT = 1;
const NULL_TAG = 0;
const DELETED = 1;

export interface RowHeader {
  /** `_seq`: the Snowflake id of the row's last write. */
  readonly seq: bigint;
  /** `_deleted`: the row is a tombstone that hides older versions (e.g. in cold segments). */
  readonly deleted: boolean;
  readonly schemaVersion: number;
}

export interface StoredCell {
  readonly ordinal: number;
  readonly kalam: KalamDataType;
  readonly value: Value;
}

export interface StoredRow extends RowHeader {
  /** Cells in ordinal order; a column without a cell reads as NULL (or its default, see decodeRowInto). */
  readonly cells: readonly StoredCell[];
}

const writer = new ByteWriter(512);

export function encodeRow(row: StoredRow): Buffer {
  const w = writeHeader(row, row.cells.length);
  for (const cell of row.cells) writeCell(w, cell.ordinal, cell.kalam, cell.value);
  return w.finish();
}

/**
 * The write hot path: one cell per column, `values[i]` being the value of column `ordinals[i]`
 * of type `kalams[i]`, with no intermediate cell objects.
 */
export function encodeRowValues(
  header: RowHeader,
  ordinals: readonly number[],
  kalams: readonly KalamDataType[],
  values: readonly Value[],
): Buffer {
  const w = writeHeader(header, ordinals.length);
  for (let i = 0; i < ordinals.length; i++) writeCell(w, ordinals[i]!, kalams[i]!, values[i]!);
  return w.finish();
}

export function decodeRow(buf: Buffer): StoredRow {
  const r = { pos: 0 };
  const header = readHeader(buf, r);
  const count = readVarint(buf, r);
  const cells: StoredCell[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const ordinal = readVarint(buf, r);
    const tag = buf[r.pos++]!;
    cells[i] = { ordinal, kalam: tag as KalamDataType, value: tag === NULL_TAG ? null : readPayload(buf, r, tag) };
  }
  return { ...header, cells };
}

/**
 * Fills `out[i]` with the value of column `ordinals[i]`; columns without a cell get null. When
 * `present` is given, `present[i]` is set to 1 if the row has a cell for `ordinals[i]` (even a
 * NULL one) and 0 if not — a column added after the row was written, whose default the caller
 * applies. Cells for ordinals not asked for are skipped without being decoded.
 */
export function decodeRowInto(buf: Buffer, ordinals: readonly number[], out: Value[], present?: Uint8Array): RowHeader {
  const n = ordinals.length;
  for (let i = 0; i < n; i++) out[i] = null;
  if (present) present.fill(0, 0, n);
  const r = { pos: 0 };
  const header = readHeader(buf, r);
  const count = readVarint(buf, r);
  let cursor = 0; // cells and ordinals are usually both ascending: look where the last one matched
  for (let c = 0; c < count; c++) {
    const ordinal = readVarint(buf, r);
    const tag = buf[r.pos++]!;
    let slot = -1;
    for (let k = 0; k < n; k++) {
      const i = cursor + k < n ? cursor + k : cursor + k - n;
      if (ordinals[i] === ordinal) { slot = i; break; }
    }
    if (slot < 0) {
      skipPayload(buf, r, tag);
      continue;
    }
    cursor = slot + 1 < n ? slot + 1 : 0;
    if (present) present[slot] = 1;
    out[slot] = tag === NULL_TAG ? null : readPayload(buf, r, tag);
  }
  return header;
}

/** Only the header: enough for merge decisions (newest `_seq` wins, tombstones hide). */
export function decodeRowHeader(buf: Buffer): RowHeader {
  return readHeader(buf, { pos: 0 });
}

function writeHeader(h: RowHeader, cellCount: number): ByteWriter {
  const w = writer.reset();
  appendRowHeader(w, h, cellCount);
  return w;
}

/** Byte offset of `_seq` (int64 little-endian) in every encoded row. */
export const SEQ_OFFSET = 2;

/**
 * encodeRowValues() piece by piece into the caller's writer (a bulk load fills one buffer with
 * many rows): the header, then exactly `cellCount` cells through appendCell (or appendNullCell).
 */
export function appendRowHeader(w: ByteWriter, h: RowHeader, cellCount: number): void {
  const start = w.pos;
  w.ensure(10);
  w.buf[start] = FORMAT;
  w.buf[start + 1] = h.deleted ? DELETED : 0;
  if (h.seq === 0n) for (let i = start + SEQ_OFFSET; i < start + 10; i++) w.buf[i] = 0;
  else w.buf.writeBigInt64LE(h.seq, start + SEQ_OFFSET);
  w.pos = start + 10;
  w.varint(h.schemaVersion);
  w.varint(cellCount);
}

export function appendCell(w: ByteWriter, ordinal: number, kalam: KalamDataType, v: Value): void {
  writeCell(w, ordinal, kalam, v);
}

function writeCell(w: ByteWriter, ordinal: number, kalam: KalamDataType, v: Value): void {
  w.varint(ordinal);
  writeTagged(w, kalam, v);
}

/** An array's contents go through their own writer first: the payload starts with its length. */
const arrayWriter = new ByteWriter(256);

function writeArray(w: ByteWriter, v: Value): void {
  const inner = writeArrayBody(v);
  w.varint(inner.pos);
  w.bytes(inner.buf.subarray(0, inner.pos));
}

/**
 * An ARRAY value alone: its payload without the length prefix (element tag, dimensions, tagged
 * elements). Parquet segments store arrays as this binary (segments/arrow-types.ts says why).
 */
export function encodeArrayValue(v: Value): Buffer {
  return writeArrayBody(v).finish();
}

export function decodeArrayValue(bytes: Uint8Array): PgArray {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return readArrayBody(buf, { pos: 0 }, buf.length);
}

function writeArrayBody(v: Value): ByteWriter {
  check(v instanceof PgArray, v, KalamDataType.ARRAY);
  const a = v as PgArray;
  const inner = arrayWriter.reset();
  inner.byte(a.elemKalam);
  inner.byte(a.ndims);
  inner.ensure(8 * a.ndims);
  for (let i = 0; i < a.ndims; i++) {
    inner.pos = inner.buf.writeInt32LE(a.dims[i]!, inner.pos);
    inner.pos = inner.buf.writeInt32LE(a.lbounds[i]!, inner.pos);
  }
  for (const item of a.items) writeTagged(inner, a.elemKalam, item);
  return inner;
}

function readArray(buf: Buffer, r: { pos: number }): PgArray {
  const n = readVarint(buf, r);
  return readArrayBody(buf, r, r.pos + n);
}

function readArrayBody(buf: Buffer, r: { pos: number }, end: number): PgArray {
  const elemKalam = buf[r.pos++]! as KalamDataType;
  const ndims = buf[r.pos++]!;
  const dims: number[] = [];
  const lbounds: number[] = [];
  let count = ndims === 0 ? 0 : 1;
  for (let i = 0; i < ndims; i++) {
    dims.push(buf.readInt32LE(r.pos));
    lbounds.push(buf.readInt32LE(r.pos + 4));
    count *= dims[i]!;
    r.pos += 8;
  }
  const items: Value[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const tag = buf[r.pos++]!;
    items[i] = tag === NULL_TAG ? null : readPayload(buf, r, tag);
  }
  if (r.pos !== end) throw new Error('corrupt row: array payload length mismatch');
  return new PgArray(elemKalam, items, dims, lbounds);
}

function writeTagged(w: ByteWriter, kalam: KalamDataType, v: Value): void {
  if (v === null) {
    w.byte(NULL_TAG);
    return;
  }
  w.ensure(17);
  const b = w.buf;
  b[w.pos++] = kalam;
  switch (kalam) {
    case KalamDataType.BOOLEAN:
      b[w.pos++] = check(typeof v === 'boolean', v, kalam) && v ? 1 : 0;
      return;
    case KalamDataType.SMALLINT:
      w.pos = b.writeInt16LE(num(v, kalam), w.pos);
      return;
    case KalamDataType.INT:
    case KalamDataType.DATE:
      w.pos = b.writeInt32LE(num(v, kalam), w.pos);
      return;
    case KalamDataType.FLOAT:
      w.pos = b.writeFloatLE(num(v, kalam), w.pos);
      return;
    case KalamDataType.DOUBLE:
      w.pos = b.writeDoubleLE(num(v, kalam), w.pos);
      return;
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME:
      w.pos = b.writeBigInt64LE(typeof v === 'bigint' ? v : BigInt(num(v, kalam)), w.pos);
      return;
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL:
      check(typeof v === 'string' || (kalam === KalamDataType.DECIMAL && typeof v !== 'object'), v, kalam);
      writeString(w, String(v));
      return;
    case KalamDataType.BYTES:
      check(v instanceof Uint8Array && !(v instanceof Float32Array), v, kalam);
      w.varint((v as Uint8Array).length);
      w.bytes(v as Uint8Array);
      return;
    case KalamDataType.EMBEDDING: {
      check(v instanceof Float32Array, v, kalam);
      const f = v as Float32Array;
      w.varint(f.length);
      w.bytes(new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
      return;
    }
    case KalamDataType.UUID:
      check(typeof v === 'string', v, kalam);
      writeUuidBytes(v as string, b, w.pos);
      w.pos += 16;
      return;
    case KalamDataType.INTERVAL: {
      check(v instanceof Interval, v, kalam);
      const iv = v as Interval;
      w.pos = b.writeBigInt64LE(iv.micros, w.pos);
      w.pos = b.writeInt32LE(iv.days, w.pos);
      w.pos = b.writeInt32LE(iv.months, w.pos);
      return;
    }
    case KalamDataType.ARRAY:
      writeArray(w, v);
      return;
    default:
      throw new TypeError(`unknown KalamDataType 0x${(kalam as number).toString(16)}`);
  }
}

function writeString(w: ByteWriter, s: string): void {
  if (s.length < 43) {
    // At most 126 UTF-8 bytes: the length fits one varint byte, written after the text.
    w.ensure(1 + s.length * 3);
    const n = w.buf.write(s, w.pos + 1, 'utf8');
    w.buf[w.pos] = n;
    w.pos += 1 + n;
    return;
  }
  const n = Buffer.byteLength(s, 'utf8');
  w.varint(n);
  w.ensure(n);
  w.pos += w.buf.write(s, w.pos, 'utf8');
}

function readHeader(buf: Buffer, r: { pos: number }): RowHeader {
  if (buf[0] !== FORMAT) throw new Error(`unknown row format ${buf[0]} (expected ${FORMAT})`);
  const deleted = (buf[1]! & DELETED) !== 0;
  const seq = buf.readBigInt64LE(2);
  r.pos = 10;
  return { seq, deleted, schemaVersion: readVarint(buf, r) };
}

function readVarint(buf: Buffer, r: { pos: number }): number {
  let b = buf[r.pos++]!;
  if (b < 0x80) return b;
  let v = b & 0x7f;
  let shift = 7;
  do {
    if (r.pos >= buf.length) throw new Error('corrupt row: truncated varint');
    b = buf[r.pos++]!;
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b >= 0x80);
  return v;
}

function readPayload(buf: Buffer, r: { pos: number }, tag: number): Value {
  const p = r.pos;
  switch (tag) {
    case KalamDataType.BOOLEAN: r.pos = p + 1; return buf[p] === 1;
    case KalamDataType.SMALLINT: r.pos = p + 2; return buf.readInt16LE(p);
    case KalamDataType.INT:
    case KalamDataType.DATE: r.pos = p + 4; return buf.readInt32LE(p);
    case KalamDataType.FLOAT: r.pos = p + 4; return buf.readFloatLE(p);
    case KalamDataType.DOUBLE: r.pos = p + 8; return buf.readDoubleLE(p);
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME: r.pos = p + 8; return buf.readBigInt64LE(p);
    case KalamDataType.UUID: r.pos = p + 16; return readUuidText(buf, p);
    case KalamDataType.INTERVAL:
      r.pos = p + 16;
      return new Interval(buf.readInt32LE(p + 12), buf.readInt32LE(p + 8), buf.readBigInt64LE(p));
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL: {
      const n = readVarint(buf, r);
      const s = r.pos;
      r.pos = s + n;
      return buf.toString('utf8', s, s + n);
    }
    case KalamDataType.BYTES: {
      const n = readVarint(buf, r);
      const s = r.pos;
      r.pos = s + n;
      return new Uint8Array(buf.subarray(s, s + n)); // a copy: never pin the RocksDB value
    }
    case KalamDataType.EMBEDDING: {
      const n = readVarint(buf, r);
      const s = r.pos;
      r.pos = s + n * 4;
      const f = new Float32Array(n);
      new Uint8Array(f.buffer).set(buf.subarray(s, s + n * 4)); // rows are unaligned: copy bytes
      return f;
    }
    case KalamDataType.ARRAY: return readArray(buf, r);
    default:
      throw new Error(`corrupt row: unknown type tag 0x${tag.toString(16)} at ${p - 1}`);
  }
}

function skipPayload(buf: Buffer, r: { pos: number }, tag: number): void {
  switch (tag) {
    case NULL_TAG: return;
    case KalamDataType.BOOLEAN: r.pos += 1; return;
    case KalamDataType.SMALLINT: r.pos += 2; return;
    case KalamDataType.INT:
    case KalamDataType.DATE:
    case KalamDataType.FLOAT: r.pos += 4; return;
    case KalamDataType.DOUBLE:
    case KalamDataType.BIGINT:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.TIME: r.pos += 8; return;
    case KalamDataType.UUID:
    case KalamDataType.INTERVAL: r.pos += 16; return;
    case KalamDataType.EMBEDDING: { const n = readVarint(buf, r); r.pos += n * 4; return; }
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL:
    case KalamDataType.BYTES:
    case KalamDataType.ARRAY: { const n = readVarint(buf, r); r.pos += n; return; }
    default: throw new Error(`corrupt row: unknown type tag 0x${tag.toString(16)} at ${r.pos - 1}`);
  }
}

function check(ok: boolean, v: Value, kalam: KalamDataType): true {
  if (!ok) {
    const shown = v instanceof Uint8Array || v instanceof PgArray ? v.constructor.name : typeof v;
    throw new TypeError(`a ${shown} value cannot be stored as KalamDataType 0x${(kalam as number).toString(16)}`);
  }
  return true;
}

function num(v: Value, kalam: KalamDataType): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  check(false, v, kalam);
  return 0;
}
