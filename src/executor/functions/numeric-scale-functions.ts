/** scale, min_scale, trim_scale and width_bucket (float8 and exact numeric forms). */
import { SqlError } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import { numericTrimScale } from '../../types/numeric.js';
import { type Dec, parseDec, pow10 } from '../../types/numeric-value.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';

const dec = (v: Value) => v as string;

registerFunction('scale', overload([T.numeric], T.int4, (a) => {
  const d = parseDec(dec(a[0]));
  return d.kind === 'finite' ? d.scale : null;
}));
registerFunction('min_scale', overload([T.numeric], T.int4, (a) => {
  const d = parseDec(dec(a[0]));
  if (d.kind !== 'finite') return null;
  let { unscaled, scale } = d;
  if (unscaled === 0n) return 0;
  while (scale > 0 && unscaled % 10n === 0n) { unscaled /= 10n; scale--; }
  return scale;
}));
registerFunction('trim_scale', overload([T.numeric], T.numeric, (a) => numericTrimScale(dec(a[0]))));

function bucketError(message: string): SqlError {
  return new SqlError('2201G', message);
}

function checkCount(count: number): void {
  if (count <= 0) throw bucketError('count must be greater than zero');
}

function lastBucket(count: number): number {
  if (count === 2147483647) throw new SqlError('22003', 'integer out of range');
  return count + 1;
}

function widthBucketFloat(op: number, b1: number, b2: number, count: number): number {
  checkCount(count);
  if (Number.isNaN(op) || Number.isNaN(b1) || Number.isNaN(b2)) {
    throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  }
  if (!Number.isFinite(b1) || !Number.isFinite(b2)) throw bucketError('lower and upper bounds must be finite');
  if (b1 === b2) throw bucketError('lower bound cannot equal upper bound');
  const ascending = b1 < b2;
  if (ascending ? op < b1 : op > b1) return 0;
  if (ascending ? op >= b2 : op <= b2) return lastBucket(count);
  const span = ascending ? b2 - b1 : b1 - b2;
  const offset = ascending ? op - b1 : b1 - op;
  let r = Number.isFinite(span) ? Math.trunc(count * (offset / span)) : Math.trunc(count * ((offset / 2) / (span / 2)));
  if (r >= count) r = count - 1;
  return r + 1;
}

function finiteBound(d: Dec): Extract<Dec, { kind: 'finite' }> {
  if (d.kind === 'nan') throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  if (d.kind === 'inf') throw bucketError('lower and upper bounds must be finite');
  return d;
}

function widthBucketNumeric(o: string, l: string, h: string, count: number): number {
  checkCount(count);
  const od = parseDec(o);
  if (od.kind === 'nan') throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  const lo = finiteBound(parseDec(l));
  const hi = finiteBound(parseDec(h));
  const scale = Math.max(lo.scale, hi.scale, od.kind === 'finite' ? od.scale : 0);
  const at = (d: Extract<Dec, { kind: 'finite' }>) => d.unscaled * pow10(scale - d.scale);
  const b1 = at(lo);
  const b2 = at(hi);
  if (b1 === b2) throw bucketError('lower bound cannot equal upper bound');
  const ascending = b1 < b2;
  if (od.kind === 'inf') return (od.negative === ascending) ? 0 : lastBucket(count);
  const x = at(od);
  if (ascending ? x < b1 : x > b1) return 0;
  if (ascending ? x >= b2 : x <= b2) return lastBucket(count);
  const offset = ascending ? x - b1 : b1 - x;
  const span = ascending ? b2 - b1 : b1 - b2;
  return Number((offset * BigInt(count)) / span) + 1;
}

registerFunction('width_bucket',
  overload([T.float8, T.float8, T.float8, T.int4], T.int4, (a) =>
    widthBucketFloat(a[0] as number, a[1] as number, a[2] as number, a[3] as number)),
  overload([T.numeric, T.numeric, T.numeric, T.int4], T.int4, (a) =>
    widthBucketNumeric(dec(a[0]), dec(a[1]), dec(a[2]), a[3] as number)));
