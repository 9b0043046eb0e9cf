/**
 * Arbitrary-precision decimal arithmetic on numeric text, with PostgreSQL's result scales:
 * add/sub → max(scale), mul → sum of scales, div → select_div_scale (at least 16 significant
 * digits), mod → max(scale). Rounding is half away from zero, as numeric's is.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import {
  type Dec, NAN, NEG_INF, POS_INF, digitCount, finite, formatDec, parseDec, pow10, rescale,
} from './numeric-value.js';

type Finite = Extract<Dec, { kind: 'finite' }>;

const NUMERIC_MIN_SIG_DIGITS = 16;
const NUMERIC_MAX_DISPLAY_SCALE = 1000;

function inf(negative: boolean): Dec {
  return negative ? NEG_INF : POS_INF;
}

function sign(d: Dec): number {
  if (d.kind === 'nan') return 0;
  if (d.kind === 'inf') return d.negative ? -1 : 1;
  return d.unscaled < 0n ? -1 : d.unscaled > 0n ? 1 : 0;
}

function align(a: Finite, b: Finite): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.unscaled * pow10(scale - a.scale), b.unscaled * pow10(scale - b.scale), scale];
}

function addDec(a: Dec, b: Dec): Dec {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'inf') return b.kind === 'inf' && b.negative !== a.negative ? NAN : a;
  if (b.kind === 'inf') return b;
  const [x, y, scale] = align(a, b);
  return finite(x + y, scale);
}

function negDec(a: Dec): Dec {
  if (a.kind === 'nan') return a;
  if (a.kind === 'inf') return inf(!a.negative);
  return finite(-a.unscaled, a.scale);
}

function mulDec(a: Dec, b: Dec): Dec {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'inf' || b.kind === 'inf') {
    const s = sign(a) * sign(b);
    return s === 0 ? NAN : inf(s < 0);
  }
  return finite(a.unscaled * b.unscaled, a.scale + b.scale);
}

/** Weight and first digit of a value in PostgreSQL's base-10000 digit form. */
function base10000Lead(d: Finite): { weight: number; first: number } {
  if (d.unscaled === 0n) return { weight: 0, first: 0 };
  const leadExp = digitCount(d.unscaled) - 1 - d.scale;
  const weight = Math.floor(leadExp / 4);
  const shift = 4 * weight + d.scale;
  const abs = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  const first = shift >= 0 ? abs / pow10(shift) : abs * pow10(-shift);
  return { weight, first: Number(first) };
}

/** PostgreSQL's select_div_scale. */
function divScale(a: Finite, b: Finite): number {
  const l1 = base10000Lead(a);
  const l2 = base10000Lead(b);
  let qweight = l1.weight - l2.weight;
  if (l1.first <= l2.first) qweight--;
  let rscale = NUMERIC_MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, NUMERIC_MAX_DISPLAY_SCALE);
}

/** a / b rounded half away from zero to `scale` digits (b ≠ 0). */
function divRound(a: Finite, b: Finite, scale: number): bigint {
  const k = b.scale - a.scale + scale + 1;
  const t = k >= 0 ? (a.unscaled * pow10(k)) / b.unscaled : a.unscaled / (b.unscaled * pow10(-k));
  const r = t % 10n;
  const q = t / 10n;
  if (r >= 5n) return q + 1n;
  if (r <= -5n) return q - 1n;
  return q;
}

function divDec(a: Dec, b: Dec): Dec {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (b.kind === 'finite' && b.unscaled === 0n) throw Errors.divisionByZero();
  if (a.kind === 'inf') return b.kind === 'inf' ? NAN : inf(a.negative !== (sign(b) < 0));
  if (b.kind === 'inf') return finite(0n, 0);
  const scale = divScale(a, b);
  return finite(divRound(a, b, scale), scale);
}

function modDec(a: Dec, b: Dec): Dec {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (b.kind === 'finite' && b.unscaled === 0n) throw Errors.divisionByZero();
  if (a.kind === 'inf') return NAN;
  if (b.kind === 'inf') return a;
  const [x, y, scale] = align(a, b);
  return finite(x % y, scale);
}

export function compareDec(a: Dec, b: Dec): number {
  // NaN sorts above everything (and equals itself); then +Infinity; -Infinity below all.
  if (a.kind === 'nan') return b.kind === 'nan' ? 0 : 1;
  if (b.kind === 'nan') return -1;
  if (a.kind === 'inf' || b.kind === 'inf') {
    const sa = a.kind === 'inf' ? (a.negative ? -2 : 2) : 0;
    const sb = b.kind === 'inf' ? (b.negative ? -2 : 2) : 0;
    if (sa === sb && sa !== 0) return 0;
    if (sa !== 0 || sb !== 0) return sa < sb ? -1 : 1;
  }
  const [x, y] = align(a as Finite, b as Finite);
  return x < y ? -1 : x > y ? 1 : 0;
}

const binary = (op: (a: Dec, b: Dec) => Dec) => (a: string, b: string): string =>
  formatDec(op(parseDec(a), parseDec(b)));

