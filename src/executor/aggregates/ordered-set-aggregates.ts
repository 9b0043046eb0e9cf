/**
 * Ordered-set aggregates: `percentile_cont(f) WITHIN GROUP (ORDER BY x)`,
 * `percentile_disc(f) WITHIN GROUP (ORDER BY x)`, `mode() WITHIN GROUP (ORDER BY x)`.
 *
 * They run as ordinary aggregate calls whose arguments are `[x, ...direct arguments]` with an
 * ORDER BY on x: the accumulator sorts the rows, `step` sees them in order and keeps the non-NULL
 * x values, `final` picks the answer (PostgreSQL's orderedsetaggs.c).
 */
import { SqlError } from '../../errors/sql-error.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { T, baseType, isStringType, isUnknownType } from '../../binder/expr/expr-types.js';
import { comparatorForType } from '../functions/comparison.js';
import { arrayTypeOf, isArrayType } from '../../types/array-type.js';
import { isPgArray, type PgArray } from '../../types/pg-array.js';
import type { AggregateFunction } from './aggregate-function.js';

export interface ResolvedOrderedSet {
  readonly fn: AggregateFunction;
  readonly directTypes: readonly ColumnType[];
  readonly orderType: ColumnType;
}

export interface OrderedSetDefinition {
  readonly name: string;
  /** How many direct arguments it takes (the ORDER BY value is one more). */
  readonly directCount: number;
  /** Checks the direct arguments once per group, rows or not (a fraction outside [0, 1] is 22003). */
  readonly checkDirect?: (values: readonly Value[]) => void;
  /** null when no overload takes these direct-argument types and this ORDER BY type. */
  resolve(directTypes: readonly ColumnType[], orderType: ColumnType): ResolvedOrderedSet | null;
}

interface Sorted { values: Value[]; direct: readonly Value[] | null }

function sortedInput(name: string, resultType: ColumnType, final: (s: Sorted) => Value): AggregateFunction<Sorted> {
  return {
    name, resultType, strict: false,
    init: () => ({ values: [], direct: null }),
    step: (s, args) => {
      if (s.direct === null) s.direct = args.slice(1);
      if (args[0] !== null) s.values.push(args[0]!);
      return s;
    },
    final,
  };
}

/** The fraction argument: NULL → null; outside [0, 1] → 22003, as PostgreSQL checks it. */
function fraction(s: Sorted): number | null {
  const p = s.direct?.[0] ?? null;
  if (p === null) return null;
  const f = p as number;
  if (Number.isNaN(f) || f < 0 || f > 1) throw new SqlError('22003', `percentile value ${f} is not between 0 and 1`);
  return f;
}

function contAt(values: readonly Value[], p: number): Value {
  const n = values.length;
  const firstRow = Math.floor(p * (n - 1));
  const secondRow = Math.ceil(p * (n - 1));
  const lo = values[firstRow] as number;
  if (secondRow === firstRow) return lo;
  const hi = values[secondRow] as number;
  return lo + (p * (n - 1) - firstRow) * (hi - lo);
}

function discAt(values: readonly Value[], p: number): Value {
  return values[Math.max(Math.ceil(p * values.length), 1) - 1]!;
}

const percentileCont = (): AggregateFunction<Sorted> => sortedInput('percentile_cont', T.float8, (s) => {
  const p = fraction(s);
  return p === null || s.values.length === 0 ? null : contAt(s.values, p);
});

const percentileDisc = (type: ColumnType): AggregateFunction<Sorted> => sortedInput('percentile_disc', type, (s) => {
  const p = fraction(s);
  return p === null || s.values.length === 0 ? null : discAt(s.values, p);
});

/** One fraction of an array argument: NULL stays NULL; outside [0, 1] is 22003. */
function checkedFraction(v: Value): number | null {
  return fraction({ values: [], direct: [v] });
}

/** The array forms: one answer per fraction, in the fractions' shape (NULL ones stay NULL). */
const percentiles = (name: string, type: ColumnType, at: (values: readonly Value[], p: number) => Value): AggregateFunction<Sorted> =>
  sortedInput(name, arrayTypeOf(type)!, (s) => {
    const ps = (s.direct?.[0] ?? null) as PgArray | null;
    if (ps === null || s.values.length === 0) return null;
    return ps.withItems(ps.items.map((v) => {
      const p = checkedFraction(v);
      return p === null ? null : at(s.values, p);
    }), type.kalam);
  });

/** The most frequent value; of equally frequent ones, the first in ORDER BY order. */
const mode = (type: ColumnType): AggregateFunction<Sorted> => {
  const cmp = comparatorForType(type);
  return sortedInput('mode', type, (s) => {
    let best: Value = null;
    let bestCount = 0;
    let i = 0;
    while (i < s.values.length) {
      let j = i + 1;
      while (j < s.values.length && cmp(s.values[j]!, s.values[i]!) === 0) j++;
      if (j - i > bestCount) {
        best = s.values[i]!;
        bestCount = j - i;
      }
      i = j;
    }
    return best;
  });
};

const FLOAT8_ARRAY = arrayTypeOf(T.float8)!;

/** percentile_*(float8[]): an array of fractions, each checked like the single one. */
function checkFractions(values: readonly Value[]): void {
  const ps = values[0] as PgArray | null;
  if (ps !== null) for (const v of ps.items) checkedFraction(v);
}

/** anyelement: an untyped ORDER BY value has no type to take (42804); varchar and name act as text. */
function anyElement(t: ColumnType): ColumnType {
  if (isUnknownType(t)) throw new SqlError('42804', 'could not determine polymorphic type because input has type unknown');
  return isStringType(t) && t.oid !== PgOid.BPCHAR ? T.text : baseType(t);
}

const DEFINITIONS: readonly OrderedSetDefinition[] = [
  {
    name: 'percentile_cont',
    directCount: 1,
    checkDirect: (values) => (isPgArray(values[0]) ? checkFractions(values) : fraction({ values: [], direct: values })),
    resolve: (direct, order) => {
      if (direct.length !== 1) return null;
      const numeric = [PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8, PgOid.UNKNOWN];
      if (!numeric.includes(order.oid)) return null;
      if (isArrayType(direct[0]!)) return { fn: percentiles('percentile_cont', T.float8, contAt), directTypes: [FLOAT8_ARRAY], orderType: T.float8 };
      return { fn: percentileCont(), directTypes: [T.float8], orderType: T.float8 };
    },
  },
  {
    name: 'percentile_disc',
    directCount: 1,
    checkDirect: (values) => (isPgArray(values[0]) ? checkFractions(values) : fraction({ values: [], direct: values })),
    resolve: (direct, order) => {
      if (direct.length !== 1) return null;
      const type = anyElement(order);
      if (isArrayType(direct[0]!)) {
        if (arrayTypeOf(type) === null) return null;
        return { fn: percentiles('percentile_disc', type, discAt), directTypes: [FLOAT8_ARRAY], orderType: type };
      }
      return { fn: percentileDisc(type), directTypes: [T.float8], orderType: type };
    },
  },
  {
    name: 'mode',
    directCount: 0,
    resolve: (direct, order) => {
      if (direct.length !== 0) return null;
      const type = anyElement(order);
      return { fn: mode(type), directTypes: [], orderType: type };
    },
  },
];

const BY_NAME = new Map(DEFINITIONS.map((d) => [d.name, d]));

export function lookupOrderedSet(name: string): OrderedSetDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}
