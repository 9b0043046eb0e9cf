/**
 * interval's type modifier: a field range (`INTERVAL '3' DAY`, `interval hour to minute`) and a
 * fractional-second precision (`interval(3)`), packed as PostgreSQL packs them:
 * typmod = (range << 16) | precision, with 0x7FFF for "all fields" and 0xFFFF for "full precision".
 * The range decides what a bare number means on input and which fields a value keeps.
 */
import { Errors } from '../errors/sql-error.js';
import { Interval, US_PER_HOUR, US_PER_MINUTE } from './interval.js';

export const FIELD = { MONTH: 1 << 1, YEAR: 1 << 2, DAY: 1 << 3, HOUR: 1 << 10, MINUTE: 1 << 11, SECOND: 1 << 12 } as const;
export const FULL_RANGE = 0x7fff;
export const FULL_PRECISION = 0xffff;
const MAX_INTERVAL_PRECISION = 6;

const F = FIELD;
const VALID_RANGES = new Set<number>([
  F.YEAR, F.MONTH, F.DAY, F.HOUR, F.MINUTE, F.SECOND, F.YEAR | F.MONTH, F.DAY | F.HOUR, F.DAY | F.HOUR | F.MINUTE,
  F.DAY | F.HOUR | F.MINUTE | F.SECOND, F.HOUR | F.MINUTE, F.HOUR | F.MINUTE | F.SECOND, F.MINUTE | F.SECOND, FULL_RANGE,
]);

export function intervalRange(typmod: number): number {
  return typmod < 0 ? FULL_RANGE : (typmod >> 16) & 0x7fff;
}

export function intervalPrecision(typmod: number): number {
  return typmod < 0 ? FULL_PRECISION : typmod & 0xffff;
}

/** intervaltypmodin: the typmods libpg-query hands over ([range] or [range, precision]). */
export function intervalTypmod(typmods: readonly number[]): number {
  if (typmods.length === 0) return -1;
  if (typmods.length > 2) throw Errors.syntax('invalid INTERVAL type modifier');
  const range = typmods[0]!;
  if (!VALID_RANGES.has(range)) throw Errors.syntax('invalid INTERVAL type modifier');
  let precision = typmods.length === 2 ? typmods[1]! : FULL_PRECISION;
  if (typmods.length === 2) {
    if (precision < 0) throw Errors.invalidParameterValue(`INTERVAL(${precision}) precision must not be negative`);
    precision = Math.min(precision, MAX_INTERVAL_PRECISION);
  }
  if (range === FULL_RANGE && precision === FULL_PRECISION) return -1;
  return (range << 16) | precision;
}

/** AdjustIntervalForTypmod: drop the fields below the range, round the fraction to the precision. */
export function adjustIntervalForTypmod(v: Interval, typmod: number): Interval {
  if (typmod < 0) return v;
  const range = intervalRange(typmod);
  const precision = intervalPrecision(typmod);
  let { months, days, micros } = v;
  const trunc = (unit: bigint) => (micros / unit) * unit;
  if (range === F.YEAR) { months = Math.trunc(months / 12) * 12; days = 0; micros = 0n; }
  else if (range === F.MONTH || range === (F.YEAR | F.MONTH)) { days = 0; micros = 0n; }
  else if (range === F.DAY) micros = 0n;
  else if (range === F.HOUR || range === (F.DAY | F.HOUR)) micros = trunc(US_PER_HOUR);
  else if (range === F.MINUTE || range === (F.DAY | F.HOUR | F.MINUTE) || range === (F.HOUR | F.MINUTE)) {
    micros = trunc(US_PER_MINUTE);
  }
  if (precision !== FULL_PRECISION && precision < 6) {
    const unit = 10n ** BigInt(6 - precision);
    const half = unit / 2n;
    micros = micros >= 0n ? ((micros + half) / unit) * unit : -(((-micros + half) / unit) * unit);
  }
  return months === v.months && days === v.days && micros === v.micros ? v : new Interval(months, days, micros);
}

const FIELD_NAMES: ReadonlyArray<readonly [number, string]> = [
  [F.YEAR, 'year'], [F.MONTH, 'month'], [F.DAY, 'day'], [F.HOUR, 'hour'], [F.MINUTE, 'minute'], [F.SECOND, 'second'],
  [F.YEAR | F.MONTH, 'year to month'], [F.DAY | F.HOUR, 'day to hour'], [F.DAY | F.HOUR | F.MINUTE, 'day to minute'],
  [F.DAY | F.HOUR | F.MINUTE | F.SECOND, 'day to second'], [F.HOUR | F.MINUTE, 'hour to minute'],
  [F.HOUR | F.MINUTE | F.SECOND, 'hour to second'], [F.MINUTE | F.SECOND, 'minute to second'],
];

/** intervaltypmodout: ' day', '(3)', ' hour to second(2)'. */
export function formatIntervalTypmod(typmod: number): string {
  if (typmod < 0) return '';
  const range = intervalRange(typmod);
  const precision = intervalPrecision(typmod);
  const fields = FIELD_NAMES.find(([mask]) => mask === range)?.[1];
  const p = precision === FULL_PRECISION ? '' : `(${precision})`;
  return fields === undefined ? p : ` ${fields}${p}`;
}
