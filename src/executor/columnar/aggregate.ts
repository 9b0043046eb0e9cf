/**
 * GROUP BY over a mirror snapshot's columns: no input row is built. Groups are numbered in one pass
 * over the key columns; then each aggregate call runs over its argument column — count, sum, avg,
 * min and max of numbers in tight loops over the typed arrays, any other plain aggregate through
 * its own step function — and yields the same values, in the same types, as the row path
 * (aggregates/builtin-aggregates.ts), summing in the same (key) order.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { numericDiv } from '../../types/numeric.js';
import type { AggregateFunction } from '../aggregates/aggregate-function.js';
import { groupsByValue, rowKeyFor } from '../query/row-key.js';
import { rowBytes } from '../memory/value-size.js';
import { valueAt, type ColumnVector, type NumberColumn } from './column-vector.js';
import type { MirrorSnapshot } from './table-mirror.js';
import { scratchInts } from './scratch.js';
import { minMax64, sum64 } from './aggregate-int64.js';

/** One aggregate call the columns can serve: a plain call over one bare column, or count(*). */
export interface ColumnarCall {
  readonly fn: AggregateFunction;
  /** The argument's row slot; null for count(*). */
  readonly arg: number | null;
  readonly argType: ColumnType | null;
}

export interface ColumnarGrouping {
  readonly keyColumns: readonly number[];
  readonly keyTypes: readonly ColumnType[];
  readonly calls: readonly ColumnarCall[];
}

const ACCUMULATOR_BYTES = 96;
const INT8_MAX = 2n ** 63n - 1n;

interface Groups {
  /** Group number of each position. */
  readonly of: Int32Array;
  readonly keys: Value[][];
}

function readAt(snap: MirrorSnapshot, col: number, p: number): Value {
  return p < 0 ? snap.extraRows[-1 - p]![col]! : valueAt(snap.base.columns[col]!, p);
}

/** The number at a position of a number column (a delta row's value for p < 0), or null. */
function numberAt(snap: MirrorSnapshot, col: NumberColumn, slot: number, p: number): number | null {
  if (p < 0) return snap.extraRows[-1 - p]![slot] as number | null;
  return col.nulls[p] === 1 ? null : col.values[p]!;
}

/** An int column's smallest and largest value, found once per column (columns never change). */
const ranges = new WeakMap<NumberColumn, { lo: number; hi: number }>();

function rangeOf(col: NumberColumn): { lo: number; hi: number } {
  let r = ranges.get(col);
  if (!r) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < col.values.length; i++) {
      const v = col.values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    ranges.set(col, (r = { lo, hi }));
  }
  return r;
}

function assignGroups(snap: MirrorSnapshot, positions: Int32Array, g: ColumnarGrouping, ectx: EvalContext): Groups {
  const of = scratchInts(positions.length);
  if (g.keyColumns.length === 0) of.fill(0);
  const keys: Value[][] = [];
  const memory = ectx.memory;
  const added = (key: Value[]): number => {
    memory?.charge(rowBytes(key) + ACCUMULATOR_BYTES * g.calls.length);
    keys.push(key);
    return keys.length - 1;
  };
  if (g.keyColumns.length === 0) {
    if (positions.length > 0) added([]);
    return { of, keys };
  }
  if (g.keyColumns.length === 1 && groupsByValue(g.keyTypes[0]!)) {
    const c = g.keyColumns[0]!;
    const col = snap.base.columns[c]!;
    const ids = new Map<Value, number>();
    if (col.kind === 'int' && col.values.length > 0) {
      // Small integer keys (the usual GROUP BY of a category): a lookup table, not a hash.
      const { lo, hi } = rangeOf(col);
      if (hi - lo < 1 << 16) {
        const table = new Int32Array(hi - lo + 1).fill(-1);
        if (snap.extraRows.length === 0 && !col.hasNulls) {
          const values = col.values;
          for (let k = 0; k < positions.length; k++) {
            const slot = values[positions[k]!]! - lo;
            let id = table[slot]!;
            if (id < 0) {
              const v = values[positions[k]!]!;
              id = ids.get(v) ?? (ids.set(v, added([v])), keys.length - 1);
              table[slot] = id;
            }
            of[k] = id;
          }
          return { of, keys };
        }
        let nullGroup = -1;
        for (let k = 0; k < positions.length; k++) {
          const p = positions[k]!;
          if (p < 0) {
            const v = readAt(snap, c, p);
            of[k] = ids.get(v) ?? (ids.set(v, added([v])), keys.length - 1);
            continue;
          }
          if (col.nulls[p] === 1) {
            if (nullGroup < 0) nullGroup = ids.get(null) ?? (ids.set(null, added([null])), keys.length - 1);
            of[k] = nullGroup;
            continue;
          }
          const slot = col.values[p]! - lo;
          let id = table[slot]!;
          if (id < 0) {
            const v = col.values[p]!;
            id = ids.get(v) ?? (ids.set(v, added([v])), keys.length - 1);
            table[slot] = id;
          }
          of[k] = id;
        }
        return { of, keys };
      }
    }
    for (let k = 0; k < positions.length; k++) {
      const v = readAt(snap, c, positions[k]!);
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = added([v])));
      of[k] = id;
    }
    return { of, keys };
  }
  const keyOf = rowKeyFor(g.keyTypes.map((t) => t.kalam));
  const ids = new Map<string, number>();
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    const values = g.keyColumns.map((c) => readAt(snap, c, p));
    const id = keyOf(values);
    let n = ids.get(id);
    if (n === undefined) {
      memory?.chargeKey(id);
      ids.set(id, (n = added(values)));
    }
    of[k] = n;
  }
  return { of, keys };
}

