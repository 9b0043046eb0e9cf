/** A string identity for a row of values: equal rows (NULLs equal, as DISTINCT and GROUP BY treat them) give equal keys. */
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { numericTrimScale } from '../../types/numeric.js';
import { Interval, intervalSpan } from '../../types/interval.js';
import { PgArray } from '../../types/pg-array.js';
import { PgRecord } from '../../types/pg-record.js';

function cell(v: Value): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `b${v}`;
  if (typeof v === 'number') return Object.is(v, -0) ? 'n0' : `n${v}`;
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  // Intervals are equal when their spans are ('1 mon' = '30 days'), as PostgreSQL hashes them.
  if (v instanceof Interval) return `i${intervalSpan(v)}`;
  if (v instanceof Float32Array) return `v${Array.from(v).join(',')}`;
  if (v instanceof PgArray) return `a${v.dims.join(',')}/${v.lbounds.join(',')}[${rowKey(v.items)}]`;
  if (v instanceof PgRecord) return `r(${rowKey(v.values)})`;
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

/** Keys whose JS values are equal exactly when PostgreSQL's equality says so (a Map may key on them). */
export function groupsByValue(t: ColumnType): boolean {
  switch (t.kalam) {
    case KalamDataType.INT: case KalamDataType.SMALLINT: case KalamDataType.DATE: case KalamDataType.BIGINT:
    case KalamDataType.DOUBLE: case KalamDataType.FLOAT: case KalamDataType.BOOLEAN:
    case KalamDataType.TIMESTAMP: case KalamDataType.DATETIME: case KalamDataType.TIME: case KalamDataType.UUID:
      return true;
    case KalamDataType.TEXT:
      return t.oid === PgOid.TEXT || t.oid === PgOid.VARCHAR;
    default:
      return false;
  }
}
