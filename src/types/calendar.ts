/**
 * Proleptic Gregorian calendar arithmetic (as PostgreSQL uses for all dates), with astronomical
 * year numbering: year 0 is 1 BC. Also the limits and infinity sentinels of date/timestamp values.
 */
export const US_PER_SECOND = 1_000_000n;
export const US_PER_DAY = 86_400_000_000n;
/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary dates and timestamps. */
export const PG_EPOCH_DAYS = 10957;
export const PG_EPOCH_US = BigInt(PG_EPOCH_DAYS) * US_PER_DAY;

/** 'infinity'/'-infinity' of timestamp values: PostgreSQL's DT_NOEND / DT_NOBEGIN. */
export const TIMESTAMP_INFINITY = 9223372036854775807n;
export const TIMESTAMP_NEG_INFINITY = -9223372036854775808n;
/** 'infinity'/'-infinity' of date values: DATEVAL_NOEND / DATEVAL_NOBEGIN. */
export const DATE_INFINITY = 2147483647;
export const DATE_NEG_INFINITY = -2147483648;

/** Julian day 0 (4714-11-24 BC) in days since 1970: the first valid date and timestamp. */
export const MIN_DATE_DAYS = -2440588;
/** 5874897-12-31, the last valid date. */
export const MAX_DATE_DAYS = 2145042905;
export const MIN_TIMESTAMP_US = BigInt(MIN_DATE_DAYS) * US_PER_DAY;
/**
 * Exclusive end of timestamps. PostgreSQL stops at 294277-01-01; we stop at 294247-01-01 so a
 * value in µs since 1970 always fits an int64 (Arrow's timestamp) below the infinity sentinel.
 */
export const END_TIMESTAMP_US = BigInt(daysFromCivil(294247, 1, 1)) * US_PER_DAY;

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Floor division of bigints (JS `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

export function isFiniteTimestamp(us: bigint): boolean {
  return us !== TIMESTAMP_INFINITY && us !== TIMESTAMP_NEG_INFINITY;
}

export function isFiniteDate(days: number): boolean {
  return days !== DATE_INFINITY && days !== DATE_NEG_INFINITY;
}