/** The call's result per group. */
function runCall(snap: MirrorSnapshot, positions: Int32Array, groups: Groups, call: ColumnarCall): Value[] {
  const n = groups.keys.length;
  const col = call.arg === null ? null : snap.base.columns[call.arg]!;
  const name = call.fn.name;
  if (name === 'count') return Array.from(countCall(snap, positions, groups, call, col), (c) => BigInt(c));
  if (col !== null && col.kind === 'int64') {
    if (name === 'min' || name === 'max') return minMax64(snap, positions, groups.of, n, col, call.arg!, name === 'max');
    if ((name === 'sum' || name === 'avg') && call.argType!.kalam === KalamDataType.BIGINT) {
      const out = sum64(snap, positions, groups.of, n, col, call.arg!, name === 'avg');
      if (out !== null) return out;
    }
  }
  const numeric = col !== null && (col.kind === 'int' || col.kind === 'float');
  if (numeric) {
    const nc = col as NumberColumn;
    if (name === 'min' || name === 'max') return minMax(snap, positions, groups, nc, call.arg!, name === 'max');
    const t = call.argType!.kalam;
    const exactType = t === KalamDataType.DOUBLE || t === KalamDataType.INT || t === KalamDataType.SMALLINT;
    if ((name === 'sum' || name === 'avg') && exactType) {
      const { sums, counts } = sumCall(snap, positions, groups, nc, call.arg!);
      const out: Value[] = new Array<Value>(n);
      for (let g = 0; g < n; g++) {
        const c = counts[g]!;
        const s = sums[g]!;
        if (c === 0) out[g] = null;
        else if (nc.kind === 'float') {
          // An overflow must fail as the row path fails: let it find out.
          if (name === 'sum' && !Number.isFinite(s)) return stepCall(snap, positions, groups, call);
          // The row path's sum starts at the first value, avg's at 0: they differ only for -0.
          out[g] = name === 'sum' ? s : (s === 0 ? 0 : s) / c;
        } else if (!Number.isSafeInteger(s)) return stepCall(snap, positions, groups, call);
        else if (name === 'sum') {
          const total = BigInt(s);
          if (total > INT8_MAX) return stepCall(snap, positions, groups, call);
          out[g] = total;
        } else out[g] = numericDiv(String(s), String(c));
      }
      return out;
    }
  }
  return stepCall(snap, positions, groups, call);
}

function countCall(snap: MirrorSnapshot, positions: Int32Array, groups: Groups, call: ColumnarCall, col: ColumnVector | null): Float64Array {
  const counts = new Float64Array(groups.keys.length);
  const of = groups.of;
  if (col === null) {
    if (groups.keys.length === 1) counts[0] = positions.length;
    else for (let k = 0; k < positions.length; k++) counts[of[k]!]!++;
    return counts;
  }
  if (col.kind === 'value') {
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k]!;
      if ((p < 0 ? readAt(snap, call.arg!, p) : valueAt(col, p)) !== null) counts[of[k]!]!++;
    }
    return counts;
  }
  // Typed columns say NULL in their flags: no value is made (a text column's string least of all).
  const nulls = col.nulls;
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    if (p < 0 ? readAt(snap, call.arg!, p) !== null : nulls[p] === 0) counts[of[k]!]!++;
  }
  return counts;
}

