/** PostgreSQL's string functions over text (lengths and positions count characters, not bytes). */
import { createHash } from 'node:crypto';
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { formatText } from '../../types/text-codec.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction, type FunctionOverload } from './function-registry.js';

const s = (v: Value) => v as string;
const n = (v: Value) => v as number;

function charCount(str: string): number {
  let count = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}

function chars(str: string): string[] {
  return Array.from(str);
}

/** The characters from 1-based position `start` for `length` characters (PostgreSQL's text_substr). */
export function substring(str: string, start: number, length?: number): string {
  if (length !== undefined && length < 0) throw new SqlError('22011', 'negative substring length not allowed');
  const cs = chars(str);
  const from = Math.max(start, 1);
  const to = length === undefined ? cs.length + 1 : start + length;
  if (to <= from) return '';
  return cs.slice(from - 1, to - 1).join('');
}

function position(str: string, sub: string): number {
  const i = str.indexOf(sub);
  return i < 0 ? 0 : charCount(str.slice(0, i)) + 1;
}

function trimmer(leading: boolean, trailing: boolean) {
  return (args: readonly Value[]): Value => {
    const cs = chars(s(args[0]));
    const set = new Set(chars(args.length > 1 ? s(args[1]) : ' '));
    let a = 0;
    let b = cs.length;
    if (leading) while (a < b && set.has(cs[a]!)) a++;
    if (trailing) while (b > a && set.has(cs[b - 1]!)) b--;
    return cs.slice(a, b).join('');
  };
}

function left(str: string, k: number): string {
  const cs = chars(str);
  return (k >= 0 ? cs.slice(0, k) : cs.slice(0, Math.max(cs.length + k, 0))).join('');
}

function right(str: string, k: number): string {
  const cs = chars(str);
  return (k >= 0 ? cs.slice(Math.max(cs.length - k, 0)) : cs.slice(Math.min(-k, cs.length))).join('');
}

function splitPart(str: string, delim: string, field: number): string {
  if (field === 0) throw new SqlError('22023', 'field position must not be zero');
  if (delim === '') return field === 1 || field === -1 ? str : '';
  const parts = str.split(delim);
  const i = field > 0 ? field - 1 : parts.length + field;
  return parts[i] ?? '';
}

function pad(str: string, len: number, fill: string, atStart: boolean): string {
  const cs = chars(str);
  if (len <= 0) return '';
  if (cs.length >= len) return cs.slice(0, len).join('');
  const fc = chars(fill);
  if (fc.length === 0) return str;
  const padding: string[] = [];
  for (let i = 0; padding.length < len - cs.length; i++) padding.push(fc[i % fc.length]!);
  return atStart ? padding.join('') + str : str + padding.join('');
}

const text1 = (impl: (a: string) => Value): FunctionOverload => overload([T.text], T.text, (a) => impl(s(a[0])));

// The server's LC_CTYPE is C: case mapping and letter classes cover ASCII only ('é' stays 'é').
const asciiLower = (a: string) => a.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const asciiUpper = (a: string) => a.replace(/[a-z]+/g, (m) => m.toUpperCase());
registerFunction('lower', text1(asciiLower));
registerFunction('upper', text1(asciiUpper));
registerFunction('initcap', text1((a) => asciiLower(a).replace(/(^|[^A-Za-z0-9])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase())));
for (const name of ['length', 'char_length', 'character_length']) {
  registerFunction(name, overload([T.text], T.int4, (a) => charCount(s(a[0]))));
}
registerFunction('length', overload([T.bytea], T.int4, (a) => (a[0] as Uint8Array).length));
// char(n) converts to text without its padding, but octet_length counts it.
registerFunction('octet_length',
  overload([T.text], T.int4, (a) => Buffer.byteLength(s(a[0]), 'utf8')),
  overload([T.bpchar], T.int4, (a) => Buffer.byteLength(s(a[0]), 'utf8')),
  overload([T.bytea], T.int4, (a) => (a[0] as Uint8Array).length));
registerFunction('bit_length',
  overload([T.text], T.int4, (a) => 8 * Buffer.byteLength(s(a[0]), 'utf8')),
  overload([T.bytea], T.int4, (a) => 8 * (a[0] as Uint8Array).length));
for (const name of ['substr', 'substring']) {
  registerFunction(name,
    overload([T.text, T.int4], T.text, (a) => substring(s(a[0]), n(a[1]))),
    overload([T.text, T.int4, T.int4], T.text, (a) => substring(s(a[0]), n(a[1]), n(a[2]))));
}
registerFunction('strpos', overload([T.text, T.text], T.int4, (a) => position(s(a[0]), s(a[1]))));
registerFunction('position', overload([T.text, T.text], T.int4, (a) => position(s(a[0]), s(a[1]))));
registerFunction('btrim', overload([T.text], T.text, trimmer(true, true)), overload([T.text, T.text], T.text, trimmer(true, true)));
registerFunction('ltrim', overload([T.text], T.text, trimmer(true, false)), overload([T.text, T.text], T.text, trimmer(true, false)));
registerFunction('rtrim', overload([T.text], T.text, trimmer(false, true)), overload([T.text, T.text], T.text, trimmer(false, true)));
registerFunction('replace', overload([T.text, T.text, T.text], T.text, (a) =>
  (s(a[1]) === '' ? s(a[0]) : s(a[0]).split(s(a[1])).join(s(a[2])))));
