import type { Interval } from './interval.js';
import type { PgArray } from './pg-array.js';
import type { PgRecord } from './pg-record.js';

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
 * | RECORD        | PgRecord (pg-record.ts): a row value's fields, in order           |
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
  /**
   * A row value (PostgreSQL's anonymous `record`), as a function returning a composite gives one:
   * `information_schema._pg_expandarray(a)` is `(x, n)`. Computed only, never stored; the field
   * names and types are the ColumnType's `fields`.
   */
  RECORD = 0x13,
}

export type Value = null | boolean | number | bigint | string | Uint8Array | Float32Array | Interval | PgArray | PgRecord;

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
  /** RECORD only: the fields' names and types, for `(expr).field` and the record's output. */
  readonly fields?: readonly RecordField[];
}

export interface RecordField {
  readonly name: string;
  readonly type: ColumnType;
}
