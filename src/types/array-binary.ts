/**
 * The binary form of arrays: PostgreSQL's array_send and array_recv.
 *
 *   int32 ndim | int32 flags (1: has NULLs) | int32 element type OID
 *   ndim × (int32 length, int32 lower bound)
 *   per element: int32 byte length (-1 for NULL) | the element's binary form
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { formatType } from './format-type.js';
import type { KalamDataType, Value } from './kalam-type.js';
import { MAX_ARRAY_DIMS, PgArray } from './pg-array.js';
import { tooManyDimensions } from './array-text.js';

export function encodeArrayBinary(a: PgArray, elemOid: number, encode: (v: Exclude<Value, null>) => Uint8Array): Uint8Array {
  const parts = a.items.map((v) => (v === null ? null : encode(v)));
  const hasNull = parts.includes(null);
  let size = 12 + 8 * a.ndims;
  for (const p of parts) size += 4 + (p?.length ?? 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setInt32(0, a.ndims);
  view.setInt32(4, hasNull ? 1 : 0);
  view.setUint32(8, elemOid);
  let pos = 12;
  for (let i = 0; i < a.ndims; i++) {
    view.setInt32(pos, a.dims[i]!);
    view.setInt32(pos + 4, a.lbounds[i]!);
    pos += 8;
  }
  for (const p of parts) {
    view.setInt32(pos, p === null ? -1 : p.length);
    pos += 4;
    if (p !== null) {
      out.set(p, pos);
      pos += p.length;
    }
  }
  return out;
}

export function decodeArrayBinary(
  bytes: Uint8Array, elemKalam: KalamDataType, elemOid: number, decode: (b: Uint8Array) => Value,
): PgArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (n: number, pos: number): void => {
    if (pos + n > bytes.length) throw Errors.invalidBinaryRepresentation('insufficient data left in message');
  };
  need(12, 0);
  const ndim = view.getInt32(0);
  const flags = view.getInt32(4);
  const oid = view.getUint32(8);
  if (ndim < 0) throw Errors.invalidBinaryRepresentation(`invalid number of dimensions: ${ndim}`);
  if (ndim > MAX_ARRAY_DIMS) throw tooManyDimensions(ndim);
  if (flags !== 0 && flags !== 1) throw Errors.invalidBinaryRepresentation('invalid array flags');
  if (oid !== elemOid) {
    throw new SqlError('42804', `binary data has array element type ${oid} (${formatType(oid, -1)}) instead of expected ${elemOid} (${formatType(elemOid, -1)})`);
  }
  const dims: number[] = [];
  const lbounds: number[] = [];
  let pos = 12;
  let count = 1;
  for (let i = 0; i < ndim; i++) {
    need(8, pos);
    const d = view.getInt32(pos);
    const lb = view.getInt32(pos + 4);
    if (d < 0) throw Errors.invalidBinaryRepresentation('invalid array dimensions');
    dims.push(d);
    lbounds.push(lb);
    count *= d;
    pos += 8;
  }
  if (ndim === 0 || count === 0) {
    if (pos !== bytes.length) throw Errors.invalidBinaryRepresentation('incorrect binary data format');
    return new PgArray(elemKalam, [], [], []);
  }
  const items: Value[] = new Array(count);
  for (let i = 0; i < count; i++) {
    need(4, pos);
    const len = view.getInt32(pos);
    pos += 4;
    if (len === -1) {
      items[i] = null;
      continue;
    }
    if (len < 0) throw Errors.invalidBinaryRepresentation(`insufficient data left in message`);
    need(len, pos);
    items[i] = decode(bytes.subarray(pos, pos + len));
    pos += len;
  }
  if (pos !== bytes.length) throw Errors.invalidBinaryRepresentation('incorrect binary data format');
  return new PgArray(elemKalam, items, dims, lbounds);
}