function sumCall(
  snap: MirrorSnapshot, positions: Int32Array, groups: Groups, col: NumberColumn, slot: number,
): { sums: Float64Array; counts: Float64Array } {
  // -0 + x is x for every x, and -0 alone stays -0: the sum of the first value onwards.
  const sums = new Float64Array(groups.keys.length).fill(-0);
  const counts = new Float64Array(groups.keys.length);
  const { of } = groups;
  if (snap.extraRows.length === 0 && !col.hasNulls) {
    // Every position is a base row with a value: the loop the column path is for.
    const values = col.values;
    if (groups.keys.length === 1) {
      let sum = -0;
      for (let k = 0; k < positions.length; k++) sum += values[positions[k]!]!;
      sums[0] = sum;
      counts[0] = positions.length;
    } else {
      for (let k = 0; k < positions.length; k++) {
        const g = of[k]!;
        sums[g] += values[positions[k]!]!;
        counts[g]!++;
      }
    }
    return { sums, counts };
  }
  for (let k = 0; k < positions.length; k++) {
    const v = numberAt(snap, col, slot, positions[k]!);
    if (v === null) continue;
    const g = of[k]!;
    sums[g] += v;
    counts[g]!++;
  }
  return { sums, counts };
}

/** NaN is above every number (PostgreSQL's float order); of equal values the later one wins. */
function minMax(snap: MirrorSnapshot, positions: Int32Array, groups: Groups, col: NumberColumn, slot: number, max: boolean): Value[] {
  const n = groups.keys.length;
  const best = new Float64Array(n);
  const seen = new Uint8Array(n);
  const { of } = groups;
  if (snap.extraRows.length === 0 && !col.hasNulls) {
    const values = col.values;
    if (max) {
      for (let k = 0; k < positions.length; k++) {
        const v = values[positions[k]!]!;
        const g = of[k]!;
        if (seen[g] === 0 || v >= best[g]! || v !== v) {
          best[g] = v;
          seen[g] = 1;
        }
      }
    } else {
      for (let k = 0; k < positions.length; k++) {
        const v = values[positions[k]!]!;
        const g = of[k]!;
        const b = best[g]!;
        if (seen[g] === 0 || v <= b || (b !== b && v === v) || (v !== v && b !== b)) {
          best[g] = v;
          seen[g] = 1;
        }
      }
    }
  } else for (let k = 0; k < positions.length; k++) {
    const v = numberAt(snap, col, slot, positions[k]!);
    if (v === null) continue;
    const g = of[k]!;
    if (seen[g] === 0) {
      best[g] = v;
      seen[g] = 1;
      continue;
    }
    const b = best[g]!;
    // Ties go to the later value (-0 after 0 wins), NaN is above every number: the row path's rule.
    if (max ? v >= b || v !== v : v <= b || (b !== b && v === v) || (v !== v && b !== b)) best[g] = v;
  }
  const out: Value[] = new Array<Value>(n);
  for (let g = 0; g < n; g++) out[g] = seen[g] === 1 ? best[g]! : null;
  return out;
}

/** Any plain aggregate, through its own transition function. */
function stepCall(snap: MirrorSnapshot, positions: Int32Array, groups: Groups, call: ColumnarCall): Value[] {
  const fn = call.fn;
  const states: unknown[] = groups.keys.map(() => fn.init());
  const { of } = groups;
  for (let k = 0; k < positions.length; k++) {
    const args: Value[] = call.arg === null ? [] : [readAt(snap, call.arg, positions[k]!)];
    if (fn.strict && args[0] === null) continue;
    const g = of[k]!;
    states[g] = fn.step(states[g], args);
  }
  return states.map((s) => fn.final(s));
}

/** Each group's key values and its calls' results, in order of first appearance. */
export function aggregateColumns(
  snap: MirrorSnapshot,
  positions: Int32Array,
  g: ColumnarGrouping,
  ectx: EvalContext,
): { key: Value[]; results: Value[] }[] {
  const groups = assignGroups(snap, positions, g, ectx);
  const perCall = g.calls.map((call) => runCall(snap, positions, groups, call));
  return groups.keys.map((key, i) => ({ key, results: perCall.map((r) => r[i]!) }));
}
