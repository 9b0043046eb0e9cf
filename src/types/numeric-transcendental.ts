/**
 * ln, exp, log and non-integer power on numeric, with the result scales PostgreSQL chooses
 * (numeric_ln, numeric_exp, log_var, power_var: about 16 significant digits, at least the inputs'
 * scales) and computed in BigInt fixed point with guard digits, then rounded half away from zero.
 *
 *   ln(10.0) = 2.3025850929940457     2 ^ 0.5 = 1.4142135623730950     log(2, 8) = 3.0000000000000000
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { type Dec, digitCount, finite, formatDec, parseDec, pow10 } from './numeric-value.js';

type Finite = Extract<Dec, { kind: 'finite' }>;

const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const MAX_RESULT_SCALE = 2000;
const GUARD = 12;

const clampScale = (r: number, ...scales: number[]) => Math.min(Math.max(r, ...scales, 0), MAX_DISPLAY_SCALE);

/** Round a fixed-point value with `from` fraction digits to `to` digits, half away from zero. */
function roundTo(x: bigint, from: number, to: number): bigint {
  if (to >= from) return x * pow10(to - from);
  const d = pow10(from - to);
  const q = x / d;
  const r = x % d;
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= d ? (x < 0n ? q - 1n : q + 1n) : q;
}

/** The value of `d` in fixed point with `w` fraction digits (truncated). */
function fixed(d: Finite, w: number): bigint {
  return w >= d.scale ? d.unscaled * pow10(w - d.scale) : d.unscaled / pow10(d.scale - w);
}

/** 2·atanh(z) = ln((1+z)/(1-z)) for a small fixed-point z (w digits). */
function twoAtanh(z: bigint, w: number): bigint {
  const one = pow10(w);
  const z2 = (z * z) / one;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) / one;
  }
  return 2n * sum;
}

const LN2 = new Map<number, bigint>();
function ln2(w: number): bigint {
  let v = LN2.get(w);
  if (v === undefined) { v = twoAtanh(pow10(w) / 3n, w); LN2.set(w, v); }
  return v;
}

/** ln(x) in fixed point with w fraction digits, x > 0. */
function lnFixed(x: Finite, w: number): bigint {
  const wp = w + 10 + String(Math.abs(digitCount(x.unscaled) - x.scale)).length;
  const one = pow10(wp);
  // x = m · 10^e with m in [0.1, 1): ln x = ln m + e·ln 10, ln 10 = 3 ln 2 + ln 1.25.
  const e = digitCount(x.unscaled) - x.scale;
  let mf = fixed(finite(x.unscaled, x.scale + e) as Finite, wp);
  let twos = 0;
  while (mf * 4n < one * 3n) { mf *= 2n; twos++; }
  const r = twoAtanh(((mf - one) * one) / (mf + one), wp);
  const l2 = ln2(wp);
  const ln10 = 3n * l2 + twoAtanh(one / 9n, wp);
  const total = r - BigInt(twos) * l2 + BigInt(e) * ln10;
  return roundTo(total, wp, w);
}

/** exp(y) for fixed-point y (w digits), to `w` fraction digits. */
function expFixed(y: bigint, w: number): bigint {
  const extra = 12;
  const wp = w + extra;
  const one = pow10(wp);
  const yw = y * pow10(extra);
  const l2 = ln2(wp);
  const k = (yw + (yw >= 0n ? l2 / 2n : -l2 / 2n)) / l2;
  let r = yw - k * l2;
  const SQUARINGS = 10;
  r /= 1n << BigInt(SQUARINGS);
  let term = one;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i++) {
    sum += term;
    term = (term * r) / one / i;
  }
  for (let i = 0; i < SQUARINGS; i++) sum = (sum * sum) / one;
  sum = k >= 0n ? sum << k : sum >> -k;
  return roundTo(sum, wp, w);
}

/** estimate_ln_dweight: the decimal weight of ln(x), from x's leading digits. */
function lnWeight(x: Finite): number {
  const v = Number(formatDec(x));
  if (v >= 0.9 && v <= 1.1) {
    const diff = formatDec(finite(x.unscaled - pow10(x.scale), x.scale));
    const d = parseDec(diff) as Finite;
    if (d.unscaled === 0n) return 0;
    return digitCount(d.unscaled) - 1 - d.scale;
  }
  // Leading two base-10000 digits, as PostgreSQL estimates it.
  const lead = digitCount(x.unscaled) - 1 - x.scale;
  const weight = Math.floor(lead / 4);
  const abs = x.unscaled < 0n ? -x.unscaled : x.unscaled;
  const shift = 4 * (weight - 1) + x.scale;
  const digits = Number(shift >= 0 ? abs / pow10(shift) : abs * pow10(-shift));
  const ln = Math.log(digits) + (weight - 1) * 4 * 2.302585092994046;
  return Math.trunc(Math.log10(Math.abs(ln)));
}

function finiteArg(text: string): Dec {
  return parseDec(text);
}

