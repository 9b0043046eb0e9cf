/** A string identity for a row of values: equal rows (NULLs equal, as DISTINCT and GROUP BY treat them) give equal keys. */
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { numericTrimScale } from '../../types/numeric.js';
import { Interval, intervalSpan } from '../../types/interval.js';
import { PgArray } from '../../types/pg-array.js';

function cell(v: Value): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `b${v}`;
  if (typeof v === 'number') return Object.is(v, -0) ? 'n0' : `n${v}`;
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  // Intervals are equal when their spans are ('1 mon' = '30 days'), as PostgreSQL hashes them.
  if (v instanceof Interval) return `i${intervalSpan(v)}`;
  // Intervals are equal when their spans are ('1 mon' = '30 days'), as PostgreSQL hashes them.
  if (v instanceof Interval) return `i${intervalSpan(v)}`;
  if (v instanceof Float32Array) return `v${Array.from(v).join(',')}`;
  if (v instanceof PgArray) return `a${v.dims.join(',')}/${v.lbounds.join(',')}[${rowKey(v.items)}]`;
  return `x${Buffer.from(v).toString('hex')}`;
}

export function rowKey(row: readonly Value[]): string {
  let s = '';
  for (const v of row) s += cell(v) + '|';
  return s;
}

/**
 * rowKey for rows of known column types, so that values equal under the type's equality share a
 * key: numeric 1.0 and 1.00 are one group, one DISTINCT value (the first one seen is kept).
 */
export function rowKeyFor(types: readonly KalamDataType[]): (row: readonly Value[]) => string {
  const numeric = types.map((t) => t === KalamDataType.DECIMAL);
  if (!numeric.includes(true)) return rowKey;
  return (row) => rowKey(row.map((v, i) => (numeric[i] && v !== null ? numericTrimScale(v as string) : v)));
}
