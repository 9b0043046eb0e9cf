/** A string identity for a row of values: equal rows (NULLs equal, as DISTINCT and GROUP BY treat them) give equal keys. */
import type { Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';

function cell(v: Value): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `b${v}`;
  if (typeof v === 'number') return Object.is(v, -0) ? 'n0' : `n${v}`;
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (v instanceof Float32Array) return `v${Array.from(v).join(',')}`;
  if (v instanceof PgArray) return `a${v.dims.join(',')}/${v.lbounds.join(',')}[${rowKey(v.items)}]`;
  return `x${Buffer.from(v).toString('hex')}`;
}

export function rowKey(row: readonly Value[]): string {
  let s = '';
  for (const v of row) s += cell(v) + '|';
  return s;
}
