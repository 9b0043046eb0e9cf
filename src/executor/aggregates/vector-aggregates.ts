/**
 * pgvector's sum(vector) and avg(vector): sum adds in single precision element by element
 * (vector_add), avg accumulates in double and divides once (vector_accum / vector_avg), so the
 * digits match pgvector's.
 */
import { SqlError } from '../../errors/sql-error.js';
import { T } from '../../binder/expr/expr-types.js';
import type { AggregateFunction, ResolvedAggregate } from './aggregate-function.js';

const overflow = (): SqlError => new SqlError('22003', 'value out of range: overflow');

const vectorSum: AggregateFunction<Float32Array | null> = {
  name: 'sum', resultType: T.vector, strict: true,
  init: () => null,
  step: (s, [v]) => {
    const x = v as Float32Array;
    if (s === null) return Float32Array.from(x);
    if (s.length !== x.length) throw new SqlError('22000', `different vector dimensions ${s.length} and ${x.length}`);
    for (let i = 0; i < s.length; i++) {
      s[i] = s[i]! + x[i]!;
      if (!Number.isFinite(s[i]!) && Number.isFinite(x[i]!)) throw overflow();
    }
    return s;
  },
  final: (s) => s,
};

interface VectorAvg { n: number; sums: Float64Array | null }

const vectorAvg: AggregateFunction<VectorAvg> = {
  name: 'avg', resultType: T.vector, strict: true,
  init: () => ({ n: 0, sums: null }),
  step: (s, [v]) => {
    const x = v as Float32Array;
    s.n++;
    if (s.sums === null) {
      s.sums = Float64Array.from(x);
      return s;
    }
    if (s.sums.length !== x.length) throw new SqlError('22000', `expected ${s.sums.length} dimensions, not ${x.length}`);
    for (let i = 0; i < x.length; i++) {
      s.sums[i] = s.sums[i]! + x[i]!;
      if (!Number.isFinite(s.sums[i]!)) throw overflow();
    }
    return s;
  },
  final: (s) => (s.sums === null ? null : Float32Array.from(s.sums, (v) => v / s.n)),
};

export const vectorSumFor: ResolvedAggregate = { fn: vectorSum, paramTypes: [T.vector] };
export const vectorAvgFor: ResolvedAggregate = { fn: vectorAvg, paramTypes: [T.vector] };
