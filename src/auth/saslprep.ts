/**
 * SASLprep (RFC 4013) as PostgreSQL applies it to SCRAM passwords (src/common/saslprep.c), so a
 * verifier made here matches the one PostgreSQL stores for the same password.
 *
 * PostgreSQL never rejects a password for failing SASLprep: when the string is not valid for the
 * profile it uses the raw bytes instead. We follow that rule. What we do:
 *   - pure ASCII: used unchanged (PostgreSQL's fast path, too);
 *   - map non-ASCII spaces (RFC 3454 C.1.2) to U+0020;
 *   - drop characters "commonly mapped to nothing" (B.1: soft hyphen, zero-width joiners, …);
 *   - normalise with NFKC;
 *   - fall back to the raw password when the result is empty or holds a prohibited character
 *     (controls, private use, surrogates, non-characters, tagging and display-changing chars).
 * What we skip: the unassigned-code-point check (A.1, Unicode 3.2 tables) and the bidirectional
 * rule (RFC 3454 §6). JavaScript's NFKC follows a newer Unicode than PostgreSQL's tables; for
 * assigned characters both agree.
 */

// RFC 3454 B.1: characters commonly mapped to nothing.
const MAPPED_TO_NOTHING =
  /[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g;

// RFC 3454 C.1.2: non-ASCII space characters.
const NON_ASCII_SPACE = /[\u00A0\u1680\u2000-\u200B\u202F\u205F\u3000]/g;

// RFC 3454 C.2–C.9, Basic Multilingual Plane part; code points beyond it are checked by hand.
const PROHIBITED_BMP =
  /[\u0000-\u001F\u007F-\u009F\u0340\u0341\u06DD\u070F\u180E\u200C-\u200F\u2028-\u202E\u2060-\u2063\u206A-\u206F\u2FF0-\u2FFB\uE000-\uF8FF\uFDD0-\uFDEF\uFEFF\uFFF9-\uFFFF]/;

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007F]*$/;

/** The password bytes SCRAM hashes, as PostgreSQL's pg_saslprep would produce them. */
export function saslprep(password: string): Buffer {
  if (ASCII_ONLY.test(password)) return Buffer.from(password, 'utf8');
  const prepared = password.replace(NON_ASCII_SPACE, ' ').replace(MAPPED_TO_NOTHING, '').normalize('NFKC');
  if (prepared.length === 0 || hasProhibited(prepared)) return Buffer.from(password, 'utf8');
  return Buffer.from(prepared, 'utf8');
}

function hasProhibited(s: string): boolean {
  if (PROHIBITED_BMP.test(s)) return true;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return true; // a lone surrogate: not a character at all
    if (cp > 0xffff) {
      if ((cp & 0xfffe) === 0xfffe) return true; // non-characters U+nFFFE, U+nFFFF
      if (cp >= 0xf0000) return true; // private use planes 15 and 16
      if (cp === 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f)) return true; // tagging characters
    }
  }
  return false;
}
