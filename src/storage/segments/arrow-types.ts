/**
 * KalamDataType → the Arrow type a segment stores it as (DESIGN.md section 4), chosen so that every
 * value reads back exactly as it was written:
 *
 * | KalamDataType      | Arrow                                 | why                                          |
 * |--------------------|---------------------------------------|----------------------------------------------|
 * | BOOLEAN            | Bool                                  |                                              |
 * | SMALLINT/INT/BIGINT| Int16 / Int32 / Int64                 |                                              |
 * | FLOAT / DOUBLE     | Float32 / Float64                     | NaN, -0 and ±Infinity are bit patterns       |
 * | TEXT, JSON         | Utf8                                  |                                              |
 * | DECIMAL(p,s)       | Utf8 (numeric text, "1.50")           | Decimal128 holds neither NaN nor ±Infinity   |
 * |                    |                                       | nor unconstrained numeric's per-value scale  |
 * | BYTES              | Binary                                |                                              |
 * | UUID               | FixedSizeBinary(16)                   |                                              |
 * | DATE               | Date32 (days)                         | ±infinity are int32 max/min, as in PostgreSQL|
 * | TIME               | Time64(µs)                            |                                              |
 * | TIMESTAMP          | Timestamp(µs)                         | ±infinity are int64 max/min                  |
 * | DATETIME           | Timestamp(µs, "UTC")                  |                                              |
 * | INTERVAL           | Struct{months i32, days i32, micros i64} | Arrow's MonthDayNano is not in Parquet and |
 * |                    |                                       | µs·1000 overflows for large intervals        |
 * | EMBEDDING(n)       | FixedSizeList<Float32>(n); List<Float32> for vector without n |      |
 * | ARRAY              | Binary: the row codec's tagged payload| a Parquet list loses dimensions and lower    |
 * |                    |                                       | bounds, and would cost a nested column per   |
 * |                    |                                       | element type; arrays are never scanned hot   |
 */
import * as arrow from 'apache-arrow';
import { KalamDataType, type ColumnType } from '../../types/kalam-type.js';

/** Field metadata keys: a field is found by ordinal, never by name (names change, ordinals do not). */
export const FieldMeta = {
  /** KalamDB's type name: BIGINT, TEXT, EMBEDDING … (type-registry.ts kalamTypeName). */
  kalamType: 'kalam_data_type',
  /** The declared PostgreSQL type, as format_type prints it: `character varying(255)`. */
  pgType: 'kalam_pg_type',
  /** The declared type's OID and typmod: what rebuilds the ColumnType exactly. */
  pgOid: 'kalam_pg_oid',
  pgTypmod: 'kalam_pg_typmod',
  /** The column's ordinal (1-based, never reused); absent on the system columns. */
  ordinal: 'kalam_ordinal',
  /** `_seq` or `_deleted` on the two system columns. */
  system: 'kalam_system_column',
} as const;

export const INTERVAL_FIELDS = ['months', 'days', 'micros'] as const;

export function arrowTypeOf(type: ColumnType): arrow.DataType {
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return new arrow.Bool();
    case KalamDataType.SMALLINT: return new arrow.Int16();
    case KalamDataType.INT: return new arrow.Int32();
    case KalamDataType.BIGINT: return new arrow.Int64();
    case KalamDataType.FLOAT: return new arrow.Float32();
    case KalamDataType.DOUBLE: return new arrow.Float64();
    case KalamDataType.TEXT:
    case KalamDataType.JSON:
    case KalamDataType.DECIMAL: return new arrow.Utf8();
    case KalamDataType.BYTES:
    case KalamDataType.ARRAY: return new arrow.Binary();
    case KalamDataType.UUID: return new arrow.FixedSizeBinary(16);
    case KalamDataType.DATE: return new arrow.DateDay();
    case KalamDataType.TIME: return new arrow.TimeMicrosecond();
    case KalamDataType.TIMESTAMP: return new arrow.TimestampMicrosecond();
    case KalamDataType.DATETIME: return new arrow.TimestampMicrosecond('UTC');
    case KalamDataType.INTERVAL: return intervalType();
    case KalamDataType.EMBEDDING: {
      const item = new arrow.Field('item', new arrow.Float32(), false);
      return type.typmod > 0 ? new arrow.FixedSizeList(type.typmod, item) : new arrow.List(item);
    }
    case KalamDataType.RECORD:
      throw new TypeError('a record value is never stored');
  }
}

function intervalType(): arrow.Struct {
  return new arrow.Struct([
    new arrow.Field('months', new arrow.Int32(), false),
    new arrow.Field('days', new arrow.Int32(), false),
    new arrow.Field('micros', new arrow.Int64(), false),
  ]);
}

/**
 * The 64-bit integer columns whose values are nearly all distinct (keys, timestamps, `_seq`): a
 * dictionary of a whole row group is pure overhead there, DELTA_BINARY_PACKED is 3× smaller and
 * faster to write and read (bench/parquet.mjs).
 */
export function prefersDeltaEncoding(kalam: KalamDataType): boolean {
  return kalam === KalamDataType.BIGINT || kalam === KalamDataType.TIMESTAMP ||
    kalam === KalamDataType.DATETIME || kalam === KalamDataType.TIME;
}
