/**
 * Min/max/null-count of one column over a range of rows, in KalamDB's own value order
 * (types/compare.ts: numeric compares as numbers, NaN above everything, text by code point), so
 * pruning agrees with what the executor's comparisons would say. Parquet's own statistics are
 * written too (for other engines), but they order DECIMAL text bytewise and may truncate: these
 * are the ones the server trusts.
 *
 * Kept in the segment's footer (segment-metadata.ts) and the manifest as text:
 *   { "rows": 131072, "nulls": 2, "min": "-3.50", "max": "12.00" }
 * nulls = rows: every value is NULL. Otherwise a missing min or max means "unbounded" (too long to
 * keep); a column of a type without stats (hasStats) has none and is never pruned.
 */
import { typedComparator } from '../../types/compare.js';
import { isEnumOid } from '../../types/enum-types.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import type { Rows } from './arrow-columns.js';

export interface ColumnStats {
  readonly rows: number;
  readonly nulls: number;
  /** Lower bound of the non-null values; undefined when unknown (or when every value is NULL). */
  readonly min?: Value;
  /** Upper bound of the non-null values; undefined when unknown (or when every value is NULL). */
  readonly max?: Value;
}

export interface ColumnStatsJson {
  readonly rows: number;
  readonly nulls: number;
  readonly min?: string;
  readonly max?: string;
}

type MutableStats = { rows: number; nulls: number; min?: Value; max?: Value };

/** Longer bounds are not kept (a text min is kept as its prefix, still a lower bound). */
const MAX_BOUND_CHARS = 256;

/**
 * Types whose order is fixed for good. Enums are left out: ALTER TYPE … ADD VALUE BEFORE changes
 * their order after the segment was written.
 */
export function hasStats(type: ColumnType): boolean {
  switch (type.kalam) {
    case KalamDataType.BOOLEAN:
    case KalamDataType.SMALLINT:
    case KalamDataType.INT:
    case KalamDataType.BIGINT:
    case KalamDataType.FLOAT:
    case KalamDataType.DOUBLE:
    case KalamDataType.DECIMAL:
    case KalamDataType.DATE:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
    case KalamDataType.UUID:
    case KalamDataType.BYTES:
      return true;
    case KalamDataType.TEXT:
      return !isEnumOid(type.oid);
    default:
      return false;
  }
}

export function computeStats(rows: Rows, pos: number, type: ColumnType, from: number, to: number): ColumnStats {
  const direct = directOrder(type.kalam);
  const cmp = direct ? null : typedComparator(type);
  let nulls = 0;
  let min: Value = null;
  let max: Value = null;
  for (let i = from; i < to; i++) {
    const v = rows[i]![pos]!;
    if (v === null) { nulls++; continue; }
    if (min === null) { min = max = v; continue; }
    if (cmp === null) {
      // Integers, bigints and timestamps: JavaScript's own < is the order (the hot path of a flush).
      if (v < min) min = v;
      else if (v > max!) max = v;
    } else {
      if (cmp(v, min) < 0) min = v;
      if (cmp(v, max!) > 0) max = v;
    }
  }
  return min === null ? { rows: to - from, nulls } : { rows: to - from, nulls, min, max: max! };
}

/** Types whose values (number or bigint, never NaN) compare correctly with < and >. */
function directOrder(kalam: KalamDataType): boolean {
  switch (kalam) {
    case KalamDataType.SMALLINT:
    case KalamDataType.INT:
    case KalamDataType.BIGINT:
    case KalamDataType.DATE:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME:
      return true;
    default:
      return false;
  }
}

/** The stats of two ranges together (a segment's, from its row groups'). */
export function mergeStats(a: ColumnStats, b: ColumnStats, type: ColumnType): ColumnStats {
  const out: MutableStats = { rows: a.rows + b.rows, nulls: a.nulls + b.nulls };
  const cmp = typedComparator(type);
  const aNone = a.nulls === a.rows;
  const bNone = b.nulls === b.rows;
  const bound = (x: Value | undefined, y: Value | undefined, keepSmaller: boolean): Value | undefined => {
    if (aNone) return y;
    if (bNone) return x;
    if (x === undefined || y === undefined || x === null || y === null) return undefined; // unbounded stays so
    return (cmp(x, y) <= 0) === keepSmaller ? x : y;
  };
  const min = bound(a.min, b.min, true);
  const max = bound(a.max, b.max, false);
  if (min !== undefined) out.min = min;
  if (max !== undefined) out.max = max;
  return out;
}

export function statsToJson(s: ColumnStats, type: ColumnType): ColumnStatsJson {
  const out: { rows: number; nulls: number; min?: string; max?: string } = { rows: s.rows, nulls: s.nulls };
  if (s.min !== undefined && s.min !== null) {
    const text = encodeBound(s.min, type.kalam);
    if (text.length <= MAX_BOUND_CHARS) out.min = text;
    else if (type.kalam === KalamDataType.TEXT) out.min = text.slice(0, MAX_BOUND_CHARS);
  }
  if (s.max !== undefined && s.max !== null) {
    const text = encodeBound(s.max, type.kalam);
    if (text.length <= MAX_BOUND_CHARS) out.max = text;
  }
  return out;
}

export function statsFromJson(j: ColumnStatsJson, type: ColumnType): ColumnStats {
  const out: MutableStats = { rows: j.rows, nulls: j.nulls };
  if (j.min !== undefined) out.min = decodeBound(j.min, type.kalam);
  if (j.max !== undefined) out.max = decodeBound(j.max, type.kalam);
  return out;
}

function encodeBound(v: Exclude<Value, null>, kalam: KalamDataType): string {
  switch (kalam) {
    case KalamDataType.BOOLEAN: return v ? 't' : 'f';
    case KalamDataType.BYTES: return Buffer.from(v as Uint8Array).toString('hex');
    default: return String(v);
  }
}

function decodeBound(s: string, kalam: KalamDataType): Value {
  switch (kalam) {
    case KalamDataType.BOOLEAN: return s === 't';
    case KalamDataType.SMALLINT:
    case KalamDataType.INT:
    case KalamDataType.DATE:
    case KalamDataType.FLOAT:
    case KalamDataType.DOUBLE: return Number(s);
    case KalamDataType.BIGINT:
    case KalamDataType.TIME:
    case KalamDataType.TIMESTAMP:
    case KalamDataType.DATETIME: return BigInt(s);
    case KalamDataType.BYTES: return new Uint8Array(Buffer.from(s, 'hex'));
    default: return s;
  }
}
