/**
 * Partitioning and sorting for one window: rows are sorted by PARTITION BY (ascending, as
 * PostgreSQL's sort does) then by the window's ORDER BY — with PostgreSQL's own sort algorithm, so
 * ties come out in its order — and cut where the partition key changes.
 * Within a partition, rows equal on every ORDER BY key are peers; each run of peers is a group.
 *
 *   PARTITION BY d ORDER BY s      d s        partition  group  peerStart peerEnd
 *                                  1 10       0          0      0         2
 *                                  1 10       0          0      0         2
 *                                  1 20       0          1      2         3
 *                                  2  5       1          0      0         1
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { BoundExpr } from '../../binder/expr/bound-expr.js';
import { typedComparator } from '../../types/compare.js';
import type { Value } from '../../types/kalam-type.js';
import { pgQsort } from '../../util/pg-qsort.js';
import type { WindowSpec } from './window-spec.js';

export interface SortedPartition {
  readonly size: number;
  /** The operator's input rows, in window order. */
  readonly rows: readonly (readonly Value[])[];
  /** Each row's index in the operator's input. */
  readonly inputIndex: readonly number[];
  /** Each row's ORDER BY key values (RANGE offsets look at the first). */
  readonly orderValues: readonly (readonly Value[])[];
  /** Per row: the first row of its peer group, one past the last, and the group's number. */
  readonly peerStart: Int32Array;
  readonly peerEnd: Int32Array;
  readonly group: Int32Array;
  /** Per group: its first row; one extra entry holding `size`. */
  readonly groupStart: Int32Array;
}

interface Keyed {
  readonly index: number;
  readonly partition: Value[];
  readonly order: Value[];
}

type Compare = (a: Exclude<Value, null>, b: Exclude<Value, null>) => number;

function compareKey(x: Value, y: Value, compare: Compare, descending: boolean, nullsFirst: boolean): number {
  if (x === null || y === null) {
    if (x === y) return 0;
    return (x === null) === nullsFirst ? -1 : 1;
  }
  const c = compare(x, y);
  return descending ? -c : c;
}

/**
 * `sequence` is the order rows arrive in (the previous window's output order): PostgreSQL's sort
 * is not stable, so where ties land depends on it.
 */
export function partitionRows(
  rows: readonly (readonly Value[])[], sequence: readonly number[], spec: WindowSpec, ectx: EvalContext,
): SortedPartition[] {
  const keyed: Keyed[] = sequence.map((index) => {
    const row = rows[index]!;
    return {
      index,
      partition: spec.partitionBy.map((e) => e.eval(row, ectx)),
      order: spec.orderBy.map((k) => k.expr.eval(row, ectx)),
    };
  });
  const partitionCompare = spec.partitionBy.map((e) => typedComparator(e.type));
  const orderCompare = spec.orderBy.map((k) => typedComparator(k.expr.type));
  const samePartition = (a: Keyed, b: Keyed): number => {
    for (let i = 0; i < spec.partitionBy.length; i++) {
      const c = compareKey(a.partition[i]!, b.partition[i]!, partitionCompare[i]!, false, false);
      if (c !== 0) return c;
    }
    return 0;
  };
  const peerOrder = (a: Keyed, b: Keyed): number => {
    for (let i = 0; i < spec.orderBy.length; i++) {
      const k = spec.orderBy[i]!;
      const c = compareKey(a.order[i]!, b.order[i]!, orderCompare[i]!, k.descending, k.nullsFirst);
      if (c !== 0) return c;
    }
    return 0;
  };
  if (spec.partitionBy.length > 0 || spec.orderBy.length > 0) pgQsort(keyed, (a, b) => samePartition(a, b) || peerOrder(a, b));

  const out: SortedPartition[] = [];
  let from = 0;
  for (let i = 1; i <= keyed.length; i++) {
    if (i === keyed.length || samePartition(keyed[from]!, keyed[i]!) !== 0) {
      out.push(buildPartition(rows, keyed.slice(from, i), peerOrder));
      from = i;
    }
  }
  return out;
}

function buildPartition(rows: readonly (readonly Value[])[], part: readonly Keyed[], peerOrder: (a: Keyed, b: Keyed) => number): SortedPartition {
  const n = part.length;
  const peerStart = new Int32Array(n);
  const peerEnd = new Int32Array(n);
  const group = new Int32Array(n);
  const starts: number[] = [];
  let g = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || peerOrder(part[i - 1]!, part[i]!) !== 0) {
      g++;
      starts.push(i);
    }
    group[i] = g;
    peerStart[i] = starts[g]!;
  }
  starts.push(n);
  for (let i = 0; i < n; i++) peerEnd[i] = starts[group[i]! + 1]!;
  return {
    size: n,
    rows: part.map((k) => rows[k.index]!),
    inputIndex: part.map((k) => k.index),
    orderValues: part.map((k) => k.order),
    peerStart,
    peerEnd,
    group,
    groupStart: Int32Array.from(starts),
  };
}
