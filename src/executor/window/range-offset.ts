/**
 * RANGE frames with offsets: `ORDER BY k RANGE BETWEEN 5 PRECEDING AND 5 FOLLOWING` holds the rows
 * whose k lies within 5 of the current row's. A RangeDomain is PostgreSQL's in_range support for
 * one ORDER BY key type: it moves a key by the offset and orders keys against the moved bound.
 *
 *   key type                       offset          bound domain
 *   smallint, integer, bigint      any integer     bigint (exact: no overflow at the edges)
 *   numeric                        numeric         numeric
 *   real, double precision         double          double
 *   date, timestamp, timestamptz   interval        timestamp µs (date + interval is a timestamp)
 *   time                           interval        µs since midnight, without wrapping around
 */
import { SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { US_PER_DAY } from '../../types/calendar.js';
import { numericAdd, numericCompare, numericIsNaN, numericSub } from '../../types/numeric.js';
import { addInterval, isNegativeInterval, parseFrameInterval } from './frame-interval.js';

type Key = Exclude<Value, null>;

export interface RangeDomain {
  /** Validates an evaluated offset (22013 when negative) and returns key ↦ key ± offset. */
  shifter(offset: Key): (key: Key, sign: 1 | -1) => Value;
  /** Orders a key against a bound `shifter` made. */
  compare(key: Key, bound: Value): number;
}

/** What the binder coerces the offset to: a number type, or `interval` for date/time keys. */
export type RangeOffsetKind = 'integer' | 'numeric' | 'float' | 'interval';

export function rangeOffsetKind(keyType: ColumnType): RangeOffsetKind | null {
  switch (keyType.kalam) {
    case KalamDataType.SMALLINT: case KalamDataType.INT: case KalamDataType.BIGINT: return 'integer';
    case KalamDataType.DECIMAL: return 'numeric';
    case KalamDataType.FLOAT: case KalamDataType.DOUBLE: return 'float';
    case KalamDataType.DATE: case KalamDataType.TIMESTAMP: case KalamDataType.DATETIME: case KalamDataType.TIME: return 'interval';
    default: return null;
  }
}

function badSize(): SqlError {
  return new SqlError('22013', 'invalid preceding or following size in window function');
}

const sign3 = (d: bigint): number => (d < 0n ? -1 : d > 0n ? 1 : 0);

const integers: RangeDomain = {
  shifter(offset) {
    const off = BigInt(offset as number | bigint);
    if (off < 0n) throw badSize();
    return (key, sign) => BigInt(key as number | bigint) + BigInt(sign) * off;
  },
  compare: (key, bound) => sign3(BigInt(key as number | bigint) - (bound as bigint)),
};

const numerics: RangeDomain = {
  shifter(offset) {
    const off = offset as string;
    if (numericIsNaN(off) || numericCompare(off, '0') < 0) throw badSize();
    return (key, sign) => (sign > 0 ? numericAdd(key as string, off) : numericSub(key as string, off));
  },
  compare: (key, bound) => numericCompare(key as string, bound as string),
};

const floats: RangeDomain = {
  shifter(offset) {
    const off = offset as number;
    if (Number.isNaN(off) || off < 0) throw badSize();
    return (key, sign) => (key as number) + sign * off;
  },
  compare: (key, bound) => {
    const a = key as number;
    const b = bound as number;
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  },
};

function timestamps(toMicros: (key: Key) => bigint, wraps: boolean): RangeDomain {
  return {
    shifter(offset) {
      const iv = parseFrameInterval(offset as string);
      if (isNegativeInterval(iv)) throw badSize();
      // time ± interval uses only the interval's time part, and never wraps past midnight here.
      if (!wraps) return (key, sign) => toMicros(key) + BigInt(sign) * iv.micros;
      return (key, sign) => addInterval(toMicros(key), iv, sign);
    },
    compare: (key, bound) => sign3(toMicros(key) - (bound as bigint)),
  };
}

export function rangeDomainFor(keyType: ColumnType): RangeDomain | null {
  switch (rangeOffsetKind(keyType)) {
    case 'integer': return integers;
    case 'numeric': return numerics;
    case 'float': return floats;
    case 'interval':
      if (keyType.kalam === KalamDataType.DATE) return timestamps((k) => BigInt(k as number) * US_PER_DAY, true);
      return timestamps((k) => k as bigint, keyType.kalam !== KalamDataType.TIME);
    default: return null;
  }
}
