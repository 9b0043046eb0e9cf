import type { CatalogNames } from './catalog-names.js';

/**
 * The session settings that change how values are read and written as text: PostgreSQL's
 * TimeZone, DateStyle, IntervalStyle and extra_float_digits GUCs.
 *
 * `timeZone` is interpreted exactly as PostgreSQL interprets the TimeZone setting:
 * - 'UTC', 'GMT', 'Z' or any IANA name ('Europe/Paris', 'Asia/Kolkata');
 * - a POSIX-style numeric zone ('+05:30', '-8', 'UTC+3'): POSIX counts hours *west* of
 *   Greenwich, so `SET TIME ZONE '+05:30'` shows times as `…-05:30`, as PostgreSQL does;
 * - PostgreSQL's spelling for `SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE` / `SET TIME ZONE 5.5`,
 *   which is '<+05:30>-05:30' (see `timeZoneForOffset` in time-zone.ts): east of Greenwich.
 */
export interface TypeContext {
  readonly timeZone: string;
  /** e.g. 'ISO, MDY'. Output is always ISO; the order part (MDY/DMY/YMD) steers date input. */
  readonly dateStyle: string;
  readonly intervalStyle?: string;
  /** PostgreSQL's extra_float_digits: > 0 means shortest round-trip output (the default, 1). */
  readonly extraFloatDigits?: number;
  /** The transaction's start time in µs since 1970 UTC, for the inputs 'now', 'today', … */
  readonly now?: () => bigint;
  /**
   * The session's catalog, for the types whose text form is a catalog name (regclass prints
   * `pg_class`, reads `'public.t'`). Absent, they print the bare OID and read only OIDs.
   */
  readonly catalog?: CatalogNames;
}

export const DEFAULT_TYPE_CONTEXT: TypeContext = Object.freeze({
  timeZone: 'UTC',
  dateStyle: 'ISO, MDY',
  intervalStyle: 'postgres',
  extraFloatDigits: 1,
});
