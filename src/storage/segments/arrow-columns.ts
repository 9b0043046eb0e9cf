/**
 * Rows → Arrow column data, one column and one row range at a time, written straight into typed
 * arrays, validity bitmaps and UTF-8 offset buffers. apache-arrow's `vectorFromArray` would infer
 * and box every value (about 2.8 s per million strings, DESIGN.md "Execution model"); this is the
 * ~0.2 s path.
 *
 * `rows[i][pos]` is the value of the column at position `pos` (table layout, table-access.ts).
 */
import * as arrow from 'apache-arrow';
import type { Interval } from '../../types/interval.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { encodeArrayValue } from '../row-codec.js';
import { writeUuidBytes } from '../uuid-bytes.js';
import { arrowTypeOf } from './arrow-types.js';

export type Rows = readonly (readonly Value[])[];

interface Validity {
  readonly bitmap: Uint8Array | undefined;
  readonly nullCount: number;
}

function validity(rows: Rows, pos: number, from: number, to: number): Validity {
  let nulls = 0;
  for (let i = from; i < to; i++) if (rows[i]![pos] === null) nulls++;
  if (nulls === 0) return { bitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array((to - from + 7) >> 3);
  for (let i = from; i < to; i++) {
    if (rows[i]![pos] !== null) bitmap[(i - from) >> 3]! |= 1 << ((i - from) & 7);
  }
  return { bitmap, nullCount: nulls };
}

/** The Arrow data of column `pos` (of type `type`) for rows [from, to). */
export function columnData(rows: Rows, pos: number, type: ColumnType, from: number, to: number): arrow.Data {
  const length = to - from;
  const v = validity(rows, pos, from, to);
  const base = { length, nullCount: v.nullCount, nullBitmap: v.bitmap };
  const at = (i: number): Value => rows[from + i]![pos]!;
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: {
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (at(i) === true) bits[i >> 3]! |= 1 << (i & 7);
      return arrow.makeData({ type: new arrow.Bool(), ...base, data: bits });
    }
    case KalamDataType.SMALLINT:
      return arrow.makeData({ type: new arrow.Int16(), ...base, data: numbers(new Int16Array(length), at) });
    case KalamDataType.INT:
      return arrow.makeData({ type: new arrow.Int32(), ...base, data: numbers(new Int32Array(length), at) });
    case KalamDataType.DATE:
      return arrow.makeData({ type: new arrow.DateDay(), ...base, data: numbers(new Int32Array(length), at) });
    case KalamDataType.FLOAT:
      return arrow.makeData({ type: new arrow.Float32(), ...base, data: numbers(new Float32Array(length), at) });
    case KalamDataType.DOUBLE:
      return arrow.makeData({ type: new arrow.Float64(), ...base, data: numbers(new Float64Array(length), at) });
    case KalamDataType.BIGINT:
      return arrow.makeData({ type: new arrow.Int64(), ...base, data: bigints(length, at) });
    case KalamDataType.TIME:
      return arrow.makeData({ type: new arrow.TimeMicrosecond(), ...base, data: bigints(length, at) });
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
      return arrow.makeData({ type: arrowTypeOf(type) as arrow.TimestampMicrosecond, ...base, data: bigints(length, at) });
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL: {
      const { offsets, bytes } = variableWidth(length, at, true);
      return arrow.makeData({ type: new arrow.Utf8(), ...base, valueOffsets: offsets, data: bytes });
    }
    case KalamDataType.BYTES:
    case KalamDataType.ARRAY: {
      const enc = type.kalam === KalamDataType.ARRAY ? (x: Value) => encodeArrayValue(x) : (x: Value) => x as Uint8Array;
      const { offsets, bytes } = variableWidth(length, (i) => { const x = at(i); return x === null ? null : enc(x); }, false);
      return arrow.makeData({ type: new arrow.Binary(), ...base, valueOffsets: offsets, data: bytes });
    }
    case KalamDataType.UUID: {
      const bytes = new Uint8Array(length * 16);
      for (let i = 0; i < length; i++) { const x = at(i); if (x !== null) writeUuidBytes(x as string, bytes, i * 16); }
      return arrow.makeData({ type: new arrow.FixedSizeBinary(16), ...base, data: bytes });
    }
    case KalamDataType.INTERVAL:
      return intervalData(length, at, base);
    case KalamDataType.EMBEDDING:
      return embeddingData(type, length, at, base);
    case KalamDataType.RECORD:
      throw new TypeError('a record value is never stored');
  }
}

/** `_seq` (int64, never null) for rows [from, to). */
export function seqData(rows: Rows, pos: number, from: number, to: number): arrow.Data {
  return arrow.makeData({ type: new arrow.Int64(), length: to - from, nullCount: 0, data: bigints(to - from, (i) => rows[from + i]![pos]!) });
}

/** `_deleted` (bool, never null) for rows [from, to). */
export function deletedData(rows: Rows, pos: number, from: number, to: number): arrow.Data {
  const length = to - from;
  const bits = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) if (rows[from + i]![pos] === true) bits[i >> 3]! |= 1 << (i & 7);
  return arrow.makeData({ type: new arrow.Bool(), length, nullCount: 0, data: bits });
}

