/**
 * count, sum, avg, min, max, bool_and/bool_or/every, string_agg — with PostgreSQL's result types:
 * count → bigint; sum(smallint|integer) → bigint, sum(bigint|numeric) → numeric, sum(real) → real,
 * sum(double) → double; avg(integers|numeric) → numeric, avg(floats) → double; min/max keep the type.
 */
import { isEnumOid } from '../../types/enum-types.js';
import { isArrayType } from '../../types/array-type.js';
import { Errors } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { numericAdd, numericDiv } from '../../types/numeric.js';
import { PgOid } from '../../types/pg-oids.js';
import { Interval, addIntervals, divideInterval } from '../../types/interval.js';
import { T, baseType, isStringType } from '../../binder/expr/expr-types.js';
import { comparatorForType } from '../functions/comparison.js';
import { checkFloat } from '../functions/arithmetic.js';
import { arrayAgg } from './array-agg.js';
import type { AggregateDefinition, AggregateFunction, ResolvedAggregate } from './aggregate-function.js';
import { STATISTICAL_AGGREGATES } from './statistical-aggregates.js';
import { REGRESSION_AGGREGATES } from './regression-aggregates.js';
import { vectorAvgFor, vectorSumFor } from './vector-aggregates.js';
import { lookupOrderedSet } from './ordered-set-aggregates.js';
import { JSON_AGGREGATES } from './json-aggregates.js';

const INT8_MAX = 2n ** 63n - 1n;
const INT8_MIN = -(2n ** 63n);

/** Counted in a JS number (exact far past any row count), no bigint allocated per row. */
export const countStar: AggregateFunction<number> = {
  name: 'count', resultType: T.int8, strict: false,
  init: () => 0, step: (n) => n + 1, final: (n) => BigInt(n),
};

const countValues: AggregateFunction<number> = { ...countStar, strict: true };

/** Exact integer sum: a double while it stays exact, a bigint after. */
interface IntSum { n: number; big: bigint | null; seen: boolean }

function intSum(resultType: ColumnType, bigintInput: boolean): AggregateFunction<IntSum> {
  return {
    name: 'sum', resultType, strict: true,
    init: () => ({ n: 0, big: null, seen: false }),
    step: (s, [v]) => {
      s.seen = true;
      if (!bigintInput && s.big === null) {
        const r = s.n + (v as number);
        if (Number.isSafeInteger(r)) { s.n = r; return s; }
        s.big = BigInt(s.n);
      }
      s.big = (s.big ?? BigInt(s.n)) + (bigintInput ? (v as bigint) : BigInt(v as number));
      return s;
    },
    final: (s) => {
      if (!s.seen) return null;
      const total = s.big ?? BigInt(s.n);
      if (resultType.oid === PgOid.NUMERIC) return total.toString();
      if (total > INT8_MAX || total < INT8_MIN) throw Errors.numericOutOfRange('bigint out of range');
      return total;
    },
  };
}

function floatSum(resultType: ColumnType): AggregateFunction<number | null> {
  const single = resultType.kalam === KalamDataType.FLOAT;
  return {
    name: 'sum', resultType, strict: true,
    init: () => null,
    step: (s, [v]) => (s === null ? (v as number) : checkFloat(s + (v as number), s, v as number, single)),
    final: (s) => s,
  };
}

const numericSum: AggregateFunction<string | null> = {
  name: 'sum', resultType: T.numeric, strict: true,
  init: () => null,
  step: (s, [v]) => (s === null ? (v as string) : numericAdd(s, v as string)),
  final: (s) => s,
};

interface Avg { sum: IntSum | string | number; count: number }

