/**
 * The two-argument statistics over (Y, X) pairs — corr, covar_pop, covar_samp and the regr_*
 * family — in double precision with PostgreSQL's running sums (float8_regr_accum: Youngs-Cramer
 * extended to two variables), so the digits match. Rows where either argument is NULL are skipped.
 */
import { Errors } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { T } from '../../binder/expr/expr-types.js';
import type { AggregateDefinition, AggregateFunction } from './aggregate-function.js';

interface Sums { n: number; sx: number; sxx: number; sy: number; syy: number; sxy: number }

function accumulate(s: Sums, y: number, x: number): Sums {
  const before = s.n;
  const sxBefore = s.sx;
  const syBefore = s.sy;
  s.n++;
  s.sx += x;
  s.sy += y;
  if (before > 0) {
    const tmpX = x * s.n - s.sx;
    const tmpY = y * s.n - s.sy;
    const scale = 1 / (s.n * before);
    s.sxx += tmpX * tmpX * scale;
    s.syy += tmpY * tmpY * scale;
    s.sxy += tmpX * tmpY * scale;
    const finiteX = Number.isFinite(sxBefore) && Number.isFinite(x);
    const finiteY = Number.isFinite(syBefore) && Number.isFinite(y);
    // An overflow from finite inputs is an error; infinite inputs make the sums NaN.
    if (!Number.isFinite(s.sx) || !Number.isFinite(s.sxx)) {
      if (finiteX) throw Errors.numericOutOfRange('value out of range: overflow');
      s.sxx = NaN;
    }
    if (!Number.isFinite(s.sy) || !Number.isFinite(s.syy)) {
      if (finiteY) throw Errors.numericOutOfRange('value out of range: overflow');
      s.syy = NaN;
    }
    if (!Number.isFinite(s.sxy)) {
      if (finiteX && finiteY) throw Errors.numericOutOfRange('value out of range: overflow');
      s.sxy = NaN;
    }
  } else {
    if (!Number.isFinite(x)) { s.sxx = NaN; s.sxy = NaN; }
    if (!Number.isFinite(y)) { s.syy = NaN; s.sxy = NaN; }
  }
  return s;
}

const FINALS: Record<string, (s: Sums) => Value> = {
  regr_sxx: (s) => (s.n < 1 ? null : s.sxx),
  regr_syy: (s) => (s.n < 1 ? null : s.syy),
  regr_sxy: (s) => (s.n < 1 ? null : s.sxy),
  regr_avgx: (s) => (s.n < 1 ? null : s.sx / s.n),
  regr_avgy: (s) => (s.n < 1 ? null : s.sy / s.n),
  covar_pop: (s) => (s.n < 1 ? null : s.sxy / s.n),
  covar_samp: (s) => (s.n < 2 ? null : s.sxy / (s.n - 1)),
  corr: (s) => (s.n < 1 || s.sxx === 0 || s.syy === 0 ? null : s.sxy / Math.sqrt(s.sxx * s.syy)),
  regr_r2: (s) => {
    if (s.n < 1 || s.sxx === 0) return null;
    if (s.syy === 0) return 1;
    return (s.sxy * s.sxy) / (s.sxx * s.syy);
  },
  regr_slope: (s) => (s.n < 1 || s.sxx === 0 ? null : s.sxy / s.sxx),
  regr_intercept: (s) => (s.n < 1 || s.sxx === 0 ? null : (s.sy - (s.sx * s.sxy) / s.sxx) / s.n),
};

function regression(name: string, final: (s: Sums) => Value, resultType: ColumnType): AggregateFunction<Sums> {
  return {
    name, resultType, strict: true,
    init: () => ({ n: 0, sx: 0, sxx: 0, sy: 0, syy: 0, sxy: 0 }),
    step: (s, [y, x]) => accumulate(s, y as number, x as number),
    final,
  };
}

const regrCount: AggregateFunction<bigint> = {
  name: 'regr_count', resultType: T.int8, strict: true,
  init: () => 0n, step: (n) => n + 1n, final: (n) => n,
};

const NUMBERS = new Set([21, 23, 20, 1700, 700, 701, 705]);

const pairOfNumbers = (types: readonly ColumnType[]): boolean => types.length === 2 && types.every((t) => NUMBERS.has(t.oid));

export const REGRESSION_AGGREGATES: readonly AggregateDefinition[] = [
  ...Object.entries(FINALS).map(([name, final]): AggregateDefinition => ({
    name,
    unknownArgument: T.float8,
    resolve: (types) => (pairOfNumbers(types) ? { fn: regression(name, final, T.float8), paramTypes: [T.float8, T.float8] } : null),
  })),
  {
    name: 'regr_count',
    unknownArgument: T.float8,
    resolve: (types) => (pairOfNumbers(types) ? { fn: regrCount, paramTypes: [T.float8, T.float8] } : null),
  },
];
