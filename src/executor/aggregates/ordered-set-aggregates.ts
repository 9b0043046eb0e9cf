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
import { comparatorFor } from '../functions/comparison.js';
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

const percentileCont = (): AggregateFunction<Sorted> => sortedInput('percentile_cont', T.float8, (s) => {
  const p = fraction(s);
  const n = s.values.length;
  if (p === null || n === 0) return null;
  const firstRow = Math.floor(p * (n - 1));
  const secondRow = Math.ceil(p * (n - 1));
  const lo = s.values[firstRow] as number;
  if (secondRow === firstRow) return lo;
  const hi = s.values[secondRow] as number;
  return lo + (p * (n - 1) - firstRow) * (hi - lo);
});

const percentileDisc = (type: ColumnType): AggregateFunction<Sorted> => sortedInput('percentile_disc', type, (s) => {
  const p = fraction(s);
  const n = s.values.length;
  if (p === null || n === 0) return null;
  const row = Math.ceil(p * n);
  return s.values[Math.max(row, 1) - 1]!;
});

/** The most frequent value; of equally frequent ones, the first in ORDER BY order. */
const mode = (type: ColumnType): AggregateFunction<Sorted> => {
  const cmp = comparatorFor(type.kalam);
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

const ARRAY_OIDS = new Set<number>([PgOid.FLOAT8_ARRAY, PgOid.FLOAT4_ARRAY, PgOid.NUMERIC_ARRAY, PgOid.INT2_ARRAY,
  PgOid.INT4_ARRAY, PgOid.INT8_ARRAY, PgOid.TEXT_ARRAY]);

function notArrays(name: string, directTypes: readonly ColumnType[]): void {
  if (directTypes.some((t) => ARRAY_OIDS.has(t.oid))) {
    throw new SqlError('0A000', `${name} with an array of fractions is not supported yet`);
  }
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
    checkDirect: (values) => fraction({ values: [], direct: values }),
    resolve: (direct, order) => {
      notArrays('percentile_cont', direct);
      if (direct.length !== 1) return null;
      const numeric = [PgOid.INT2, PgOid.INT4, PgOid.INT8, PgOid.NUMERIC, PgOid.FLOAT4, PgOid.FLOAT8, PgOid.UNKNOWN];
      if (!numeric.includes(order.oid)) return null;
      return { fn: percentileCont(), directTypes: [T.float8], orderType: T.float8 };
    },
  },
  {
    name: 'percentile_disc',
    directCount: 1,
    checkDirect: (values) => fraction({ values: [], direct: values }),
    resolve: (direct, order) => {
      notArrays('percentile_disc', direct);
      if (direct.length !== 1) return null;
      const type = anyElement(order);
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