registerFunction('left', overload([T.text, T.int4], T.text, (a) => left(s(a[0]), n(a[1]))));
registerFunction('right', overload([T.text, T.int4], T.text, (a) => right(s(a[0]), n(a[1]))));
registerFunction('repeat', overload([T.text, T.int4], T.text, (a) => (n(a[1]) <= 0 ? '' : s(a[0]).repeat(n(a[1])))));
registerFunction('reverse', text1((a) => chars(a).reverse().join('')));
registerFunction('split_part', overload([T.text, T.text, T.int4], T.text, (a) => splitPart(s(a[0]), s(a[1]), n(a[2]))));
registerFunction('starts_with', overload([T.text, T.text], T.bool, (a) => s(a[0]).startsWith(s(a[1]))));
registerFunction('md5', text1((a) => createHash('md5').update(a, 'utf8').digest('hex')));
registerFunction('lpad',
  overload([T.text, T.int4], T.text, (a) => pad(s(a[0]), n(a[1]), ' ', true)),
  overload([T.text, T.int4, T.text], T.text, (a) => pad(s(a[0]), n(a[1]), s(a[2]), true)));
registerFunction('rpad',
  overload([T.text, T.int4], T.text, (a) => pad(s(a[0]), n(a[1]), ' ', false)),
  overload([T.text, T.int4, T.text], T.text, (a) => pad(s(a[0]), n(a[1]), s(a[2]), false)));
registerFunction('chr', overload([T.int4], T.text, (a) => {
  const c = n(a[0]);
  if (c === 0) throw new SqlError('54000', 'null character not permitted');
  if (c < 0) throw new SqlError('22023', 'character number must be positive');
  if (c > 0x10ffff) throw new SqlError('54000', `requested character too large for encoding: ${c}`);
  if (c >= 0xd800 && c <= 0xdfff) throw new SqlError('54000', `requested character not valid for encoding: ${c}`);
  return String.fromCodePoint(c);
}));

/** translate: each character of `from` becomes the one at its position in `to`, or is dropped. */
function translate(str: string, from: string, to: string): string {
  const f = chars(from);
  const t = chars(to);
  const map = new Map<string, string>();
  f.forEach((c, i) => { if (!map.has(c)) map.set(c, t[i] ?? ''); });
  let out = '';
  for (const c of str) out += map.get(c) ?? c;
  return out;
}
registerFunction('translate', overload([T.text, T.text, T.text], T.text, (a) => translate(s(a[0]), s(a[1]), s(a[2]))));

/** overlay(str PLACING sub FROM start [FOR count]): count defaults to sub's length. */
function overlay(str: string, sub: string, start: number, count: number): string {
  if (start + count > 2147483647 || start + count < -2147483648) throw new SqlError('22003', 'integer out of range');
  return substring(str, 1, start - 1) + sub + substring(str, start + count);
}
registerFunction('overlay',
  overload([T.text, T.text, T.int4, T.int4], T.text, (a) => overlay(s(a[0]), s(a[1]), n(a[2]), n(a[3]))),
  overload([T.text, T.text, T.int4], T.text, (a) => overlay(s(a[0]), s(a[1]), n(a[2]), charCount(s(a[1])))));

registerFunction('to_hex',
  overload([T.int4], T.text, (a) => (n(a[0]) >>> 0).toString(16)),
  overload([T.int8], T.text, (a) => BigInt.asUintN(64, a[0] as bigint).toString(16)));
registerFunction('ascii', overload([T.text], T.int4, (a) => s(a[0]).codePointAt(0) ?? 0));

/** concat/concat_ws: every argument in its text form, NULLs skipped. */
registerFunction('concat', {
  params: [], variadic: 'any', result: T.text, volatility: 'stable', strict: false,
  build: (types) => (args, ctx) => {
    let out = '';
    for (let i = 0; i < args.length; i++) {
      const v = args[i];
      if (v !== null && v !== undefined) out += typeof v === 'string' ? v : formatText(v, types[i]!, ctx.typeCtx);
    }
    return out;
  },
});
registerFunction('concat_ws', {
  params: [T.text], variadic: 'any', result: T.text, volatility: 'stable', strict: false,
  build: (types) => (args, ctx) => {
    const sep = args[0];
    if (sep === null) return null;
    const parts: string[] = [];
    for (let i = 1; i < args.length; i++) {
      const v = args[i];
      if (v !== null && v !== undefined) parts.push(typeof v === 'string' ? v : formatText(v, types[i]!, ctx.typeCtx));
    }
    return parts.join(sep as string);
  },
});
registerFunction('to_char', {
  params: ['any', T.text], result: T.text, volatility: 'stable',
  build: () => { throw new SqlError('0A000', 'to_char is not supported yet'); },
});
