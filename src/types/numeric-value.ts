/**
 * The decoded form of a numeric: `unscaled / 10^scale` with BigInt digits, or one of the three
 * special values. The Value form of DECIMAL is PostgreSQL's output text ("1.50", "NaN"), so every
 * operation parses, computes exactly on BigInts, and prints again.
 */
import { Errors } from '../errors/sql-error.js';

export type Dec =
  | { readonly kind: 'finite'; readonly unscaled: bigint; readonly scale: number }
  | { readonly kind: 'nan' }
  | { readonly kind: 'inf'; readonly negative: boolean };

export const NAN: Dec = { kind: 'nan' };
export const POS_INF: Dec = { kind: 'inf', negative: false };
export const NEG_INF: Dec = { kind: 'inf', negative: true };

/** PostgreSQL refuses exponents beyond ±1000 in numeric input. */
const MAX_EXPONENT = 1000;

const POW10: bigint[] = [];
export function pow10(n: number): bigint {
  if (n < 64) {
    let p = POW10[n];
    if (p === undefined) { p = 10n ** BigInt(n); POW10[n] = p; }
    return p;
  }
  return 10n ** BigInt(n);
}

export function finite(unscaled: bigint, scale: number): Dec {
  return { kind: 'finite', unscaled, scale };
}

const NUMBER_RE = /^\s*([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?\s*$/;
const SPECIAL_RE = /^\s*([+-]?)(nan|inf|infinity)\s*$/i;

/** numeric_in: returns null on bad syntax so callers can name the type in the error. */
export function tryParseDec(text: string): Dec | null {
  const m = NUMBER_RE.exec(text);
  if (m === null) {
    const s = SPECIAL_RE.exec(text);
    if (s === null) return null;
    if (s[2]!.toLowerCase() === 'nan') return s[1] === '' ? NAN : null;
    return s[1] === '-' ? NEG_INF : POS_INF;
  }
  const body = m[2]!;
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const fracPart = dot < 0 ? '' : body.slice(dot + 1);
  let scale = fracPart.length;
  if (m[3] !== undefined) {
    const exponent = Number(m[3]);
    if (!Number.isFinite(exponent) || Math.abs(exponent) > MAX_EXPONENT) return null;
    scale -= exponent;
  }
  let unscaled = BigInt(intPart + fracPart || '0');
  if (scale < 0) {
    unscaled *= pow10(-scale);
    scale = 0;
  }
  return finite(m[1] === '-' ? -unscaled : unscaled, scale);
}

export function parseDec(text: string): Dec {
  const d = tryParseDec(text);
  if (d === null) throw Errors.invalidTextRepresentation(`invalid input syntax for type numeric: "${text}"`);
  return d;
}

/** numeric_out: fixed notation with exactly `scale` fraction digits; zero never has a sign. */
export function formatDec(d: Dec): string {
  if (d.kind === 'nan') return 'NaN';
  if (d.kind === 'inf') return d.negative ? '-Infinity' : 'Infinity';
  const negative = d.unscaled < 0n;
  let digits = (negative ? -d.unscaled : d.unscaled).toString();
  if (d.scale > 0) {
    if (digits.length <= d.scale) digits = '0'.repeat(d.scale - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - d.scale)}.${digits.slice(digits.length - d.scale)}`;
  }
  return negative ? `-${digits}` : digits;
}

/** The value with `scale` fraction digits, rounding half away from zero (PostgreSQL's round). */
export function rescale(d: { unscaled: bigint; scale: number }, scale: number): bigint {
  if (scale >= d.scale) return d.unscaled * pow10(scale - d.scale);
  const divisor = pow10(d.scale - scale);
  const q = d.unscaled / divisor;
  const r = d.unscaled % divisor;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= divisor) return d.unscaled < 0n ? q - 1n : q + 1n;
  return q;
}

/** Number of decimal digits in |n| (0 for 0). */
export function digitCount(n: bigint): number {
  if (n === 0n) return 0;
  return (n < 0n ? -n : n).toString().length;
}
