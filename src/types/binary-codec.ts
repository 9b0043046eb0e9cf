/**
 * Binary format of every type (PostgreSQL's send/recv functions), for Bind parameters and
 * result columns in format 1: big-endian integers, IEEE floats, dates and timestamps counted
 * from 2000-01-01, numeric in base 10000 (numeric-binary.ts), pgvector's vector layout.
 */
import { Errors } from '../errors/sql-error.js';
import { applyTypmod } from './apply-typmod.js';
import { decodeArrayBinary, encodeArrayBinary } from './array-binary.js';
import { arrayElementType } from './array-type.js';
import {
  DATE_INFINITY, DATE_NEG_INFINITY, END_TIMESTAMP_US, MAX_DATE_DAYS, MIN_DATE_DAYS, MIN_TIMESTAMP_US,
  PG_EPOCH_DAYS, PG_EPOCH_US, TIMESTAMP_INFINITY, TIMESTAMP_NEG_INFINITY, US_PER_DAY,
} from './calendar.js';
import { normalizeJsonb, validateJson } from './json-text.js';
import { KalamDataType, type ColumnType, type Value } from './kalam-type.js';
import { decodeNumeric, encodeNumeric } from './numeric-binary.js';
import type { PgArray } from './pg-array.js';
import { PgOid } from './pg-oids.js';
import { encodeRecordBinary, recordInputNotSupported, type PgRecord } from './pg-record.js';
import { Interval, checkedInterval } from './interval.js';
import { formatUuidHex } from './uuid-text.js';
import { checkVectorDimensions, checkVectorElement } from './vector-text.js';
import { enumIn, FIRST_USER_OID, isEnumOid } from './enum-types.js';

const JSONB_VERSION = 1;
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function expectLength(bytes: Uint8Array, n: number): DataView {
  if (bytes.length < n) throw Errors.invalidBinaryRepresentation('insufficient data left in message');
  if (bytes.length > n) throw Errors.invalidBinaryRepresentation('incorrect binary data format');
  return viewOf(bytes);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    const s = utf8Decoder.decode(bytes);
    if (s.includes('\0')) throw Errors.characterNotInRepertoire('invalid byte sequence for encoding "UTF8": 0x00');
    return s;
  } catch (e) {
    if (e instanceof TypeError) throw Errors.characterNotInRepertoire('invalid byte sequence for encoding "UTF8"');
    throw e;
  }
}

function decodeTimestamp(view: DataView): bigint {
  const pg = view.getBigInt64(0);
  if (pg === TIMESTAMP_INFINITY || pg === TIMESTAMP_NEG_INFINITY) return pg;
  const us = pg + PG_EPOCH_US;
  if (us < MIN_TIMESTAMP_US || us >= END_TIMESTAMP_US) throw Errors.datetimeOverflow('timestamp out of range');
  return us;
}

function decodeDate(view: DataView): number {
  const pg = view.getInt32(0);
  if (pg === DATE_INFINITY || pg === DATE_NEG_INFINITY) return pg;
  const days = pg + PG_EPOCH_DAYS;
  if (days < MIN_DATE_DAYS || days > MAX_DATE_DAYS) throw Errors.datetimeOverflow('date out of range');
  return days;
}

function decodeVector(bytes: Uint8Array, typmod: number): Float32Array {
  if (bytes.length < 4) throw Errors.invalidBinaryRepresentation('insufficient data left in message');
  const view = viewOf(bytes);
  const dim = view.getInt16(0);
  const unused = view.getInt16(2);
  checkVectorDimensions(dim, typmod);
  if (unused !== 0) throw Errors.dataException(`expected unused to be 0, not ${unused}`);
  expectLength(bytes, 4 + 4 * dim);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    out[i] = view.getFloat32(4 + 4 * i);
    checkVectorElement(out[i]!);
  }
  return out;
}

