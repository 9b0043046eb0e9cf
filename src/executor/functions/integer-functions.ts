/**
 * Integer bit operators (& | # ~ << >>) with C's semantics on int2/int4/int8 — shift counts taken
 * modulo the operand width as x86 does, int2 results cut back to 16 bits — and the number-theory
 * functions: factorial, gcd, lcm (int4, int8 and numeric).
 */
import { Errors } from '../../errors/sql-error.js';
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { type Dec, finite, formatDec, parseDec, pow10 } from '../../types/numeric-value.js';
import { T } from '../../binder/expr/expr-types.js';
import type { BinaryFn } from './arithmetic.js';
import { overload, registerFunction } from './function-registry.js';

export type BitOp = '&' | '|' | '#' | '<<' | '>>';

const int16 = (x: number) => (x << 16) >> 16;

/** The operator on two operands of `kalam` (for shifts, the right one is int4). */
export function bitwiseFor(op: BitOp, kalam: KalamDataType): BinaryFn | null {
  if (kalam === KalamDataType.BIGINT) {
    switch (op) {
      case '&': return (a, b) => (a as bigint) & (b as bigint);
      case '|': return (a, b) => (a as bigint) | (b as bigint);
      case '#': return (a, b) => (a as bigint) ^ (b as bigint);
      case '<<': return (a, b) => BigInt.asIntN(64, (a as bigint) << BigInt((b as number) & 63));
      case '>>': return (a, b) => (a as bigint) >> BigInt((b as number) & 63);
    }
  }
  if (kalam !== KalamDataType.INT && kalam !== KalamDataType.SMALLINT) return null;
  const narrow = kalam === KalamDataType.SMALLINT ? int16 : (x: number) => x;
  switch (op) {
    case '&': return (a, b) => (a as number) & (b as number);
    case '|': return (a, b) => (a as number) | (b as number);
    case '#': return (a, b) => (a as number) ^ (b as number);
    case '<<': return (a, b) => narrow((a as number) << (b as number));
    case '>>': return (a, b) => narrow((a as number) >> (b as number));
  }
}

export function bitwiseNotFor(kalam: KalamDataType): ((a: Value) => Value) | null {
  if (kalam === KalamDataType.BIGINT) return (a) => ~(a as bigint);
  if (kalam === KalamDataType.INT || kalam === KalamDataType.SMALLINT) return (a) => ~(a as number);
  return null;
}

// --- factorial, gcd, lcm ------------------------------------------------------------------------

registerFunction('factorial', overload([T.int8], T.numeric, (a) => {
  const n = a[0] as bigint;
  if (n < 0n) throw Errors.numericOutOfRange('factorial of a negative number is undefined');
  if (n > 32177n) throw Errors.numericOutOfRange('value overflows numeric format');
  let r = 1n;
  for (let i = 2n; i <= n; i++) r *= i;
  return r.toString();
}));

function gcdBig(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function integerGcdLcm(max: bigint, name: string, lcm: boolean) {
  const check = (r: bigint) => {
    if (r > max) throw Errors.numericOutOfRange(`${name} out of range`);
    return r;
  };
  return (x: bigint, y: bigint): bigint => {
    const g = check(gcdBig(x, y));
    if (!lcm) return g;
    if (x === 0n || y === 0n) return 0n;
    const r = (x / g) * y;
    return check(r < 0n ? -r : r);
  };
}

for (const lcm of [false, true]) {
  const name = lcm ? 'lcm' : 'gcd';
  const i4 = integerGcdLcm(2147483647n, 'integer', lcm);
  const i8 = integerGcdLcm(9223372036854775807n, 'bigint', lcm);
  registerFunction(name,
    overload([T.int4, T.int4], T.int4, (a) => Number(i4(BigInt(a[0] as number), BigInt(a[1] as number)))),
    overload([T.int8, T.int8], T.int8, (a) => i8(a[0] as bigint, a[1] as bigint)),
    overload([T.numeric, T.numeric], T.numeric, (a) => numericGcdLcm(a[0] as string, a[1] as string, lcm)));
}

/** gcd/lcm of numerics: exact, at the larger of the two scales; NaN and infinities give NaN. */
function numericGcdLcm(a: string, b: string, lcm: boolean): string {
  const x: Dec = parseDec(a);
  const y: Dec = parseDec(b);
  if (x.kind !== 'finite' || y.kind !== 'finite') return 'NaN';
  const scale = Math.max(x.scale, y.scale);
  const xa = x.unscaled * pow10(scale - x.scale);
  const ya = y.unscaled * pow10(scale - y.scale);
  const g = gcdBig(xa, ya);
  if (!lcm) return formatDec(finite(g, scale));
  if (xa === 0n || ya === 0n) return formatDec(finite(0n, scale));
  const r = (xa / g) * ya;
  return formatDec(finite(r < 0n ? -r : r, scale));
}
