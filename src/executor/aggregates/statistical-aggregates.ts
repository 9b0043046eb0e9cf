/**
 * var_pop, var_samp (variance), stddev_pop, stddev_samp (stddev), computed as PostgreSQL does so
 * the digits match:
 *
 * - integer and numeric input → numeric: exact sums N, Σx, Σx² and then
 *   (N·Σx² − (Σx)²) / (N·(N−1) or N²) divided at select_div_scale's scale, the square root taken
 *   at that same scale (numeric_stddev_internal).
 * - real and double precision input → double precision: the Youngs-Cramer running sums
 *   (float8_accum), Sxx / (N−1 or N).
 */
import { Errors } from '../../errors/sql-error.js';
import type { ColumnType } from '../../types/kalam-type.js';
import { numericDiv, numericMul, numericSqrtAtScale, numericSub } from '../../types/numeric.js';
import { finite, formatDec, parseDec, pow10 } from '../../types/numeric-value.js';
import { PgOid } from '../../types/pg-oids.js';
import { T, baseType } from '../../binder/expr/expr-types.js';
import type { AggregateDefinition, AggregateFunction, ResolvedAggregate } from './aggregate-function.js';

interface Kind {
  readonly name: string;
  readonly sample: boolean;
  readonly root: boolean;
}

const KINDS: readonly Kind[] = [
  { name: 'var_pop', sample: false, root: false },
  { name: 'var_samp', sample: true, root: false },
  { name: 'variance', sample: true, root: false },
  { name: 'stddev_pop', sample: false, root: true },
  { name: 'stddev_samp', sample: true, root: true },
  { name: 'stddev', sample: true, root: true },
];

/**
 * Exact sums: Σx and Σx² as unscaled integers at `scale` and `2·scale` fraction digits (the
 * largest scale seen, as numeric addition keeps). `special` records NaN / ±Infinity inputs,
 * which make the result NaN.
 */
interface NumericSums { n: number; sx: bigint; sxx: bigint; scale: number; special: boolean }

function numericStat(kind: Kind, integerInput: boolean): AggregateFunction<NumericSums> {
  return {
    name: kind.name, resultType: T.numeric, strict: true,
    init: () => ({ n: 0, sx: 0n, sxx: 0n, scale: 0, special: false }),
    step: (s, [v]) => {
      let x: bigint;
      if (integerInput) {
        x = BigInt(v as number | bigint);
      } else {
        const d = parseDec(v as string);
        if (d.kind !== 'finite') {
          s.special = true;
          return s;
        }
        if (d.scale > s.scale) {
          s.sx *= pow10(d.scale - s.scale);
          s.sxx *= pow10(2 * (d.scale - s.scale));
          s.scale = d.scale;
        }
        x = d.unscaled * pow10(s.scale - d.scale);
      }
      s.n++;
      s.sx += x;
      s.sxx += x * x;
      return s;
    },
    final: (s) => {
      if (s.special) return 'NaN';
      if (s.n <= (kind.sample ? 1 : 0)) return null;
      const n = String(s.n);
      const sx = formatDec(finite(s.sx, s.scale));
      const sxx = formatDec(finite(s.sxx, 2 * s.scale));
      const numerator = numericSub(numericMul(n, sxx), numericMul(sx, sx));
      // Roundoff cannot happen with exact sums, but PostgreSQL answers a plain 0 here.
      if (numerator.startsWith('-') || /^[0.]+$/.test(numerator)) return '0';
      const denominator = kind.sample ? String(s.n * (s.n - 1)) : String(s.n * s.n);
      const variance = numericDiv(numerator, denominator);
      if (!kind.root) return variance;
      const dot = variance.indexOf('.');
      return numericSqrtAtScale(variance, dot < 0 ? 0 : variance.length - dot - 1);
    },
  };
}

interface FloatSums { n: number; sx: number; sxx: number }

function floatStat(kind: Kind): AggregateFunction<FloatSums> {
  return {
    name: kind.name, resultType: T.float8, strict: true,
    init: () => ({ n: 0, sx: 0, sxx: 0 }),
    step: (s, [v]) => {
      const x = v as number;
      const before = s.n;
      const sxBefore = s.sx;
      s.n++;
      s.sx += x;
      if (before > 0) {
        const tmp = x * s.n - s.sx;
        s.sxx += (tmp * tmp) / (s.n * before);
        if (!Number.isFinite(s.sx) || !Number.isFinite(s.sxx)) {
          if (Number.isFinite(sxBefore) && Number.isFinite(x)) throw Errors.numericOutOfRange('value out of range: overflow');
          s.sxx = NaN;
        }
      } else if (!Number.isFinite(x)) {
        s.sxx = NaN;
      }
      return s;
    },
    final: (s) => {
      if (s.n <= (kind.sample ? 1 : 0)) return null;
      const variance = s.sxx / (kind.sample ? s.n - 1 : s.n);
      return kind.root ? Math.sqrt(variance) : variance;
    },
  };
}

function resolveFor(kind: Kind, t: ColumnType): ResolvedAggregate | null {
  switch (t.oid) {
    case PgOid.INT2: case PgOid.INT4: case PgOid.INT8:
      return { fn: numericStat(kind, true), paramTypes: [baseType(t)] };
    case PgOid.NUMERIC: return { fn: numericStat(kind, false), paramTypes: [T.numeric] };
    case PgOid.FLOAT4: case PgOid.FLOAT8: return { fn: floatStat(kind), paramTypes: [T.float8] };
    default: return null;
  }
}

export const STATISTICAL_AGGREGATES: readonly AggregateDefinition[] = KINDS.map((kind) => ({
  name: kind.name,
  unknownArgument: T.float8,
  resolve: (types: readonly ColumnType[]) => (types.length === 1 ? resolveFor(kind, types[0]!) : null),
}));