function decodeUnmodified(bytes: Uint8Array, type: ColumnType): Exclude<Value, null> {
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return expectLength(bytes, 1).getUint8(0) !== 0;
    case KalamDataType.SMALLINT: return expectLength(bytes, 2).getInt16(0);
    // The OID family and xid are unsigned (oidrecv); int4 and everything else signed.
    case KalamDataType.INT: return type.oid === PgOid.INT4 ? expectLength(bytes, 4).getInt32(0) : expectLength(bytes, 4).getUint32(0);
    case KalamDataType.BIGINT: return type.oid === PgOid.PG_LSN ? expectLength(bytes, 8).getBigUint64(0) : expectLength(bytes, 8).getBigInt64(0);
    case KalamDataType.FLOAT: return expectLength(bytes, 4).getFloat32(0);
    case KalamDataType.DOUBLE: return expectLength(bytes, 8).getFloat64(0);
    case KalamDataType.TEXT:
      // charrecv: one raw byte (its first, if more were sent), which need not be UTF-8.
      if (type.oid === PgOid.CHAR) return bytes.length === 0 || bytes[0] === 0 ? '' : String.fromCharCode(bytes[0]!);
      // enum_recv: the label's text, checked as enum_in checks it.
      return type.oid >= FIRST_USER_OID && isEnumOid(type.oid) ? enumIn(decodeUtf8(bytes), type.oid) : decodeUtf8(bytes);
    case KalamDataType.JSON: {
      if (type.oid === PgOid.JSON) return validateJson(decodeUtf8(bytes));
      if (bytes.length < 1) throw Errors.invalidBinaryRepresentation('insufficient data left in message');
      if (bytes[0] !== JSONB_VERSION) throw Errors.invalidBinaryRepresentation(`unsupported jsonb version number ${bytes[0]}`);
      return normalizeJsonb(decodeUtf8(bytes.subarray(1)));
    }
    case KalamDataType.BYTES: return bytes.slice();
    case KalamDataType.UUID: expectLength(bytes, 16); return formatUuidHex(Buffer.from(bytes).toString('hex'));
    case KalamDataType.DECIMAL: return decodeNumeric(bytes);
    case KalamDataType.EMBEDDING: return decodeVector(bytes, type.typmod);
    case KalamDataType.DATE: return decodeDate(expectLength(bytes, 4));
    case KalamDataType.TIME: {
      const us = expectLength(bytes, 8).getBigInt64(0);
      if (us < 0n || us > US_PER_DAY) throw Errors.datetimeOverflow('time out of range');
      return us;
    }
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME: return decodeTimestamp(expectLength(bytes, 8));
    case KalamDataType.INTERVAL: {
      // interval_recv: int64 µs, int32 days, int32 months.
      const view = expectLength(bytes, 16);
      return checkedInterval(view.getInt32(12), view.getInt32(8), view.getBigInt64(0));
    }
    case KalamDataType.ARRAY: {
      const elem = { ...arrayElementType(type), typmod: -1 };
      return decodeArrayBinary(bytes, elem.kalam, elem.oid, (b) => decodeUnmodified(b, elem));
    }
    case KalamDataType.RECORD: return recordInputNotSupported();
  }
}

/** The type's recv function, then its typmod as on assignment. */
export function decodeBinary(bytes: Uint8Array, type: ColumnType): Value {
  const v = decodeUnmodified(bytes, type);
  return type.typmod < 0 && type.oid !== PgOid.NAME ? v : applyTypmod(v, type);
}

function fixed(n: number, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(n);
  write(new DataView(out.buffer));
  return out;
}

function encodeTimestamp(us: bigint): Uint8Array {
  const pg = us === TIMESTAMP_INFINITY || us === TIMESTAMP_NEG_INFINITY ? us : us - PG_EPOCH_US;
  return fixed(8, (v) => v.setBigInt64(0, pg));
}

function encodeVector(v: Float32Array): Uint8Array {
  return fixed(4 + 4 * v.length, (view) => {
    view.setInt16(0, v.length);
    for (let i = 0; i < v.length; i++) view.setFloat32(4 + 4 * i, v[i]!);
  });
}

/** The type's send function. */
export function encodeBinary(v: Exclude<Value, null>, type: ColumnType): Uint8Array {
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return Uint8Array.of(v ? 1 : 0);
    case KalamDataType.SMALLINT: return fixed(2, (view) => view.setInt16(0, Number(v)));
    // setInt32/setBigInt64 wrap, so unsigned OIDs and pg_lsn come out as their unsigned bits.
    case KalamDataType.INT: return fixed(4, (view) => view.setInt32(0, Number(v)));
    case KalamDataType.BIGINT: return fixed(8, (view) => view.setBigInt64(0, BigInt(v as bigint | number)));
    case KalamDataType.FLOAT: return fixed(4, (view) => view.setFloat32(0, v as number));
    case KalamDataType.DOUBLE: return fixed(8, (view) => view.setFloat64(0, v as number));
    case KalamDataType.TEXT:
      if (type.oid === PgOid.CHAR) return (v as string).length === 0 ? Uint8Array.of(0) : Uint8Array.of((v as string).charCodeAt(0));
      return utf8Encoder.encode(v as string);
    case KalamDataType.JSON: {
      const text = utf8Encoder.encode(v as string);
      if (type.oid === PgOid.JSON) return text;
      const out = new Uint8Array(text.length + 1);
      out[0] = JSONB_VERSION;
      out.set(text, 1);
      return out;
    }
    case KalamDataType.BYTES: return v as Uint8Array;
    case KalamDataType.UUID: return Uint8Array.from(Buffer.from((v as string).replace(/-/g, ''), 'hex'));
    case KalamDataType.DECIMAL: return encodeNumeric(v as string);
    case KalamDataType.EMBEDDING: return encodeVector(v as Float32Array);
    case KalamDataType.DATE: {
      const days = v as number;
      const pg = days === DATE_INFINITY || days === DATE_NEG_INFINITY ? days : days - PG_EPOCH_DAYS;
      return fixed(4, (view) => view.setInt32(0, pg));
    }
    case KalamDataType.TIME: return fixed(8, (view) => view.setBigInt64(0, v as bigint));
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME: return encodeTimestamp(v as bigint);
    case KalamDataType.INTERVAL: {
      const iv = v as Interval;
      return fixed(16, (view) => { view.setBigInt64(0, iv.micros); view.setInt32(8, iv.days); view.setInt32(12, iv.months); });
    }
    case KalamDataType.ARRAY: {
      const elem = arrayElementType(type);
      return encodeArrayBinary(v as PgArray, elem.oid, (e) => encodeBinary(e, elem));
    }
    case KalamDataType.RECORD: return encodeRecordBinary(v as PgRecord, type, encodeBinary);
  }
}
