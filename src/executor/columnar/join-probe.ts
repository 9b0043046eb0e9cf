/**
 * An inner hash join whose left input is a mirrored table, run without building its input rows:
 * the right input's rows go into a hash table (keyed by value when the one key allows it, else by
 * the row key string), then each left row is read into one scratch row, its key looked up, and each
 * matching right row copied into the scratch row's right half; the join condition decides, and the
 * pair goes to `sink` — which reads it and keeps nothing. Pairs come in the nested loop's order:
 * left rows in key order, their matches in right-row order.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionContext } from '../session-context.js';
import type { HashJoinShape } from '../query/from-clause.js';
import { valueAt } from './column-vector.js';
import { livePositions } from './positions.js';
import type { MirrorSnapshot } from './table-mirror.js';

const NONE: readonly number[] = Object.freeze([]);

function buckets<K>(rows: readonly Value[][], key: (row: Value[]) => K | null): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const k = key(rows[i]!);
    if (k === null) continue;
    const b = out.get(k);
    if (b) b.push(i);
    else out.set(k, [i]);
  }
  return out;
}

/** Runs the join over `snap` (the left table's), handing each joined row to `sink`. */
export async function probeJoin(
  join: HashJoinShape,
  snap: MirrorSnapshot,
  /** The left slots anything reads (null: all): the others stay NULL in the scratch row. */
  leftColumns: readonly number[] | null,
  ctx: SessionContext,
  ectx: EvalContext,
  slice: number,
  sink: (row: Value[]) => void,
): Promise<void> {
  const right = await join.build(ctx, ectx);
  ectx.stats?.count(join.hashKey, right.length);
  const { keys, leftWidth, width } = join;
  // A condition that is just `key = key` (of a type whose values a Map compares as `=` does) has
  // been decided by the lookup.
  const on = keys.single && keys.wholeCondition ? null : join.on;
  const single = keys.single;
  const table: Map<unknown, number[]> = single
    ? buckets(right, (r) => single.right.eval(r, ectx))
    : buckets(right, (r) => keys.right(r, ectx));
  const positions = livePositions(snap);
  ectx.stats?.count(join.probeKey, positions.length);
  const row: Value[] = new Array<Value>(width).fill(null);
  const cols = snap.base.columns;
  let joined = 0;
  for (let k = 0; k < positions.length; k++) {
    if (k > 0 && k % slice === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      ctx.checkCancel();
    }
    const p = positions[k]!;
    if (p < 0) {
      const extra = snap.extraRows[-1 - p]!;
      for (let c = 0; c < leftWidth; c++) row[c] = extra[c]!;
    } else if (leftColumns === null) for (let c = 0; c < leftWidth; c++) row[c] = valueAt(cols[c]!, p);
    else for (let i = 0; i < leftColumns.length; i++) row[leftColumns[i]!] = valueAt(cols[leftColumns[i]!]!, p);
    const key = single ? single.left.eval(row, ectx) : keys.left(row, ectx);
    const matches = key === null ? NONE : (table.get(key) ?? NONE);
    for (let m = 0; m < matches.length; m++) {
      const r = right[matches[m]!]!;
      for (let c = leftWidth; c < width; c++) row[c] = r[c - leftWidth]!;
      if (on && on.eval(row, ectx) !== true) continue;
      joined++;
      sink(row);
    }
  }
  ectx.stats?.count(join.joinKey, joined);
}