function avgOf(kind: 'int' | 'bigint' | 'numeric' | 'float'): AggregateFunction<Avg> {
  const ints = intSum(T.numeric, kind === 'bigint');
  return {
    name: 'avg', resultType: kind === 'float' ? T.float8 : T.numeric, strict: true,
    init: () => ({ sum: kind === 'numeric' ? '0' : kind === 'float' ? 0 : ints.init(), count: 0 }),
    step: (s, args) => {
      s.count++;
      if (kind === 'numeric') s.sum = numericAdd(s.sum as string, args[0] as string);
      else if (kind === 'float') s.sum = (s.sum as number) + (args[0] as number);
      else ints.step(s.sum as IntSum, args);
      return s;
    },
    final: (s) => {
      if (s.count === 0) return null;
      if (kind === 'float') return (s.sum as number) / s.count;
      const total = kind === 'numeric' ? (s.sum as string) : (ints.final(s.sum as IntSum) as string);
      return numericDiv(total, String(s.count));
    },
  };
}

/**
 * On a tie the later value wins, as in PostgreSQL's transition functions (numeric_smaller,
 * float8larger, …: `a < b ? a : b`): min(numeric) over 1.50 then 1.5 is 1.5, min over 0 then -0 is -0.
 */
function minMax(name: 'min' | 'max', type: ColumnType): AggregateFunction<Value> {
  const cmp = comparatorForType(type);
  const better = name === 'min' ? (c: number) => c <= 0 : (c: number) => c >= 0;
  return {
    name, resultType: type, strict: true,
    init: () => null,
    step: (s, [v]) => (s === null || better(cmp(v!, s)) ? v! : s),
    final: (s) => s,
  };
}

function boolAgg(name: string, and: boolean): AggregateFunction<boolean | null> {
  return {
    name, resultType: T.bool, strict: true,
    init: () => null,
    step: (s, [v]) => (s === null ? (v as boolean) : and ? s && (v as boolean) : s || (v as boolean)),
    final: (s) => s,
  };
}

const stringAgg: AggregateFunction<string | null> = {
  name: 'string_agg', resultType: T.text, strict: false,
  init: () => null,
  step: (s, [v, d]) => {
    if (v === null) return s;
    return s === null ? (v as string) : s + ((d as string | null) ?? '') + (v as string);
  },
  final: (s) => s,
};

/** sum(interval) adds field by field; avg(interval) is that sum divided by the count (interval_div). */
function intervalAgg(name: 'sum' | 'avg'): AggregateFunction<{ sum: Interval; count: number }> {
  return {
    name, resultType: T.interval, strict: true,
    init: () => ({ sum: Interval.ZERO, count: 0 }),
    step: (s, [v]) => {
      s.sum = addIntervals(s.sum, v as Interval);
      s.count++;
      return s;
    },
    final: (s) => (s.count === 0 ? null : name === 'sum' ? s.sum : divideInterval(s.sum, s.count)),
  };
}

const one = (fn: AggregateFunction, param: ColumnType): ResolvedAggregate => ({ fn, paramTypes: [param] });

function sumFor(t: ColumnType): ResolvedAggregate | null {
  switch (t.oid) {
    case PgOid.INT2: case PgOid.INT4: return one(intSum(T.int8, false), baseType(t));
    case PgOid.INT8: return one(intSum(T.numeric, true), T.int8);
    case PgOid.NUMERIC: return one(numericSum, T.numeric);
    case PgOid.FLOAT4: return one(floatSum(T.float4), T.float4);
    case PgOid.FLOAT8: return one(floatSum(T.float8), T.float8);
    case PgOid.VECTOR: return vectorSumFor;
    case PgOid.INTERVAL: return one(intervalAgg('sum'), T.interval);
    default: return null;
  }
}

function avgFor(t: ColumnType): ResolvedAggregate | null {
  switch (t.oid) {
    case PgOid.INT2: case PgOid.INT4: return one(avgOf('int'), baseType(t));
    case PgOid.INT8: return one(avgOf('bigint'), T.int8);
    case PgOid.NUMERIC: return one(avgOf('numeric'), T.numeric);
    case PgOid.FLOAT4: case PgOid.FLOAT8: return one(avgOf('float'), T.float8);
    case PgOid.VECTOR: return vectorAvgFor;
    case PgOid.INTERVAL: return one(intervalAgg('avg'), T.interval);
    default: return null;
  }
}

/**
 * The types PostgreSQL has min/max for, among ours (pg_aggregate): not boolean, bytea, uuid,
 * json/jsonb or vector — those are 42883, as there. varchar and name reach min(text).
 */
