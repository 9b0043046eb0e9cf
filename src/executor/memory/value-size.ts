/**
 * What a value or row costs on the V8 heap, estimated cheaply enough to run on every decoded row.
 * Not exact — V8 shares small integers, interns some strings and stores one-byte strings at one
 * byte a character — but of the right order, and never far below: a query is stopped by its
 * memory limit before Node's own heap gives out.
 */
import type { Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';

/** A pointer slot in an array or object. */
export const SLOT_BYTES = 8;
/** An array object with its header and backing store header. */
export const ROW_OVERHEAD = 48;
const STRING_OVERHEAD = 24;
const BIGINT_BYTES = 24;
const OBJECT_OVERHEAD = 40;

export function valueBytes(v: Value): number {
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return SLOT_BYTES;
    case 'string':
      return STRING_OVERHEAD + 2 * v.length;
    case 'bigint':
      return BIGINT_BYTES;
    case 'object':
      if (v === null) return SLOT_BYTES;
      if (v instanceof PgArray) {
        let n = OBJECT_OVERHEAD + ROW_OVERHEAD + SLOT_BYTES * (v.dims.length + v.lbounds.length);
        for (const item of v.items) n += SLOT_BYTES + valueBytes(item);
        return n;
      }
      if (ArrayBuffer.isView(v)) return OBJECT_OVERHEAD + v.byteLength;
      return OBJECT_OVERHEAD + 3 * SLOT_BYTES; // an Interval: months, days, microseconds
    default:
      return SLOT_BYTES;
  }
}

/** A row whose values are its own (decoded from storage, computed). */
export function rowBytes(row: readonly Value[]): number {
  let n = ROW_OVERHEAD;
  for (let i = 0; i < row.length; i++) n += SLOT_BYTES + valueBytes(row[i]!);
  return n;
}

/** A row that only points at values other rows own (a join's concatenation, a projection of columns). */
export function rowOfReferencesBytes(width: number): number {
  return ROW_OVERHEAD + SLOT_BYTES * width;
}

/** A row whose values at `owned` positions are its own (computed) and elsewhere point at others'. */
export function partlyOwnedRowBytes(row: readonly Value[], owned: readonly boolean[]): number {
  let n = ROW_OVERHEAD;
  for (let i = 0; i < row.length; i++) n += owned[i] ? SLOT_BYTES + valueBytes(row[i]!) : SLOT_BYTES;
  return n;
}

/** A string key (DISTINCT, GROUP BY, set operations) held in a Set or Map. */
export function keyBytes(key: string): number {
  return STRING_OVERHEAD + 2 * key.length + 2 * SLOT_BYTES;
}