function checkLogArg(d: Dec): void {
  if (d.kind === 'nan') return;
  const negative = d.kind === 'inf' ? d.negative : d.unscaled < 0n;
  if (d.kind === 'finite' && d.unscaled === 0n) throw new SqlError('2201E', 'cannot take logarithm of zero');
  if (negative) throw new SqlError('2201E', 'cannot take logarithm of a negative number');
}

export function numericLn(text: string): string {
  const x = finiteArg(text);
  checkLogArg(x);
  if (x.kind !== 'finite') return formatDec(x);
  const rscale = clampScale(MIN_SIG_DIGITS - lnWeight(x), x.scale);
  return formatDec(finite(roundTo(lnFixed(x, rscale + GUARD), rscale + GUARD, rscale), rscale));
}

/** log(base, x) — also log(x) and log10(x) with base 10. */
export function numericLog(baseText: string, text: string): string {
  const b = finiteArg(baseText);
  const x = finiteArg(text);
  checkLogArg(b);
  checkLogArg(x);
  if (b.kind === 'nan' || x.kind === 'nan') return 'NaN';
  if (b.kind === 'inf' || x.kind === 'inf') {
    if (b.kind === 'inf' && x.kind === 'inf') return 'NaN';
    if (x.kind === 'inf') {
      if (b.kind === 'finite' && b.unscaled === pow10(b.scale)) throw Errors.divisionByZero();
      return Number(formatDec(b)) < 1 ? '-Infinity' : 'Infinity';
    }
    return '0';
  }
  const resultWeight = lnWeight(x) - lnWeight(b);
  const rscale = clampScale(MIN_SIG_DIGITS - resultWeight, b.scale, x.scale);
  const w = rscale + GUARD + Math.max(0, -lnWeight(b)) + Math.max(0, resultWeight);
  const lb = lnFixed(b, w);
  if (lb === 0n) throw Errors.divisionByZero();
  const lx = lnFixed(x, w);
  // lx / lb to rscale digits, rounded half away from zero.
  const q = (lx * pow10(rscale + 1)) / lb;
  const rounded = q >= 0n ? (q + 5n) / 10n : (q - 5n) / 10n;
  return formatDec(finite(rounded, rscale));
}

export function numericExp(text: string): string {
  const x = finiteArg(text);
  if (x.kind === 'nan') return 'NaN';
  if (x.kind === 'inf') return x.negative ? '0' : 'Infinity';
  let val = Number(formatDec(x)) * 0.434294481903252;
  val = Math.min(Math.max(val, -MAX_RESULT_SCALE), MAX_RESULT_SCALE);
  const rscale = clampScale(MIN_SIG_DIGITS - Math.trunc(val), x.scale);
  return formatDec(finite(expRounded(x, rscale), rscale));
}

/** exp(x) rounded to rscale digits; 22003 when it overflows numeric. */
function expRounded(x: Finite, rscale: number): bigint {
  const v = Number(formatDec(x));
  if (Math.abs(v) >= MAX_RESULT_SCALE * 3) {
    if (v > 0) throw Errors.numericOutOfRange('value overflows numeric format');
    return 0n;
  }
  const w = rscale + GUARD + Math.max(0, Math.ceil(v * 0.4343)) + String(Math.abs(Math.trunc(v))).length;
  return roundTo(expFixed(fixed(x, w), w), w, rscale);
}

/** base ^ exp for a non-integer exponent (power_var's general case), base ≥ 0 and finite. */
export function numericPowerReal(base: Finite, exp: Finite): string {
  if (base.unscaled === 0n) return formatDec(finite(0n, MIN_SIG_DIGITS));
  if (base.unscaled < 0n) {
    throw new SqlError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  }
  const lnWeightBase = lnWeight(base);
  const rough = Number(formatDec(exp)) * Math.log(Number(formatDec(base)) || Number.MIN_VALUE);
  const approx = Number.isFinite(rough) ? rough : Number(formatDec(exp)) * lnFixedApprox(base);
  if (Math.abs(approx) > MAX_RESULT_SCALE * 3.01) {
    if (approx > 0) throw Errors.numericOutOfRange('value overflows numeric format');
    return formatDec(finite(0n, MAX_DISPLAY_SCALE));
  }
  const val = approx * 0.434294481903252;
  const rscale = clampScale(MIN_SIG_DIGITS - Math.trunc(val), base.scale, exp.scale);
  const w = rscale + GUARD + Math.max(0, Math.ceil(val)) + Math.max(0, -lnWeightBase)
    + digitCount(exp.unscaled) - exp.scale + 2;
  // y·ln(x) in fixed point with w digits.
  const product = (lnFixed(base, w) * exp.unscaled) / pow10(exp.scale);
  return formatDec(finite(roundTo(expFixed(product, w), w, rscale), rscale));
}

/** ln(x) in double precision for bases outside double range. */
function lnFixedApprox(x: Finite): number {
  const e = digitCount(x.unscaled) - x.scale;
  const m = Number(formatDec(finite(x.unscaled, x.scale + e)));
  return Math.log(m) + e * Math.LN10;
}

