/**
 * generate_series(start, stop [, step]) over int4, int8 and numeric (and timestamps, below): start, start+step, … while
 * not past stop (in step's direction). A zero step is 22023, as in PostgreSQL; a NaN bound 22023.
 */
import { SqlError } from '../../errors/sql-error.js';
import { T } from '../../binder/expr/expr-types.js';
import type { Value } from '../../types/kalam-type.js';
import { numericAdd, numericCompare, numericIsNaN } from '../../types/numeric.js';
import { registerSetFunction, scalarSetOverload } from './set-returning.js';
import { type Interval, intervalSpan } from '../../types/interval.js';
import { timeZone } from '../../types/time-zone.js';
import { timestampPlusInterval, timestamptzPlusInterval } from './datetime-arithmetic.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { rowOfReferencesBytes, valueBytes } from '../memory/value-size.js';

const zeroStep = () => new SqlError('22023', 'step size cannot equal zero');

/** One output row of one value: what the series costs per element (charged before it is built). */
const elementBytes = (v: Value) => rowOfReferencesBytes(1) + valueBytes(v);

function integers(start: bigint, stop: bigint, step: bigint, wrap: (b: bigint) => Value, ctx: EvalContext): Value[] {
  if (step === 0n) throw zeroStep();
  const count = (stop - start) / step + 1n;
  if (count > 0n) ctx.memory?.charge(Number(count) * elementBytes(wrap(start)));
  const out: Value[] = [];
  for (let v = start; step > 0n ? v <= stop : v >= stop; v += step) out.push(wrap(v));
  return out;
}

function numerics(start: string, stop: string, step: string, ctx: EvalContext): Value[] {
  if (numericCompare(step, '0') === 0) throw zeroStep();
  for (const [v, what] of [[start, 'start'], [stop, 'stop'], [step, 'step size']] as const) {
    if (numericIsNaN(v)) throw new SqlError('22023', `${what} value cannot be NaN`);
  }
  const up = numericCompare(step, '0') > 0;
  const out: Value[] = [];
  for (let v = start; up ? numericCompare(v, stop) <= 0 : numericCompare(v, stop) >= 0; v = numericAdd(v, step)) {
    ctx.memory?.charge(elementBytes(v));
    out.push(v);
  }
  return out;
}

const int4 = (a: readonly Value[], ctx: EvalContext) =>
  integers(BigInt(a[0] as number), BigInt(a[1] as number), BigInt((a[2] as number | undefined) ?? 1), (b) => Number(b), ctx);
const int8 = (a: readonly Value[], ctx: EvalContext) =>
  integers(a[0] as bigint, a[1] as bigint, (a[2] as bigint | undefined) ?? 1n, (b) => b, ctx);
const numeric = (a: readonly Value[], ctx: EvalContext) =>
  numerics(a[0] as string, a[1] as string, (a[2] as string | undefined) ?? '1', ctx);

registerSetFunction(
  'generate_series',
  scalarSetOverload([T.int4, T.int4], T.int4, int4),
  scalarSetOverload([T.int4, T.int4, T.int4], T.int4, int4),
  scalarSetOverload([T.int8, T.int8], T.int8, int8),
  scalarSetOverload([T.int8, T.int8, T.int8], T.int8, int8),
  scalarSetOverload([T.numeric, T.numeric], T.numeric, numeric),
  scalarSetOverload([T.numeric, T.numeric, T.numeric], T.numeric, numeric),
);

/**
 * generate_series(start, stop, step interval) over timestamp and timestamptz (a date argument is
 * cast to timestamptz, as PostgreSQL resolves it): timestamptz steps add months and days in the
 * session's TimeZone. A zero-length step is 22023.
 */
function times(start: bigint, stop: bigint, step: Interval, add: (ts: bigint) => bigint): Value[] {
  if (intervalSpan(step) === 0n) throw zeroStep();
  const up = intervalSpan(step) > 0n;
  const out: Value[] = [];
  for (let v = start; up ? v <= stop : v >= stop; v = add(v)) out.push(v);
  return out;
}

registerSetFunction(
  'generate_series',
  // timestamptz first: the preferred type of its category, what a date argument becomes.
  scalarSetOverload([T.timestamptz, T.timestamptz, T.interval], T.timestamptz, (a, ctx) => {
    const zone = timeZone(ctx.typeCtx.timeZone);
    return times(a[0] as bigint, a[1] as bigint, a[2] as Interval, (v) => timestamptzPlusInterval(v, a[2] as Interval, zone));
  }, { volatility: 'stable' }),
  scalarSetOverload([T.timestamp, T.timestamp, T.interval], T.timestamp, (a) =>
    times(a[0] as bigint, a[1] as bigint, a[2] as Interval, (v) => timestampPlusInterval(v, a[2] as Interval))),
);