export const numericAdd = binary(addDec);
export const numericSub = binary((a, b) => addDec(a, negDec(b)));
export const numericMul = binary(mulDec);
export const numericDiv = binary(divDec);
export const numericMod = binary(modDec);

export function numericNeg(a: string): string {
  return formatDec(negDec(parseDec(a)));
}

export function numericAbs(a: string): string {
  const d = parseDec(a);
  return formatDec(sign(d) < 0 ? negDec(d) : d);
}

export function numericCompare(a: string, b: string): number {
  return compareDec(parseDec(a), parseDec(b));
}

/** round(numeric, int): half away from zero; a negative scale rounds left of the point. */
export function numericRound(v: string, scale: number): string {
  const d = parseDec(v);
  if (d.kind !== 'finite') return formatDec(d);
  if (scale >= 0) return formatDec(finite(rescale(d, scale), scale));
  return formatDec(finite(rescale(d, scale) * pow10(-scale), 0));
}

/** trunc(numeric, int): toward zero; a negative scale truncates left of the point. */
export function numericTrunc(v: string, scale: number): string {
  const d = parseDec(v);
  if (d.kind !== 'finite') return formatDec(d);
  if (scale >= d.scale) return formatDec(finite(d.unscaled * pow10(scale - d.scale), scale));
  const t = d.unscaled / pow10(d.scale - scale);
  return scale >= 0 ? formatDec(finite(t, scale)) : formatDec(finite(t * pow10(-scale), 0));
}

/**
 * The square root of a finite, non-negative numeric, correctly rounded to `rscale` fraction
 * digits (PostgreSQL's sqrt_var).
 */
export function numericSqrtAtScale(v: string, rscale: number): string {
  const d = parseDec(v);
  if (d.kind !== 'finite' || d.unscaled < 0n) throw new Error(`numericSqrtAtScale of ${v}`);
  // sqrt(u / 10^s) * 10^(rscale+1) = sqrt(u * 10^(2*rscale + 2 - s)), floored, then rounded once.
  const k = 2 * rscale + 2 - d.scale;
  const radicand = k >= 0 ? d.unscaled * pow10(k) : d.unscaled / pow10(-k);
  const x = integerSqrt(radicand);
  return formatDec(finite((x + 5n) / 10n, rscale));
}

/** floor(sqrt(n)) for n ≥ 0. */
function integerSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton steps from the float estimate to the exact integer square root.
  for (;;) {
    const y = (x + n / x) / 2n;
    if (y >= x && x * x <= n && (x + 1n) * (x + 1n) > n) return x;
    x = y === x ? (x * x > n ? x - 1n : x + 1n) : y;
  }
}

/** The canonical text of a numeric input ('1e5' → '100000', '-0.0' → '0.0'); 22P02 on bad syntax. */
export function numericNormalize(v: string): string {
  return formatDec(parseDec(v));
}

/** trim_scale(): drop trailing fraction zeros. */
export function numericTrimScale(v: string): string {
  const d = parseDec(v);
  if (d.kind !== 'finite') return formatDec(d);
  let { unscaled, scale } = d;
  while (scale > 0 && unscaled % 10n === 0n) { unscaled /= 10n; scale--; }
  return formatDec(finite(unscaled, scale));
}

/** float8 → numeric: PostgreSQL keeps DBL_DIG (15) significant digits; float4 passes 6. */
export function numericFromNumber(n: number, significantDigits = 15): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const [mantissa, exponent] = n.toExponential(significantDigits - 1).split('e');
  const trimmed = mantissa!.includes('.') ? mantissa!.replace(/0+$/, '').replace(/\.$/, '') : mantissa!;
  return formatDec(parseDec(`${trimmed}e${exponent}`));
}

export function numericFromBigInt(b: bigint): string {
  return b.toString();
}

/** numeric → float8, as PostgreSQL does it: strtod of the decimal text (correctly rounded). */
export function numericToNumber(v: string): number {
  const d = parseDec(v);
  if (d.kind === 'nan') return NaN;
  if (d.kind === 'inf') return d.negative ? -Infinity : Infinity;
  return Number(formatDec(d));
}

const INT_RANGES = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
} as const;

/** numeric → integer type, rounding half away from zero; 22003 out of range, 0A000 for NaN/Infinity. */
export function numericToInteger(v: string, type: keyof typeof INT_RANGES): bigint {
  const d = parseDec(v);
  if (d.kind === 'nan') throw new SqlError('0A000', `cannot convert NaN to ${type}`);
  if (d.kind === 'inf') throw new SqlError('0A000', `cannot convert infinity to ${type}`);
  const r = rescale(d, 0);
  const [lo, hi] = INT_RANGES[type];
  if (r < lo || r > hi) throw Errors.numericOutOfRange(`${type} out of range`);
  return r;
}

export function numericToBigInt(v: string): bigint {
  return numericToInteger(v, 'bigint');
}

export function numericIsNaN(v: string): boolean {
  return v === 'NaN';
}
