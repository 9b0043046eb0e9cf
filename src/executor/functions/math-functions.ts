/** PostgreSQL's mathematical functions, one overload per numeric type as pg_proc has them. */
import { Errors, SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import {
  numericAbs, numericCompare, numericMod, numericRound, numericSqrtAtScale, numericTrunc,
} from '../../types/numeric.js';
import { parseDec, pow10, formatDec, finite } from '../../types/numeric-value.js';
import { T } from '../../binder/expr/expr-types.js';
import { checkFloat, floatPower, numericPower, arithmeticFor } from './arithmetic.js';
import { numericExp, numericLn, numericLog } from '../../types/numeric-transcendental.js';
import { glibcCbrt } from './glibc-cbrt.js';
import { overload, registerFunction } from './function-registry.js';

const num = (v: Value) => v as number;
const dec = (v: Value) => v as string;

registerFunction('abs',
  overload([T.float8], T.float8, (a) => Math.abs(num(a[0]))),
  overload([T.float4], T.float4, (a) => Math.abs(num(a[0]))),
  overload([T.numeric], T.numeric, (a) => numericAbs(dec(a[0]))),
  overload([T.int8], T.int8, (a) => {
    const v = a[0] as bigint;
    if (v === -(2n ** 63n)) throw Errors.numericOutOfRange('bigint out of range');
    return v < 0n ? -v : v;
  }),
  overload([T.int4], T.int4, (a) => {
    if (a[0] === -2147483648) throw Errors.numericOutOfRange('integer out of range');
    return Math.abs(num(a[0]));
  }),
  overload([T.int2], T.int2, (a) => {
    if (a[0] === -32768) throw Errors.numericOutOfRange('smallint out of range');
    return Math.abs(num(a[0]));
  }));

/** rint(): halves go to the even neighbour, as round(double precision) does. */
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return (r - x === 0.5 && r % 2 !== 0 ? r - 1 : r) + 0 || (x < 0 ? -0 : 0);
}

registerFunction('round',
  overload([T.float8], T.float8, (a) => rint(num(a[0]))),
  overload([T.numeric], T.numeric, (a) => numericRound(dec(a[0]), 0)),
  overload([T.numeric, T.int4], T.numeric, (a) => numericRound(dec(a[0]), num(a[1]))));

function numericCeilFloor(v: string, ceil: boolean): string {
  if (!/^-?\d/.test(v)) return v; // NaN, ±Infinity
  const t = numericTrunc(v, 0);
  if (numericCompare(t, v) === 0) return t;
  const positive = numericCompare(v, '0') > 0;
  if (ceil && positive) return (BigInt(t) + 1n).toString();
  if (!ceil && !positive) return (BigInt(t) - 1n).toString();
  return t;
}

for (const name of ['ceil', 'ceiling']) {
  registerFunction(name,
    overload([T.float8], T.float8, (a) => Math.ceil(num(a[0])) + 0),
    overload([T.numeric], T.numeric, (a) => numericCeilFloor(dec(a[0]), true)));
}
registerFunction('floor',
  overload([T.float8], T.float8, (a) => Math.floor(num(a[0]))),
  overload([T.numeric], T.numeric, (a) => numericCeilFloor(dec(a[0]), false)));
registerFunction('trunc',
  overload([T.float8], T.float8, (a) => Math.trunc(num(a[0]))),
  overload([T.numeric], T.numeric, (a) => numericTrunc(dec(a[0]), 0)),
  overload([T.numeric, T.int4], T.numeric, (a) => numericTrunc(dec(a[0]), num(a[1]))));

/** numeric sqrt with PostgreSQL's result scale (about 16 significant digits), exactly rounded. */
export function numericSqrt(v: string): string {
  const d = parseDec(v);
  if (d.kind === 'nan') return 'NaN';
  if (d.kind === 'inf') {
    if (d.negative) throw new SqlError('2201F', 'cannot take square root of a negative number');
    return 'Infinity';
  }
  if (d.unscaled < 0n) throw new SqlError('2201F', 'cannot take square root of a negative number');
  if (d.unscaled === 0n) return formatDec(finite(0n, Math.max(d.scale, 16)));
  const leadExp = d.unscaled.toString().length - 1 - d.scale;
  const weight = Math.floor(leadExp / 4);
  const sweight = Math.trunc(((weight + 1) * 4) / 2) - 1;
  const rscale = Math.min(Math.max(16 - sweight, d.scale, 0), 1000);
  return numericSqrtAtScale(v, rscale);
}

