/**
 * Skipping segments and row groups by their min/max statistics, for a conjunction of simple
 * predicates `column op constant` and a primary-key range. Compiled once per scan, then asked per
 * segment (manifest entry) and per row group: "may any row here match?" — false only when none can.
 *
 * Shadowing caveat for merged reads: a predicate on a NON-key column decides which row groups may
 * hold matching *versions*. A newer version in a pruned row group still hides an older matching
 * version elsewhere (an UPDATE that moved `val` out of range): the merge must still see the keys
 * and `_seq` of pruned newer row groups (a projection of just the key columns and `_seq`), or
 * apply such predicates only after merging. Key-range pruning has no such caveat: every version
 * of a key has that key.
 */
import type { TableDefinition } from '../../catalog/table-definition.js';
import { typedComparator } from '../../types/compare.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { DEFAULT_TYPE_CONTEXT } from '../../types/type-context.js';
import { parseText } from '../../types/text-codec.js';
import type { ColumnStats } from './column-stats.js';
import type { SegmentMeta } from './segment-metadata.js';
import type { SegmentColumn } from './segment-schema.js';

export type CompareOp = '=' | '<' | '<=' | '>' | '>=';

/** `column op value`, the column named by its ordinal in the table version being read. */
export interface ColumnPredicate {
  readonly ordinal: number;
  readonly op: CompareOp;
  readonly value: Exclude<Value, null>;
}

export interface KeyBound {
  /** Primary-key values in key order; a prefix of the key is allowed. */
  readonly values: readonly Value[];
  readonly inclusive: boolean;
}

/** A primary-key range; a table without a primary key is keyed by `_seq` (one value). */
export interface KeyRange {
  readonly lower?: KeyBound;
  readonly upper?: KeyBound;
}

/** What stats a segment or a row group offers. */
export interface StatsSource {
  readonly rows: number;
  readonly minSeq: bigint;
  readonly maxSeq: bigint;
  /** The columns as written (type and ordinal). */
  readonly columns: readonly SegmentColumn[];
  readonly stats: ReadonlyMap<number, ColumnStats>;
}

export type Pruner = (src: StatsSource) => boolean;

type Check = (src: StatsSource) => boolean;

/** Compiles predicates (ANDed) and an optional key range over `table` (the version being read). */
export function compilePruner(table: TableDefinition, predicates: readonly ColumnPredicate[], keyRange?: KeyRange): Pruner {
  const checks: Check[] = predicates.map((p) => predicateCheck(table, p));
  if (keyRange !== undefined) checks.push(...keyRangeChecks(table, keyRange));
  return (src) => {
    if (src.rows === 0) return false;
    for (const c of checks) if (!c(src)) return false;
    return true;
  };
}

/** The row groups of a segment that may hold matching rows, ascending. */
export function pruneRowGroups(meta: SegmentMeta, pruner: Pruner): number[] {
  const out: number[] = [];
  meta.rowGroups.forEach((g, i) => {
    if (pruner({ rows: g.rows, minSeq: g.minSeq, maxSeq: g.maxSeq, columns: meta.columns, stats: g.columns })) out.push(i);
  });
  return out;
}

function predicateCheck(table: TableDefinition, p: ColumnPredicate): Check {
  const column = table.columns.find((c) => c.ordinal === p.ordinal);
  if (column === undefined) throw new RangeError(`table ${table.namespace}.${table.name} has no column with ordinal ${p.ordinal}`);
  const cmp = typedComparator(column.type);
  const test = opTest(p.op);
  // A column added after the segment was written reads as its missing value in every row.
  const missing = column.missingValue === undefined ? null : parseText(column.missingValue, column.type, DEFAULT_TYPE_CONTEXT);
  const missingMatches = missing !== null && test(cmp(missing, p.value));
  return (src) => {
    const stored = src.columns.find((c) => c.ordinal === p.ordinal);
    if (stored === undefined) return missingMatches;
    if (!sameType(stored.type, column.type)) return true;
    return boundsMayMatch(src.stats.get(p.ordinal), p.op, p.value, cmp);
  };
}

function keyRangeChecks(table: TableDefinition, range: KeyRange): Check[] {
  const checks: Check[] = [];
  const single = table.primaryKey.length <= 1;
  // Only the leading key column has useful min/max; with more key columns its bounds are widened
  // to inclusive (a lower bound (5, 'x') still admits rows whose first column is 5).
  const bound = (b: KeyBound | undefined, low: boolean): void => {
    if (b === undefined || b.values.length === 0 || b.values[0] === null) return;
    const v = b.values[0]!;
    const inclusive = b.inclusive || !single || b.values.length > 1;
    const op: CompareOp = low ? (inclusive ? '>=' : '>') : (inclusive ? '<=' : '<');
    if (table.primaryKey.length === 0) {
      checks.push((src) => seqMayMatch(src, op, BigInt(v as bigint | number)));
    } else {
      checks.push(predicateCheck(table, { ordinal: table.primaryKey[0]!, op, value: v }));
    }
  };
  bound(range.lower, true);
  bound(range.upper, false);
  return checks;
}

function seqMayMatch(src: StatsSource, op: CompareOp, v: bigint): boolean {
  return boundsMayMatch({ rows: src.rows, nulls: 0, min: src.minSeq, max: src.maxSeq }, op, v, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

type Cmp = (a: Exclude<Value, null>, b: Exclude<Value, null>) => number;

/** May a value in [min, max] satisfy `value' op value`? NULLs never do. */
export function boundsMayMatch(s: ColumnStats | undefined, op: CompareOp, v: Exclude<Value, null>, cmp: Cmp): boolean {
  if (s === undefined) return true;
  if (s.nulls >= s.rows) return false;
  const min = s.min ?? null;
  const max = s.max ?? null;
  switch (op) {
    case '=': return (min === null || cmp(min, v) <= 0) && (max === null || cmp(max, v) >= 0);
    case '<': return min === null || cmp(min, v) < 0;
    case '<=': return min === null || cmp(min, v) <= 0;
    case '>': return max === null || cmp(max, v) > 0;
    case '>=': return max === null || cmp(max, v) >= 0;
  }
}

function opTest(op: CompareOp): (c: number) => boolean {
  switch (op) {
    case '=': return (c) => c === 0;
    case '<': return (c) => c < 0;
    case '<=': return (c) => c <= 0;
    case '>': return (c) => c > 0;
    case '>=': return (c) => c >= 0;
  }
}

function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.kalam === b.kalam && a.oid === b.oid;
}
