/**
 * The arithmetic operators of PostgreSQL's numeric types, one closure per (operator, type):
 * integers check their range (22003 `integer out of range`), integer division truncates, floats
 * refuse overflow and division by zero, numeric is exact (types/numeric.ts).
 */
import { Errors, SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import {
  numericAdd, numericDiv, numericMod, numericMul, numericNeg, numericSub, numericToNumber, numericRound,
} from '../../types/numeric.js';
import { parseDec, pow10 } from '../../types/numeric-value.js';
import { numericPowerReal } from '../../types/numeric-transcendental.js';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^';
export type BinaryFn = (a: Value, b: Value) => Value;

const INT2 = { min: -32768, max: 32767, name: 'smallint' } as const;
const INT4 = { min: -2147483648, max: 2147483647, name: 'integer' } as const;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function smallInt(range: typeof INT2 | typeof INT4, op: ArithmeticOp): BinaryFn | null {
  const check = (r: number): number => {
    if (r < range.min || r > range.max) throw Errors.numericOutOfRange(`${range.name} out of range`);
    return r;
  };
  switch (op) {
    case '+': return (a, b) => check((a as number) + (b as number));
    case '-': return (a, b) => check((a as number) - (b as number));
    // |a*b| < 2^62 so the double product is exact whenever it is in range.
    case '*': return (a, b) => check((a as number) * (b as number));
    case '/': return (a, b) => {
      if (b === 0) throw Errors.divisionByZero();
      return check(Math.trunc((a as number) / (b as number)));
    };
    case '%': return (a, b) => {
      if (b === 0) throw Errors.divisionByZero();
      return (a as number) % (b as number) + 0; // +0: no negative zero
    };
    default: return null;
  }
}

function bigInt(op: ArithmeticOp): BinaryFn | null {
  const check = (r: bigint): bigint => {
    if (r < INT8_MIN || r > INT8_MAX) throw Errors.numericOutOfRange('bigint out of range');
    return r;
  };
  switch (op) {
    case '+': return (a, b) => check((a as bigint) + (b as bigint));
    case '-': return (a, b) => check((a as bigint) - (b as bigint));
    case '*': return (a, b) => check((a as bigint) * (b as bigint));
    case '/': return (a, b) => {
      if (b === 0n) throw Errors.divisionByZero();
      return check((a as bigint) / (b as bigint));
    };
    case '%': return (a, b) => {
      if (b === 0n) throw Errors.divisionByZero();
      return (a as bigint) % (b as bigint);
    };
    default: return null;
  }
}

/** float8/float4 results: overflow from finite inputs is 22003, as float8pl & co. check it. */
export function checkFloat(r: number, a: number, b: number, single: boolean): number {
  const v = single ? Math.fround(r) : r;
  if (!Number.isFinite(v) && !Number.isNaN(v) && Number.isFinite(a) && Number.isFinite(b)) {
    throw Errors.numericOutOfRange('value out of range: overflow');
  }
  if (v === 0 && r !== 0 && a !== 0 && b !== 0) throw Errors.numericOutOfRange('value out of range: underflow');
  return v;
}

function float(op: ArithmeticOp, single: boolean): BinaryFn | null {
  const f = (fn: (x: number, y: number) => number): BinaryFn =>
    (a, b) => checkFloat(fn(a as number, b as number), a as number, b as number, single);
  switch (op) {
    case '+': return f((x, y) => x + y);
    case '-': return f((x, y) => x - y);
    case '*': return f((x, y) => x * y);
    case '/': return (a, b) => {
      if (b === 0) throw Errors.divisionByZero();
      return checkFloat((a as number) / (b as number), a as number, b as number, single);
    };
    case '^': return (a, b) => floatPower(a as number, b as number);
    default: return null;
  }
}

/** float8 ^ float8 (dpow), with its error cases. */
export function floatPower(x: number, y: number): number {
  if (x === 0 && y < 0) {
    throw new SqlError('2201F', 'zero raised to a negative power is undefined');
  }
  if (x < 0 && !Number.isInteger(y) && Number.isFinite(y)) {
    throw new SqlError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  }
  if (x === 1 || y === 0) return 1; // also for NaN, as POSIX pow does
  return checkFloat(Math.pow(x, y), x, y, false);
}

function numeric(op: ArithmeticOp): BinaryFn | null {
  switch (op) {
    case '+': return (a, b) => numericAdd(a as string, b as string);
    case '-': return (a, b) => numericSub(a as string, b as string);
    case '*': return (a, b) => numericMul(a as string, b as string);
    case '/': return (a, b) => numericDiv(a as string, b as string);
    case '%': return (a, b) => numericMod(a as string, b as string);
    case '^': return (a, b) => numericPower(a as string, b as string);
  }
}

/**
 * numeric ^ numeric (PostgreSQL 15's numeric_power/power_var). Integer exponents multiply exactly
 * and round to max(16, base scale) digits; others go through exp(y·ln x) at the scale power_var
 * picks (numeric-transcendental.ts).
 */
export function numericPower(a: string, b: string): string {
  const x = parseDec(a);
  const y = parseDec(b);
  if (x.kind === 'nan') return y.kind === 'finite' && y.unscaled === 0n ? '1' : 'NaN';
  if (y.kind === 'nan') return x.kind === 'finite' && x.unscaled === pow10(x.scale) ? '1' : 'NaN';
  const signX = x.kind === 'inf' ? (x.negative ? -1 : 1) : Math.sign(Number(x.unscaled));
  const signY = y.kind === 'inf' ? (y.negative ? -1 : 1) : Math.sign(Number(y.unscaled));
  if (signX === 0 && signY < 0) throw new SqlError('2201F', 'zero raised to a negative power is undefined');
  const integral = y.kind === 'finite' && y.unscaled % pow10(y.scale) === 0n;
  if (x.kind === 'inf' || y.kind === 'inf') {
    if (signX < 0 && !integral && y.kind === 'finite') {
      throw new SqlError('2201F', 'a negative number raised to a non-integer power yields a complex result');
    }
    return infinitePower(numericToNumber(a), numericToNumber(b));
  }
  if (integral && y.kind === 'finite') {
    const e = y.unscaled / pow10(y.scale);
    if (e >= -2147483648n && e <= 2147483647n) return integerPower(a, Number(e), Math.max(16, x.scale));
  }
  return numericPowerReal(x, y as Extract<typeof y, { kind: 'finite' }>);
}

/** x^y by squaring; intermediates keep enough fraction digits for a correctly rounded result. */
function integerPower(a: string, y: number, scale: number): string {
  const keep = scale + 24 + String(Math.abs(y)).length;
  const mul = (p: string, q: string) => {
    const r = numericMul(p, q);
    const dot = r.indexOf('.');
    return dot >= 0 && r.length - dot - 1 > keep ? numericRound(r, keep) : r;
  };
  let r = '1';
  let base = a;
  for (let n = Math.abs(y); n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) r = mul(r, base);
    if (n > 1) base = mul(base, base);
    if (r.length > 140000 || base.length > 140000) throw Errors.numericOutOfRange('value overflows numeric format');
  }
  if (y < 0) r = numericDiv('1', r);
  return numericRound(r, scale);
}

