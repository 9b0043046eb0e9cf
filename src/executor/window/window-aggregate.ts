/**
 * An aggregate used as a window function (sum(x) OVER w): the aggregate over each row's frame,
 * through the same accumulators GROUP BY uses (FILTER and NULL skipping included).
 *
 * Frames that start at the partition's first row and exclude nothing only grow from row to row
 * (the default frame among them), so one accumulator runs along the partition and is read at
 * each row: O(n). Any other frame is aggregated afresh unless it equals the previous row's.
 */
import type { AggregateCall } from '../../binder/expr/aggregate-collector.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import { AggregateAccumulator } from '../aggregates/aggregate-accumulator.js';
import { frameSegments, type PartitionFrames } from './window-frame.js';
import type { SortedPartition } from './window-partition.js';
import type { WindowFunction } from './window-function.js';

export function windowAggregate(call: AggregateCall): WindowFunction {
  return {
    name: call.fn.name, resultType: call.fn.resultType, usesFrame: true,
    evaluate(p, frames, ectx) {
      const f = frames!;
      return growingOnly(f) ? running(call, p, f, ectx) : framed(call, p, f, ectx);
    },
  };
}

function growingOnly(f: PartitionFrames): boolean {
  if (f.exclude !== 'no-others') return false;
  for (let i = 0; i < f.start.length; i++) {
    if (f.start[i] !== 0) return false;
    if (i > 0 && f.end[i]! < f.end[i - 1]!) return false;
  }
  return true;
}

function running(call: AggregateCall, p: SortedPartition, f: PartitionFrames, ectx: EvalContext): Value[] {
  const out = new Array<Value>(p.size);
  const acc = new AggregateAccumulator(call);
  let added = 0;
  let last: Value = null;
  for (let i = 0; i < p.size; i++) {
    const end = f.end[i]!;
    if (i === 0 || end !== added) {
      while (added < end) acc.add(p.rows[added++]!, ectx);
      last = acc.result();
    }
    out[i] = last;
  }
  return out;
}

function framed(call: AggregateCall, p: SortedPartition, f: PartitionFrames, ectx: EvalContext): Value[] {
  const out = new Array<Value>(p.size);
  const shared = f.exclude === 'no-others';
  for (let i = 0; i < p.size; i++) {
    if (shared && i > 0 && f.start[i] === f.start[i - 1] && f.end[i] === f.end[i - 1]) {
      out[i] = out[i - 1]!;
      continue;
    }
    const acc = new AggregateAccumulator(call);
    for (const [a, b] of frameSegments(p, f, i)) for (let j = a; j < b; j++) acc.add(p.rows[j]!, ectx);
    out[i] = acc.result();
  }
  return out;
}
