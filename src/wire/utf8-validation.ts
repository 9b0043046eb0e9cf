/**
 * Strings from the client must be valid UTF-8 (server_encoding = client_encoding = UTF8), as
 * PostgreSQL checks with pg_verify_mbstr. The fast check is node:buffer's isUtf8 (simdutf); the
 * slow scan below runs only on failure, to name the bad bytes the way PostgreSQL does.
 */
import { isUtf8 } from 'node:buffer';
import { Errors, type SqlError } from '../errors/sql-error.js';

export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** 22021 `invalid byte sequence for encoding "UTF8": 0xc3 0x28`, naming the first bad character. */
export function invalidUtf8Error(bytes: Uint8Array): SqlError {
  const at = firstInvalidUtf8(bytes);
  const lead = bytes[at] ?? 0;
  const span = Math.min(expectedLength(lead), bytes.length - at);
  const shown: string[] = [];
  for (let i = 0; i < span; i++) shown.push('0x' + bytes[at + i]!.toString(16).padStart(2, '0'));
  return Errors.characterNotInRepertoire(`invalid byte sequence for encoding "UTF8": ${shown.join(' ')}`);
}

/** PostgreSQL's pg_utf_mblen: the length the lead byte announces. */
function expectedLength(lead: number): number {
  if (lead < 0x80) return 1;
  if ((lead & 0xe0) === 0xc0) return 2;
  if ((lead & 0xf0) === 0xe0) return 3;
  if ((lead & 0xf8) === 0xf0) return 4;
  return 1;
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0) return i;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = expectedLength(c);
    if (n === 1 || i + n > b.length) return i;
    const c1 = b[i + 1]!;
    if ((c1 & 0xc0) !== 0x80) return i;
    if (n === 2 && c < 0xc2) return i; // overlong
    if (n === 3) {
      if (c === 0xe0 && c1 < 0xa0) return i; // overlong
      if (c === 0xed && c1 > 0x9f) return i; // surrogate
    }
    if (n === 4) {
      if (c === 0xf0 && c1 < 0x90) return i; // overlong
      if (c > 0xf4 || (c === 0xf4 && c1 > 0x8f)) return i; // beyond U+10FFFF
    }
    for (let k = 2; k < n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n;
  }
  return 0;
}
