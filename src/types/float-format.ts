/**
 * float4/float8 text, as PostgreSQL 15 writes and reads it. With extra_float_digits > 0 (the
 * default) output is the shortest text that reads back to the same value (Ryu), printed like
 * `%g`: exponent form when the decimal exponent is < -4 or ≥ 15 (float8) / 6 (float4):
 * 0.1 → '0.1', 1.5e10 → '15000000000', 1e15 → '1e+15', 1e-5 → '1e-05'.
 */
import { Errors } from '../errors/sql-error.js';

const DBL_DIG = 15;
const FLT_DIG = 6;

interface Decimal { digits: string; exponent: number }

function fromExponential(s: string): Decimal {
  const e = s.indexOf('e');
  const digits = s.slice(0, e).replace('.', '').replace(/0+$/, '') || '0';
  return { digits, exponent: Number(s.slice(e + 1)) };
}

function layout(negative: boolean, { digits, exponent }: Decimal, fixedUpTo: number): string {
  let body: string;
  if (exponent < -4 || exponent >= fixedUpTo) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const abs = Math.abs(exponent);
    body = `${mantissa}e${exponent < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  } else if (exponent < 0) {
    body = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length <= exponent + 1) {
    body = digits + '0'.repeat(exponent + 1 - digits.length);
  } else {
    body = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  return negative ? `-${body}` : body;
}

function special(n: number): string | null {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  return null;
}

/** Shortest decimal that reads back (through float32 rounding) as exactly `f`. */
function shortestFloat32(f: number): Decimal {
  for (let p = 1; p <= 9; p++) {
    const exp = f.toExponential(p - 1);
    const e = exp.indexOf('e');
    const m = BigInt(exp.slice(0, e).replace('.', ''));
    const scale = Number(exp.slice(e + 1)) - (p - 1);
    let best: { text: string; distance: number } | null = null;
    for (const candidate of [m, m - 1n, m + 1n]) {
      const text = `${candidate}e${scale}`;
      const value = Number(text);
      if (Math.fround(value) !== f) continue;
      const distance = Math.abs(value - f);
      if (best === null || distance < best.distance) best = { text, distance };
    }
    if (best !== null) return fromExponential(Number(best.text).toExponential());
  }
  return fromExponential(f.toExponential(8));
}

/** float8out. */
export function formatFloat8(n: number, extraFloatDigits = 1): string {
  const s = special(n);
  if (s !== null) return s;
  if (extraFloatDigits > 0) return layout(n < 0, fromExponential(Math.abs(n).toExponential()), DBL_DIG);
  const precision = Math.max(1, DBL_DIG + extraFloatDigits);
  return layout(n < 0, fromExponential(Math.abs(n).toExponential(precision - 1)), precision);
}

/** float4out; `n` must already be a float32 value (Math.fround). */
export function formatFloat4(n: number, extraFloatDigits = 1): string {
  const s = special(n);
  if (s !== null) return s;
  if (extraFloatDigits > 0) return layout(n < 0, shortestFloat32(Math.abs(n)), FLT_DIG);
  const precision = Math.max(1, FLT_DIG + extraFloatDigits);
  return layout(n < 0, fromExponential(Math.abs(n).toExponential(precision - 1)), precision);
}

const FLOAT_RE = /^\s*([+-]?)(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const SPECIAL_RE = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

function parseFloatText(text: string, typeName: string, toType: (n: number) => number): number {
  const m = FLOAT_RE.exec(text);
  if (m === null) {
    const s = SPECIAL_RE.exec(text);
    if (s === null) throw Errors.invalidTextRepresentation(`invalid input syntax for type ${typeName}: "${text}"`);
    if (s[2]!.toLowerCase() === 'nan') return NaN;
    return s[1] === '-' ? -Infinity : Infinity;
  }
  const value = toType(Number(text.trim()));
  const zeroDigits = !/[1-9]/.test(m[2]!);
  if (!Number.isFinite(value) || (value === 0 && !zeroDigits)) {
    throw Errors.numericOutOfRange(`"${text}" is out of range for type ${typeName}`);
  }
  return value;
}

/** float8in. */
export function parseFloat8(text: string): number {
  return parseFloatText(text, 'double precision', (n) => n);
}

/** float4in. */
export function parseFloat4(text: string): number {
  return parseFloatText(text, 'real', Math.fround);
}
