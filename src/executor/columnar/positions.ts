/**
 * Rows of a mirror snapshot named by position, so operators can narrow a scan down before any row
 * is built: p ≥ 0 is base row p, p < 0 is extra (delta) row -1 - p. A position list is in key
 * order, the order a RocksDB scan returns.
 */
import type { Value } from '../../types/kalam-type.js';
import { valueAt } from './column-vector.js';
import type { MirrorSnapshot } from './table-mirror.js';

/** 0 … n-1 for any n up to its length, made once (never written to): a base read whole. */
let identity = new Int32Array(0);

function wholeBase(n: number): Int32Array {
  if (identity.length < n) {
    identity = new Int32Array(Math.max(n, identity.length * 2));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, n);
}

/** Every live row's position, in key order. Read-only: it may be shared. */
export function livePositions(snap: MirrorSnapshot): Int32Array {
  const { base, dead, extraRows, extraAt } = snap;
  const n = base.count;
  if (dead === null && extraRows.length === 0) return wholeBase(n);
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

/**
 * Rows at `positions[from..to)`, each a fresh array in row-engine layout, with the slots in
 * `columns` filled (null: all; the others stay NULL).
 */
export function rowsAt(snap: MirrorSnapshot, positions: Int32Array, from = 0, to = positions.length, columns: readonly number[] | null = null): Value[][] {
  const { base, extraRows, width } = snap;
  const out: Value[][] = new Array<Value[]>(to - from);
  for (let k = from; k < to; k++) {
    const p = positions[k]!;
    out[k - from] = p < 0 ? extraRows[-1 - p]!.slice() : new Array<Value>(width).fill(null);
  }
  for (const c of columns ?? base.columns.keys()) {
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
