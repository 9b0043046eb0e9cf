/**
 * Rows of a mirror snapshot named by position, so operators can narrow a scan down before any row
 * is built: p ≥ 0 is base row p, p < 0 is extra (delta) row -1 - p. A position list is in key
 * order, the order a RocksDB scan returns.
 */
import type { Value } from '../../types/kalam-type.js';
import { valueAt } from './column-vector.js';
import type { MirrorBase, MirrorSnapshot } from './table-mirror.js';

/** 0 … n-1 for a base read whole, made once per base (never written to). */
const wholeBase = new WeakMap<MirrorBase, Int32Array>();

/** Every live row's position, in key order. Read-only: it may be shared. */
export function livePositions(snap: MirrorSnapshot): Int32Array {
  const { base, dead, extraRows, extraAt } = snap;
  const n = base.keys.count;
  if (dead === null && extraRows.length === 0) {
    let all = wholeBase.get(base);
    if (!all) {
      all = new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      wholeBase.set(base, all);
    }
    return all;
  }
  const out = new Int32Array(n + extraRows.length);
  let m = 0;
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (j < extraRows.length && extraAt[j]! <= i) out[m++] = -1 - j++;
    if (dead === null || dead[i] === 0) out[m++] = i;
  }
  while (j < extraRows.length) out[m++] = -1 - j++;
  return m === out.length ? out : out.subarray(0, m);
}

/** Rows at `positions[from..to)`, each a fresh array in row-engine layout. */
export function rowsAt(snap: MirrorSnapshot, positions: Int32Array, from = 0, to = positions.length): Value[][] {
  const { base, extraRows, width } = snap;
  const out: Value[][] = new Array<Value[]>(to - from);
  for (let k = from; k < to; k++) {
    const p = positions[k]!;
    out[k - from] = p < 0 ? extraRows[-1 - p]!.slice() : new Array<Value>(width);
  }
  for (let c = 0; c < width; c++) {
    const col = base.columns[c]!;
    for (let k = from; k < to; k++) {
      const p = positions[k]!;
      if (p >= 0) out[k - from]![c] = valueAt(col, p);
    }
  }
  return out;
}

/**
 * Fills `row` with the values of position `p` at the slots in `columns` (every slot when null) and
 * returns it — or returns the delta row itself. For reading, never for keeping.
 */
export function readInto(snap: MirrorSnapshot, p: number, row: Value[], columns: readonly number[] | null): readonly Value[] {
  if (p < 0) return snap.extraRows[-1 - p]!;
  const cols = snap.base.columns;
  if (columns === null) for (let c = 0; c < row.length; c++) row[c] = valueAt(cols[c]!, p);
  else for (let k = 0; k < columns.length; k++) row[columns[k]!] = valueAt(cols[columns[k]!]!, p);
  return row;
}
