/**
 * The window operator: runs after WHERE / GROUP BY / HAVING and before the select list, DISTINCT,
 * ORDER BY and LIMIT, and appends one value per window call to every row.
 *
 *   input rows ──▶ per distinct (PARTITION BY, ORDER BY): sort, cut into partitions
 *              ──▶ per call on that window: frames (if it needs them), one value per row
 *              ──▶ [...input row, call0, call1, …]   in the order of the last sort
 *
 * The select list reads call i from the row's slot `width - calls + i` (WindowCollector).
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import { rangeDomainFor } from './range-offset.js';
import { prepareFrame, type PreparedFrame } from './window-frame.js';
import type { WindowFunction } from './window-function.js';
import { partitionRows } from './window-partition.js';
import type { WindowSpec } from './window-spec.js';

export interface WindowCall {
  readonly spec: WindowSpec;
  readonly fn: WindowFunction;
}

/** `evaluationOrder`: call indexes in the order their windows are evaluated (see window-order.ts). */
export function runWindows(
  rows: readonly (readonly Value[])[], calls: readonly WindowCall[], evaluationOrder: readonly number[], ectx: EvalContext,
): Value[][] {
  const results: Value[][] = calls.map(() => new Array<Value>(rows.length));
  const bySort = new Map<string, number[]>();
  evaluationOrder.forEach((i) => {
    const c = calls[i]!;
    const list = bySort.get(c.spec.sortIdentity);
    if (list) list.push(i);
    else bySort.set(c.spec.sortIdentity, [i]);
  });
  let order: number[] = rows.map((_, i) => i);
  for (const members of bySort.values()) {
    const spec = calls[members[0]!]!.spec;
    const frames = new Map<number, PreparedFrame>();
    for (const m of members) {
      const call = calls[m]!;
      if (call.fn.usesFrame) frames.set(m, frameOf(call, rows.length > 0, ectx));
    }
    const partitions = partitionRows(rows, order, spec, ectx);
    order = [];
    for (const p of partitions) {
      ectx.checkCancel();
      for (const m of members) {
        const fn = calls[m]!.fn;
        const prepared = frames.get(m);
        const values = fn.evaluate(p, prepared ? prepared.framesOf(p) : null, ectx);
        const target = results[m]!;
        for (let i = 0; i < p.size; i++) target[p.inputIndex[i]!] = values[i]!;
      }
      for (const index of p.inputIndex) order.push(index);
    }
  }
  return order.map((r) => {
    const row = rows[r]!.slice();
    for (const values of results) row.push(values[r]!);
    return row;
  });
}

function frameOf(call: WindowCall, hasRows: boolean, ectx: EvalContext): PreparedFrame {
  const { frame, orderBy } = call.spec;
  const key = orderBy[0];
  const domain = frame.mode === 'range' && key !== undefined ? rangeDomainFor(key.expr.type) : null;
  return prepareFrame(frame, key, domain, ectx, hasRows);
}
