/**
 * lag/lead read another row of the partition, counted from the current row; first_value,
 * last_value and nth_value read a row of the current row's frame (after EXCLUDE). Every argument
 * other than the value is evaluated on the current row, as PostgreSQL does.
 *
 *   lag(x)  = x one row back, NULL before the first row
 *   lead(x, 2, 0) = x two rows ahead, 0 past the last row
 *   nth_value(x, 2) OVER (ORDER BY t ROWS UNBOUNDED PRECEDING) = x of the frame's second row
 */
import { SqlError } from '../../errors/sql-error.js';
import type { BoundExpr, EvalContext } from '../../binder/expr/bound-expr.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import { frameRow, frameSegments, type FrameSegments } from './window-frame.js';
import type { SortedPartition } from './window-partition.js';
import type { WindowFunction } from './window-function.js';

export function lagLead(
  name: 'lag' | 'lead', value: BoundExpr, offset: BoundExpr | null, fallback: BoundExpr | null, resultType: ColumnType,
): WindowFunction {
  const direction = name === 'lag' ? -1 : 1;
  return {
    name, resultType, usesFrame: false,
    evaluate(p, _frames, ectx) {
      const out = new Array<Value>(p.size);
      for (let i = 0; i < p.size; i++) {
        const row = p.rows[i]!;
        let k = 1;
        if (offset !== null) {
          const v = offset.eval(row, ectx);
          if (v === null) { out[i] = null; continue; }
          k = v as number;
        }
        const target = i + direction * k;
        if (target >= 0 && target < p.size) out[i] = value.eval(p.rows[target]!, ectx);
        else out[i] = fallback === null ? null : fallback.eval(row, ectx);
      }
      return out;
    },
  };
}

type FramePick = (p: SortedPartition, i: number, segments: FrameSegments, ectx: EvalContext) => number;

/** first_value / last_value / nth_value: the `pick`ed row of each frame, or NULL when it has none. */
function frameValue(name: string, value: BoundExpr, pick: FramePick): WindowFunction {
  return {
    name, resultType: value.type, usesFrame: true,
    evaluate(p, frames, ectx) {
      const out = new Array<Value>(p.size);
      for (let i = 0; i < p.size; i++) {
        const j = pick(p, i, frameSegments(p, frames!, i), ectx);
        out[i] = j < 0 ? null : value.eval(p.rows[j]!, ectx);
      }
      return out;
    },
  };
}

export const firstValue = (value: BoundExpr): WindowFunction => frameValue('first_value', value, (_p, _i, s) => frameRow(s, 0));
export const lastValue = (value: BoundExpr): WindowFunction => frameValue('last_value', value, (_p, _i, s) => frameRow(s, 0, true));

export function nthValue(value: BoundExpr, nth: BoundExpr): WindowFunction {
  return frameValue('nth_value', value, (p, i, s, ectx) => {
    const n = nth.eval(p.rows[i]!, ectx);
    if (n === null) return -1;
    if ((n as number) <= 0) throw new SqlError('22016', 'argument of nth_value must be greater than zero');
    return frameRow(s, (n as number) - 1);
  });
}
