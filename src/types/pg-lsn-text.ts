/**
 * pg_lsn: a WAL position, an unsigned 64-bit number written as two hexadecimal halves `hi/lo`.
 * The value is a bigint 0 … 2^64-1.
 *
 *   SELECT '0/16B3748'::pg_lsn → 0/16B3748
 */
import { Errors } from '../errors/sql-error.js';

export function parsePgLsn(text: string): bigint {
  const m = /^([0-9a-fA-F]{1,8})\/([0-9a-fA-F]{1,8})$/.exec(text);
  if (m === null) throw Errors.invalidTextRepresentation(`invalid input syntax for type pg_lsn: "${text}"`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatPgLsn(v: bigint): string {
  const hex = (n: bigint) => n.toString(16).toUpperCase();
  return `${hex(v >> 32n)}/${hex(v & 0xffffffffn)}`;
}
