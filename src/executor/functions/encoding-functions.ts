/**
 * Text ↔ bytes: encode/decode (hex, base64, escape, with PostgreSQL's errors and its 76-column
 * base64 lines), convert_to/convert_from for UTF8, LATIN1 and SQL_ASCII, and the digests.
 */
import { createHash } from 'node:crypto';
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';

const bytes = (v: Value) => v as Uint8Array;
const text = (v: Value) => v as string;

function badParam(message: string, hint?: string): SqlError {
  return new SqlError('22023', message, hint === undefined ? {} : { hint });
}

function encodeEscape(b: Uint8Array): string {
  let out = '';
  for (const x of b) {
    if (x === 0x5c) out += '\\\\';
    else if (x === 0 || x >= 0x80) out += `\\${x.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(x);
  }
  return out;
}

function decodeEscape(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  const isOct = (c: number | undefined, max: number) => c !== undefined && c >= 0x30 && c <= max;
  for (let i = 0; i < src.length;) {
    if (src[i] !== 0x5c) { out.push(src[i++]!); continue; }
    if (isOct(src[i + 1], 0x33) && isOct(src[i + 2], 0x37) && isOct(src[i + 3], 0x37)) {
      out.push(((src[i + 1]! - 0x30) << 6) | ((src[i + 2]! - 0x30) << 3) | (src[i + 3]! - 0x30));
      i += 4;
    } else if (src[i + 1] === 0x5c) {
      out.push(0x5c);
      i += 2;
    } else {
      throw new SqlError('22P02', 'invalid input syntax for type bytea');
    }
  }
  return Uint8Array.from(out);
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function decodeHex(s: string): Uint8Array {
  const out: number[] = [];
  const cs = Array.from(s);
  const digit = (c: string) => {
    const v = /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1;
    if (v < 0) throw badParam(`invalid hexadecimal digit: "${c}"`);
    return v;
  };
  for (let i = 0; i < cs.length;) {
    if (WHITESPACE.has(cs[i]!)) { i++; continue; }
    const hi = digit(cs[i]!);
    if (i + 1 >= cs.length) throw badParam('invalid hexadecimal data: odd number of digits');
    out.push((hi << 4) | digit(cs[i + 1]!));
    i += 2;
  }
  return Uint8Array.from(out);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** pg_base64_decode, including its tolerance of whitespace and its errors. */
function decodeBase64(s: string): Uint8Array {
  const out: number[] = [];
  let buf = 0;
  let pos = 0;
  let end = 0;
  for (const c of s) {
    if (WHITESPACE.has(c)) continue;
    let b = 0;
    if (c === '=') {
      if (end === 0) {
        if (pos === 2) end = 1;
        else if (pos === 3) end = 2;
        else throw badParam('unexpected "=" while decoding base64 sequence');
      }
    } else {
      b = B64.indexOf(c);
      if (b < 0) throw badParam(`invalid symbol "${c}" found while decoding base64 sequence`);
    }
    buf = (buf << 6) + b;
    if (++pos === 4) {
      out.push((buf >> 16) & 255);
      if (end === 0 || end > 1) out.push((buf >> 8) & 255);
      if (end === 0 || end > 2) out.push(buf & 255);
      buf = 0;
      pos = 0;
    }
  }
  if (pos !== 0) {
    throw badParam('invalid base64 end sequence', 'Input data is missing padding, is truncated, or is otherwise corrupted.');
  }
  return Uint8Array.from(out);
}

/** PostgreSQL breaks base64 output into lines of 76 characters. */
function encodeBase64(b: Uint8Array): string {
  const flat = Buffer.from(b).toString('base64');
  return flat.replace(/(.{76})(?=.)/g, '$1\n');
}

function encoding(name: string): string {
  const f = name.toLowerCase();
  if (f !== 'hex' && f !== 'base64' && f !== 'escape') throw badParam(`unrecognized encoding: "${name}"`);
  return f;
}

registerFunction('encode', overload([T.bytea, T.text], T.text, (a) => {
  const b = bytes(a[0]);
  switch (encoding(text(a[1]))) {
    case 'hex': return Buffer.from(b).toString('hex');
    case 'base64': return encodeBase64(b);
    default: return encodeEscape(b);
  }
}));
registerFunction('decode', overload([T.text, T.text], T.bytea, (a) => {
  const s = text(a[0]);
  switch (encoding(text(a[1]))) {
    case 'hex': return decodeHex(s);
    case 'base64': return decodeBase64(s);
    default: return decodeEscape(Buffer.from(s, 'utf8'));
  }
}));

// --- convert_to / convert_from ------------------------------------------------------------------

/** PostgreSQL compares encoding names case-blind, ignoring punctuation ('UTF-8' = 'utf8'). */
function cleanName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const SUPPORTED: Record<string, 'UTF8' | 'LATIN1' | 'SQL_ASCII'> = {
  utf8: 'UTF8', unicode: 'UTF8', latin1: 'LATIN1', iso88591: 'LATIN1', sqlascii: 'SQL_ASCII',
};

const OTHER_ENCODINGS = new Set([
  'euccn', 'eucjp', 'eucjis2004', 'euckr', 'euctw', 'big5', 'gbk', 'gb18030', 'johab', 'sjis', 'shiftjis2004',
  'uhc', 'koi8r', 'koi8u', 'mulecode', 'win866', 'win874', 'win1250', 'win1251', 'win1252', 'win1253',
  'win1254', 'win1255', 'win1256', 'win1257', 'win1258', 'iso885905', 'iso885906', 'iso885907',
  'iso885908', 'iso885915', 'latin2', 'latin3', 'latin4', 'latin5', 'latin6', 'latin7', 'latin8', 'latin9',
  'latin10', 'iso88592', 'iso88593', 'iso88594', 'iso88599', 'iso885910', 'iso885913', 'iso885914',
  'iso885916', 'iso88595', 'iso88596', 'iso88597', 'iso88598', 'alt', 'win', 'koi8', 'tcvn', 'tcvn5712',
  'vscii', 'abc', 'mskanji', 'shiftjis', 'windows932', 'windows936', 'windows949', 'windows950', 'cp932',
  'cp936', 'cp949', 'cp950',
]);

function targetEncoding(name: string, role: 'source' | 'destination'): 'UTF8' | 'LATIN1' | 'SQL_ASCII' {
  const clean = cleanName(name);
  const known = SUPPORTED[clean];
  if (known !== undefined) return known;
  if (OTHER_ENCODINGS.has(clean)) throw new SqlError('0A000', `conversion to or from encoding "${name}" is not supported`);
  throw badParam(`invalid ${role} encoding name "${name}"`);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function invalidUtf8(b: Uint8Array): SqlError {
  let i = 0;
  // Find the first byte that does not start a valid sequence, as PostgreSQL reports it.
  while (i < b.length) {
    const len = b[i]! < 0x80 ? 1 : b[i]! >= 0xf0 ? 4 : b[i]! >= 0xe0 ? 3 : b[i]! >= 0xc2 ? 2 : 0;
    if (len === 0 || i + len > b.length) break;
    try { strictUtf8.decode(b.subarray(i, i + len)); } catch { break; }
    if (b[i] === 0) break;
    i += len;
  }
  const shown = Array.from(b.subarray(i, i + Math.max(1, Math.min(2, b.length - i))))
    .map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(' ');
  return new SqlError('22021', `invalid byte sequence for encoding "UTF8": ${shown}`);
}

function utf8Text(b: Uint8Array): string {
  let s: string;
  try { s = strictUtf8.decode(b); } catch { throw invalidUtf8(b); }
  if (s.includes('\0')) throw invalidUtf8(b);
  return s;
}

registerFunction('convert_to', overload([T.text, T.name], T.bytea, (a) => {
  const s = text(a[0]);
  const enc = targetEncoding(text(a[1]), 'destination');
  if (enc !== 'LATIN1') return new Uint8Array(Buffer.from(s, 'utf8'));
  for (const ch of s) {
    if (ch.codePointAt(0)! > 0xff) {
      const seq = Array.from(Buffer.from(ch, 'utf8')).map((x) => `0x${x.toString(16)}`).join(' ');
      throw new SqlError('22P05', `character with byte sequence ${seq} in encoding "UTF8" has no equivalent in encoding "LATIN1"`);
    }
  }
  return new Uint8Array(Buffer.from(s, 'latin1'));
}, { volatility: 'stable' }));
registerFunction('convert_from', overload([T.bytea, T.name], T.text, (a) => {
  const b = bytes(a[0]);
  const enc = targetEncoding(text(a[1]), 'source');
  if (enc === 'LATIN1') {
    if (b.includes(0)) throw new SqlError('22021', 'invalid byte sequence for encoding "LATIN1": 0x00');
    return Buffer.from(b).toString('latin1');
  }
  return utf8Text(b);
}, { volatility: 'stable' }));

// --- digests ------------------------------------------------------------------------------------

registerFunction('md5', overload([T.bytea], T.text, (a) => createHash('md5').update(bytes(a[0])).digest('hex')));
for (const bits of [224, 256, 384, 512]) {
  registerFunction(`sha${bits}`, overload([T.bytea], T.bytea, (a) =>
    new Uint8Array(createHash(`sha${bits}`).update(bytes(a[0])).digest())));
}
