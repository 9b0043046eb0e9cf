/**
 * row_number, rank, dense_rank, percent_rank, cume_dist, ntile: positions within the partition
 * and its peer groups (rows equal on the window's ORDER BY). Frames do not matter to them.
 *
 *   ORDER BY x   x   row_number rank dense_rank percent_rank cume_dist
 *                10  1          1    1          0            0.5
 *                10  2          1    1          0            0.5
 *                20  3          3    2          1            1
 */
import { SqlError } from '../../errors/sql-error.js';
import type { BoundExpr } from '../../binder/expr/bound-expr.js';
import { T } from '../../binder/expr/expr-types.js';
import type { ColumnType, Value } from '../../types/kalam-type.js';
import type { SortedPartition } from './window-partition.js';
import type { WindowFunction } from './window-function.js';

function perRow(name: string, resultType: ColumnType, value: (p: SortedPartition, i: number) => Value): WindowFunction {
  return {
    name, resultType, usesFrame: false,
    evaluate(p) {
      const out = new Array<Value>(p.size);
      for (let i = 0; i < p.size; i++) out[i] = value(p, i);
      return out;
    },
  };
}

export const rowNumber = (): WindowFunction => perRow('row_number', T.int8, (_p, i) => BigInt(i + 1));
export const rank = (): WindowFunction => perRow('rank', T.int8, (p, i) => BigInt(p.peerStart[i]! + 1));
export const denseRank = (): WindowFunction => perRow('dense_rank', T.int8, (p, i) => BigInt(p.group[i]! + 1));
export const percentRank = (): WindowFunction =>
  perRow('percent_rank', T.float8, (p, i) => (p.size > 1 ? p.peerStart[i]! / (p.size - 1) : 0));
export const cumeDist = (): WindowFunction => perRow('cume_dist', T.float8, (p, i) => p.peerEnd[i]! / p.size);

/**
 * ntile(n): n buckets as equal as possible, the first `size % n` one row larger. As in PostgreSQL
 * the argument is read on the partition's first row (again on later rows while it is NULL).
 */
export function ntile(buckets: BoundExpr): WindowFunction {
  return {
    name: 'ntile', resultType: T.int4, usesFrame: false,
    evaluate(p, _frames, ectx) {
      // PostgreSQL's window_ntile, step for step (its quirks with a leading NULL argument included).
      const out = new Array<Value>(p.size);
      let bucket = 0;
      let rowsInBucket = 0;
      let boundary = 0;
      let remainder = 0;
      for (let i = 0; i < p.size; i++) {
        if (bucket === 0) {
          const v = buckets.eval(p.rows[i]!, ectx);
          if (v === null) { out[i] = null; continue; }
          const n = v as number;
          if (n <= 0) throw new SqlError('22014', 'argument of ntile must be greater than zero');
          bucket = 1;
          rowsInBucket = 0;
          boundary = Math.floor(p.size / n);
          if (boundary <= 0) boundary = 1;
          else {
            remainder = p.size % n;
            if (remainder !== 0) boundary++;
          }
        }
        rowsInBucket++;
        if (boundary < rowsInBucket) {
          if (remainder !== 0 && bucket === remainder) {
            remainder = 0;
            boundary--;
          }
          bucket++;
          rowsInBucket = 1;
        }
        out[i] = bucket;
      }
      return out;
    },
  };
}