const MIN_MAX_TYPES = new Set<number>([PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.FLOAT4, PgOid.FLOAT8, PgOid.NUMERIC,
  PgOid.OID, PgOid.DATE, PgOid.TIME, PgOid.TIMESTAMP, PgOid.TIMESTAMPTZ, PgOid.INTERVAL]);

function minMaxFor(name: 'min' | 'max', t: ColumnType): ResolvedAggregate | null {
  if (isStringType(t)) {
    const type = t.oid === PgOid.BPCHAR ? baseType(t) : T.text;
    return one(minMax(name, type), type);
  }
  // max(anyarray): arrays compare element by element; max(anyenum) by the labels' sort order.
  if (!MIN_MAX_TYPES.has(t.oid) && !isArrayType(t) && !isEnumOid(t.oid)) return null;
  return one(minMax(name, baseType(t)), baseType(t));
}

/** bit_and / bit_or / bit_xor over smallint, integer, bigint: the result keeps the type. */
function bitwiseFor(name: string, t: ColumnType): ResolvedAggregate | null {
  if (t.oid !== PgOid.INT2 && t.oid !== PgOid.INT4 && t.oid !== PgOid.INT8) return null;
  const big = t.oid === PgOid.INT8;
  const op = name === 'bit_and' ? (a: bigint, b: bigint) => a & b : name === 'bit_or' ? (a: bigint, b: bigint) => a | b
    : (a: bigint, b: bigint) => a ^ b;
  const fn: AggregateFunction<bigint | null> = {
    name, resultType: baseType(t), strict: true,
    init: () => null,
    step: (s, [v]) => {
      const x = big ? (v as bigint) : BigInt(v as number);
      return s === null ? x : op(s, x);
    },
    final: (s) => (s === null ? null : big ? s : Number(s)),
  };
  return one(fn, baseType(t));
}

const unary = (
  name: string,
  pick: (t: ColumnType) => ResolvedAggregate | null,
  unknownArgument?: ColumnType | 'ambiguous',
): AggregateDefinition => ({
  name, unknownArgument, resolve: (types) => (types.length === 1 ? pick(types[0]!) : null),
});

const BUILTINS: readonly AggregateDefinition[] = [
  { name: 'count', resolve: (types) => (types.length === 0 ? { fn: countStar, paramTypes: [] } : types.length === 1 ? one(countValues, types[0]!) : null) },
  unary('sum', sumFor, 'ambiguous'),
  unary('avg', avgFor, 'ambiguous'),
  unary('min', (t) => minMaxFor('min', t)),
  unary('max', (t) => minMaxFor('max', t)),
  unary('bool_and', (t) => (t.oid === PgOid.BOOL ? one(boolAgg('bool_and', true), T.bool) : null)),
  unary('every', (t) => (t.oid === PgOid.BOOL ? one(boolAgg('every', true), T.bool) : null)),
  unary('bool_or', (t) => (t.oid === PgOid.BOOL ? one(boolAgg('bool_or', false), T.bool) : null)),
  ...['bit_and', 'bit_or', 'bit_xor'].map((name) => unary(name, (t) => bitwiseFor(name, t), 'ambiguous')),
  ...STATISTICAL_AGGREGATES,
  ...REGRESSION_AGGREGATES,
  {
    name: 'string_agg',
    resolve: (types) => (types.length === 2 && isStringType(types[0]!) && isStringType(types[1]!)
      ? { fn: stringAgg, paramTypes: [T.text, T.text] } : null),
  },
  arrayAgg,
  ...JSON_AGGREGATES,
];

const BY_NAME = new Map(BUILTINS.map((d) => [d.name, d]));

export function lookupAggregate(name: string): AggregateDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** Names PostgreSQL treats as aggregates that we do not run yet (so they fail clearly, not as 42883). */
const UNSUPPORTED = new Set(['xmlagg', 'range_agg', 'range_intersect_agg']);

export function isAggregateName(name: string): boolean {
  const n = name.toLowerCase();
  return BY_NAME.has(n) || UNSUPPORTED.has(n) || lookupOrderedSet(n) !== undefined;
}
