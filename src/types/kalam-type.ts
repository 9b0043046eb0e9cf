import type { Interval } from './interval.js';
import type { PgArray } from './pg-array.js';

/**
 * KalamDataType: the one type system (DESIGN.md section 4). Tags are KalamDB's own.
 *
 * In-memory value representation (`Value`), used by every layer above storage:
 *
 * | KalamDataType | JS value                                                          |
 * |---------------|-------------------------------------------------------------------|
 * | BOOLEAN       | boolean                                                           |
 * | SMALLINT, INT | number (integer)                                                  |
 * | BIGINT        | bigint                                                            |
 * | FLOAT, DOUBLE | number                                                            |
 * | TEXT          | string                                                            |
 * | JSON          | string (json: as given; jsonb: PostgreSQL's normalised text)      |
 * | BYTES         | Uint8Array                                                        |
 * | EMBEDDING(n)  | Float32Array of length n                                          |
 * | UUID          | string, lower-case canonical 8-4-4-4-12                           |
 * | DECIMAL(p,s)  | string, PostgreSQL numeric text form ("1.50", "-3", "NaN")        |
 * | TIMESTAMP     | bigint, microseconds since 1970-01-01 00:00:00 (no zone)          |
 * | DATETIME      | bigint, microseconds since 1970-01-01 00:00:00 UTC (timestamptz)  |
 * | DATE          | number, days since 1970-01-01                                     |
 * | TIME          | bigint, microseconds since midnight                               |
 * | INTERVAL      | Interval (months, days, microseconds), see interval.ts            |
 * | ARRAY         | PgArray (pg-array.ts): elements of the element type, flattened    |
 * | (any)         | null for SQL NULL                                                 |
 */
export const enum KalamDataType {
  BOOLEAN = 0x01,
  INT = 0x02,
  BIGINT = 0x03,
  DOUBLE = 0x04,
  FLOAT = 0x05,
  TEXT = 0x06,
  TIMESTAMP = 0x07,
  DATE = 0x08,
  DATETIME = 0x09,
  TIME = 0x0a,
  JSON = 0x0b,
  BYTES = 0x0c,
  EMBEDDING = 0x0d,
  UUID = 0x0e,
  DECIMAL = 0x0f,
  SMALLINT = 0x10,
  /** PostgreSQL's interval; not a KalamDB type (there is no Arrow duration of months and days). */
  INTERVAL = 0x11,
  /**
   * A PostgreSQL array (`int4[]`, `text[]`, …) of any of the types above. Not one of KalamDB's
   * own types: the element type is named by the column's array OID (pg_type.typelem).
   */
  ARRAY = 0x12,
}

export type Value = null | boolean | number | bigint | string | Uint8Array | Float32Array | Interval | PgArray;

/**
 * A column's full type: the KalamDataType it is stored as plus the PostgreSQL type the client
 * declared, so `varchar(255)` reads back as `character varying(255)`.
 *
 * `typmod` follows PostgreSQL's atttypmod: -1 for none; varchar(n)/char(n) → n + 4;
 * numeric(p,s) → ((p << 16) | s) + 4; timestamp(p)/time(p) → p; vector(n) → n.
 */
export interface ColumnType {
  readonly kalam: KalamDataType;
  readonly oid: number;
  readonly typmod: number;
}
