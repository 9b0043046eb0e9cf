/**
 * A window function as the window operator calls it: once per sorted partition, returning one
 * value per row in window order. Arguments are bound expressions over the operator's input row,
 * captured when the binder builds the function.
 *
 * Ranking functions and lag/lead look at the partition and its peer groups only; aggregates and
 * first_value/last_value/nth_value look at each row's frame (`usesFrame`).
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { PartitionFrames } from './window-frame.js';
import type { SortedPartition } from './window-partition.js';

export interface WindowFunction {
  readonly name: string;
  readonly resultType: ColumnType;
  readonly usesFrame: boolean;
  /** `frames` is null exactly when `usesFrame` is false. */
  evaluate(p: SortedPartition, frames: PartitionFrames | null, ectx: EvalContext): Value[];
}
