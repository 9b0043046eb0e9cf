/**
 * oid and xid: unsigned 32-bit numbers. oidin is strtoul with a range check, so '-1' is accepted
 * and wraps to 4294967295 as in PostgreSQL; anything below -2147483648 or above 4294967295 is
 * out of range. xidin (PostgreSQL 15) is strtoul with base 0 and no checks at all.
 *
 *   SELECT '-1'::oid → 4294967295      SELECT '4294967296'::oid → 22003     SELECT 'x'::oid → 22P02
 */
import { Errors } from '../errors/sql-error.js';

const UINT32 = 4294967296;
const DECIMAL = /^\s*[+-]?\d+\s*$/;

/** oidin. `typeName` names the type in errors (the reg* types read digits through it too). */
export function parseOid(text: string, typeName = 'oid'): number {
  if (!DECIMAL.test(text)) throw Errors.invalidTextRepresentation(`invalid input syntax for type ${typeName}: "${text}"`);
  const n = Number(text.trim());
  if (n < -2147483648 || n >= UINT32) throw Errors.numericOutOfRange(`value "${text}" is out of range for type ${typeName}`);
  return n < 0 ? n + UINT32 : n;
}

/** xidin: the number strtoul(text, NULL, 0) reads (0x… hex, 0… octal), 0 when none. */
export function parseXid(text: string): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)/.exec(text);
  if (m === null) return 0;
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.length > 1 && digits[0] === '0'
    ? parseInt(digits, 8) : Number(digits);
  const n = m[1] === '-' ? -magnitude : magnitude;
  return ((n % UINT32) + UINT32) % UINT32;
}

/** int2/int4 → oid: the same 32 bits read unsigned (the cast is binary-coercible). */
export function oidFromInt32(n: number): number {
  return n >>> 0;
}

/** int8 → oid: only 0 … 4294967295 (PostgreSQL's int8 → oid function checks). */
export function oidFromInt8(n: bigint): number {
  if (n < 0n || n >= BigInt(UINT32)) throw Errors.numericOutOfRange('OID out of range');
  return Number(n);
}

/** oid → int4: the same 32 bits read signed (binary-coercible, an assignment cast). */
export function int32FromOid(n: number): number {
  return n | 0;
}