registerFunction('sqrt',
  overload([T.float8], T.float8, (a) => {
    if (num(a[0]) < 0) throw new SqlError('2201F', 'cannot take square root of a negative number');
    return Math.sqrt(num(a[0]));
  }),
  overload([T.numeric], T.numeric, (a) => numericSqrt(dec(a[0]))));
registerFunction('cbrt', overload([T.float8], T.float8, (a) => glibcCbrt(num(a[0]))));
for (const name of ['power', 'pow']) {
  registerFunction(name,
    overload([T.float8, T.float8], T.float8, (a) => floatPower(num(a[0]), num(a[1]))),
    overload([T.numeric, T.numeric], T.numeric, (a) => numericPower(dec(a[0]), dec(a[1]))));
}

function modOverload(type: ColumnType) {
  const fn = arithmeticFor('%', type.kalam)!;
  return overload([type, type], type, (a) => fn(a[0]!, a[1]!));
}
registerFunction('mod', modOverload(T.int2), modOverload(T.int4), modOverload(T.int8),
  overload([T.numeric, T.numeric], T.numeric, (a) => numericMod(dec(a[0]), dec(a[1]))));

registerFunction('sign',
  overload([T.float8], T.float8, (a) => (num(a[0]) > 0 ? 1 : num(a[0]) < 0 ? -1 : Number.isNaN(num(a[0])) ? NaN : 0)),
  overload([T.numeric], T.numeric, (a) => {
    if (dec(a[0]) === 'NaN') return 'NaN';
    return String(numericCompare(dec(a[0]), '0'));
  }));

function logCheck(x: number, what: 'ln' | 'log'): void {
  if (x === 0) throw new SqlError('2201E', `cannot take logarithm of zero`);
  if (x < 0) throw new SqlError('2201E', `cannot take logarithm of a negative number`);
  void what;
}
registerFunction('exp',
  overload([T.float8], T.float8, (a) => checkFloat(Math.exp(num(a[0])), num(a[0]), 1, false)),
  overload([T.numeric], T.numeric, (a) => numericExp(dec(a[0]))));
registerFunction('ln',
  overload([T.float8], T.float8, (a) => { logCheck(num(a[0]), 'ln'); return Math.log(num(a[0])); }),
  overload([T.numeric], T.numeric, (a) => numericLn(dec(a[0]))));
for (const name of ['log', 'log10']) {
  registerFunction(name,
    overload([T.float8], T.float8, (a) => { logCheck(num(a[0]), 'log'); return Math.log10(num(a[0])); }),
    overload([T.numeric], T.numeric, (a) => numericLog('10', dec(a[0]))));
}
registerFunction('log', overload([T.numeric, T.numeric], T.numeric, (a) => numericLog(dec(a[0]), dec(a[1]))));
registerFunction('pi', overload([], T.float8, () => Math.PI));
registerFunction('degrees', overload([T.float8], T.float8, (a) => (num(a[0]) * 180) / Math.PI));
registerFunction('radians', overload([T.float8], T.float8, (a) => (num(a[0]) * Math.PI) / 180));
registerFunction('random', overload([], T.float8, () => Math.random(), { volatility: 'volatile' }));
registerFunction('div', overload([T.numeric, T.numeric], T.numeric, (a) => divTrunc(dec(a[0]), dec(a[1]))));

function divTrunc(a: string, b: string): string {
  const x = parseDec(a);
  const y = parseDec(b);
  if (x.kind !== 'finite' || y.kind !== 'finite') return 'NaN';
  if (y.unscaled === 0n) throw Errors.divisionByZero();
  const scale = Math.max(x.scale, y.scale);
  const xa = x.unscaled * pow10(scale - x.scale);
  const ya = y.unscaled * pow10(scale - y.scale);
  return (xa / ya).toString();
}