/** POSIX pow() rules for infinite operands, as PostgreSQL follows them. */
function infinitePower(x: number, y: number): string {
  if (y === 0 || x === 1) return '1';
  if (Math.abs(x) === 1 && !Number.isFinite(y)) return '1';
  const r = Math.pow(x, y);
  if (r === Infinity) return 'Infinity';
  if (r === -Infinity) return '-Infinity';
  return '0';
}

/** The operator for two operands already converted to `kalam`; null if PostgreSQL has none. */
export function arithmeticFor(op: ArithmeticOp, kalam: KalamDataType): BinaryFn | null {
  switch (kalam) {
    case KalamDataType.SMALLINT: return op === '^' ? null : smallInt(INT2, op);
    case KalamDataType.INT: return op === '^' ? null : smallInt(INT4, op);
    case KalamDataType.BIGINT: return op === '^' ? null : bigInt(op);
    case KalamDataType.FLOAT: return op === '%' ? null : float(op, true);
    case KalamDataType.DOUBLE: return op === '%' ? null : float(op, false);
    case KalamDataType.DECIMAL: return numeric(op);
    default: return null;
  }
}

export function negateFor(kalam: KalamDataType): ((a: Value) => Value) | null {
  switch (kalam) {
    case KalamDataType.SMALLINT: return (a) => { if (a === INT2.min) throw Errors.numericOutOfRange('smallint out of range'); return -(a as number) + 0; };
    case KalamDataType.INT: return (a) => { if (a === INT4.min) throw Errors.numericOutOfRange('integer out of range'); return -(a as number) + 0; };
    case KalamDataType.BIGINT: return (a) => { if (a === INT8_MIN) throw Errors.numericOutOfRange('bigint out of range'); return -(a as bigint); };
    case KalamDataType.FLOAT:
    case KalamDataType.DOUBLE: return (a) => -(a as number);
    case KalamDataType.DECIMAL: return (a) => numericNeg(a as string);
    default: return null;
  }
}