/** `_key` (binary, never null): the rows' primary-key bytes, `keys[i]` for row i of [from, to). */
export function keyData(keys: readonly Uint8Array[], from: number, to: number): arrow.Data {
  const { offsets, bytes } = variableWidth(to - from, (i) => keys[from + i]!, false);
  return arrow.makeData({ type: new arrow.Binary(), length: to - from, nullCount: 0, valueOffsets: offsets, data: bytes });
}

function numbers<T extends Int16Array | Int32Array | Float32Array | Float64Array>(out: T, at: (i: number) => Value): T {
  for (let i = 0; i < out.length; i++) {
    const x = at(i);
    if (x !== null) out[i] = typeof x === 'bigint' ? Number(x) : (x as number);
  }
  return out;
}

function bigints(length: number, at: (i: number) => Value): BigInt64Array {
  const out = new BigInt64Array(length);
  for (let i = 0; i < length; i++) {
    const x = at(i);
    if (x !== null) out[i] = typeof x === 'bigint' ? x : BigInt(x as number);
  }
  return out;
}

/** Offsets and bytes of a Utf8 (text: strings, numeric text) or Binary column, written directly. */
function variableWidth(length: number, at: (i: number) => Value, text: boolean): { offsets: Int32Array; bytes: Uint8Array } {
  const offsets = new Int32Array(length + 1);
  let buf: Buffer<ArrayBuffer> = Buffer.allocUnsafe(Math.max(64, length * 16));
  let pos = 0;
  for (let i = 0; i < length; i++) {
    const x = at(i);
    if (x !== null) {
      if (text) {
        const s = typeof x === 'string' ? x : String(x);
        if (pos + s.length * 3 > buf.length) buf = grow(buf, pos, pos + s.length * 3);
        pos += buf.write(s, pos, 'utf8');
      } else {
        const b = x as Uint8Array;
        if (pos + b.length > buf.length) buf = grow(buf, pos, pos + b.length);
        buf.set(b, pos);
        pos += b.length;
      }
    }
    offsets[i + 1] = offsetOf(pos);
  }
  return { offsets, bytes: new Uint8Array(buf.buffer, buf.byteOffset, pos) };
}

function grow(buf: Buffer, used: number, need: number): Buffer<ArrayBuffer> {
  const next = Buffer.allocUnsafe(Math.max(buf.length * 2, need));
  buf.copy(next, 0, 0, used);
  return next;
}

/** Utf8/Binary offsets are int32: a row group's column must stay under 2 GiB. */
function offsetOf(pos: number): number {
  if (pos > 0x7fffffff) throw new RangeError('a segment row group holds more than 2 GiB of one column; write smaller row groups');
  return pos;
}

function intervalData(length: number, at: (i: number) => Value, base: { length: number; nullCount: number; nullBitmap: Uint8Array | undefined }): arrow.Data {
  const months = new Int32Array(length);
  const days = new Int32Array(length);
  const micros = new BigInt64Array(length);
  for (let i = 0; i < length; i++) {
    const x = at(i);
    if (x === null) continue;
    const iv = x as Interval;
    months[i] = iv.months;
    days[i] = iv.days;
    micros[i] = iv.micros;
  }
  const type = arrowTypeOf({ kalam: KalamDataType.INTERVAL, oid: 0, typmod: -1 }) as arrow.Struct;
  return arrow.makeData({
    type, ...base,
    children: [
      arrow.makeData({ type: new arrow.Int32(), length, nullCount: 0, data: months }),
      arrow.makeData({ type: new arrow.Int32(), length, nullCount: 0, data: days }),
      arrow.makeData({ type: new arrow.Int64(), length, nullCount: 0, data: micros }),
    ],
  });
}

function embeddingData(type: ColumnType, length: number, at: (i: number) => Value, base: { length: number; nullCount: number; nullBitmap: Uint8Array | undefined }): arrow.Data {
  const listType = arrowTypeOf(type);
  if (listType instanceof arrow.FixedSizeList) {
    const dim = listType.listSize;
    const items = new Float32Array(length * dim);
    for (let i = 0; i < length; i++) {
      const x = at(i);
      if (x === null) continue;
      const f = x as Float32Array;
      if (f.length !== dim) throw new TypeError(`expected ${dim} dimensions, not ${f.length}`);
      items.set(f, i * dim);
    }
    const child = arrow.makeData({ type: new arrow.Float32(), length: length * dim, nullCount: 0, data: items });
    return arrow.makeData({ type: listType, ...base, child });
  }
  const offsets = new Int32Array(length + 1);
  let total = 0;
  for (let i = 0; i < length; i++) {
    const x = at(i);
    if (x !== null) total += (x as Float32Array).length;
    offsets[i + 1] = total;
  }
  const items = new Float32Array(total);
  for (let i = 0; i < length; i++) { const x = at(i); if (x !== null) items.set(x as Float32Array, offsets[i]!); }
  const child = arrow.makeData({ type: new arrow.Float32(), length: total, nullCount: 0, data: items });
  return arrow.makeData({ type: listType as arrow.List<arrow.Float32>, ...base, valueOffsets: offsets, child });
}
