/**
 * "char" (OID 18): one byte, the catalogs' kind codes (relkind 'r', contype 'p'). The value is a
 * string of zero or one character whose code is the byte (0 … 255). As in PostgreSQL 15, input
 * keeps the first byte of its text (`'abc'::"char"` is 'a'; 'é' keeps its first UTF-8 byte) or
 * reads an escape `\ooo`, and output writes bytes with the high bit set as that escape.
 *
 *   SELECT 'é'::"char"  → \303        SELECT 65::"char" → A        SELECT 'a'::"char"::int → 97
 */
import { Errors } from '../errors/sql-error.js';

const utf8 = new TextEncoder();

function firstByte(text: string): string {
  if (text === '') return '';
  const code = text.charCodeAt(0);
  return String.fromCharCode(code < 0x80 ? code : utf8.encode(String.fromCodePoint(text.codePointAt(0)!))[0]!);
}

/** charin. */
export function parseChar(text: string): string {
  if (/^\\[0-3][0-7]{2}$/.test(text)) return String.fromCharCode(parseInt(text.slice(1), 8));
  return firstByte(text);
}

/** charout, and the "char" → text cast (PostgreSQL 15 prints high-bit bytes as \ooo in both). */
export function formatChar(v: string): string {
  const code = v.length === 0 ? 0 : v.charCodeAt(0);
  if (code === 0) return '';
  return code < 0x80 ? v : `\\${code.toString(8).padStart(3, '0')}`;
}

/** text → "char" (an assignment cast): the first byte, no escapes. */
export function charFromText(text: string): string {
  return firstByte(text);
}

/** int4 → "char": -128 … 127, kept as the byte. */
export function charFromInt(n: number): string {
  if (n < -128 || n > 127) throw Errors.numericOutOfRange('"char" out of range');
  return n === 0 ? '' : String.fromCharCode(n & 0xff);
}

/** "char" → int4: the byte read as a signed char. */
export function intFromChar(v: string): number {
  const code = v.length === 0 ? 0 : v.charCodeAt(0);
  return code >= 0x80 ? code - 0x100 : code;
}
