/**
 * One column of every storable KalamDataType, and rows that hit each type's edges: NULLs, NaN, -0,
 * ±Infinity, ±infinity dates and timestamps, empty and non-BMP text, numerics wider than int64,
 * multi-dimensional arrays with NULL elements and odd lower bounds.
 */
import { Interval } from '../../../src/types/interval.js';
import { KalamDataType, type ColumnType, type Value } from '../../../src/types/kalam-type.js';
import { PgArray } from '../../../src/types/pg-array.js';
import { PgOid } from '../../../src/types/pg-oids.js';
import { numericTypmod } from '../../../src/types/typmod.js';
import type { ColumnSpec } from './table-fixture.js';

const t = (kalam: KalamDataType, oid: number, typmod = -1): ColumnType => ({ kalam, oid, typmod });

export const ALL_TYPE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', type: t(KalamDataType.BIGINT, PgOid.INT8), primaryKey: true },
  { name: 'b', type: t(KalamDataType.BOOLEAN, PgOid.BOOL) },
  { name: 'i2', type: t(KalamDataType.SMALLINT, PgOid.INT2) },
  { name: 'i4', type: t(KalamDataType.INT, PgOid.INT4) },
  { name: 'i8', type: t(KalamDataType.BIGINT, PgOid.INT8) },
  { name: 'f4', type: t(KalamDataType.FLOAT, PgOid.FLOAT4) },
  { name: 'f8', type: t(KalamDataType.DOUBLE, PgOid.FLOAT8) },
  { name: 'txt', type: t(KalamDataType.TEXT, PgOid.TEXT) },
  { name: 'vc', type: t(KalamDataType.TEXT, PgOid.VARCHAR, 14) },
  { name: 'js', type: t(KalamDataType.JSON, PgOid.JSONB) },
  { name: 'num', type: t(KalamDataType.DECIMAL, PgOid.NUMERIC) },
  { name: 'num102', type: t(KalamDataType.DECIMAL, PgOid.NUMERIC, numericTypmod(10, 2)) },
  { name: 'by', type: t(KalamDataType.BYTES, PgOid.BYTEA) },
  { name: 'u', type: t(KalamDataType.UUID, PgOid.UUID) },
  { name: 'd', type: t(KalamDataType.DATE, PgOid.DATE) },
  { name: 'tm', type: t(KalamDataType.TIME, PgOid.TIME) },
  { name: 'ts', type: t(KalamDataType.TIMESTAMP, PgOid.TIMESTAMP) },
  { name: 'tz', type: t(KalamDataType.DATETIME, PgOid.TIMESTAMPTZ) },
  { name: 'iv', type: t(KalamDataType.INTERVAL, PgOid.INTERVAL) },
  { name: 'e3', type: t(KalamDataType.EMBEDDING, PgOid.VECTOR, 3) },
  { name: 'ev', type: t(KalamDataType.EMBEDDING, PgOid.VECTOR) },
  { name: 'ai', type: t(KalamDataType.ARRAY, PgOid.INT4_ARRAY) },
  { name: 'at', type: t(KalamDataType.ARRAY, PgOid.TEXT_ARRAY) },
];

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const f32 = (...xs: number[]): Float32Array => new Float32Array(xs);
const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff);

/** Rows in table layout, `_seq` 100+i, every fourth a tombstone. */
export function allTypeRows(): Value[][] {
  const rows: Value[][] = [
    [1n, true, -32768, -2147483648, I64_MIN, NaN, NaN, '', '', '{}', 'NaN', '0.00', new Uint8Array(0),
      '00000000-0000-0000-0000-000000000000', -2147483648, 0n, I64_MIN, I64_MIN,
      new Interval(-2147483648, -2147483648, I64_MIN), f32(0, 0, 0), f32(),
      new PgArray(KalamDataType.INT, [], [], []), new PgArray(KalamDataType.TEXT, [''], [1], [1])],
    [2n, false, 32767, 2147483647, I64_MAX, -0, -0, '😀 é 中文 \u{10FFFF}', 'abcdefghij', '{"a": [1, 2.5, null]}',
      'Infinity', '-99999999.99', bytes(256), 'ffffffff-ffff-ffff-ffff-ffffffffffff', 2147483647, 86_400_000_000n, I64_MAX, I64_MAX,
      new Interval(2147483647, 2147483647, I64_MAX), f32(-0, 1.5, 3.4028234663852886e38), f32(1),
      new PgArray(KalamDataType.INT, [1, null, 3, 4], [2, 2], [0, -3]), new PgArray(KalamDataType.TEXT, ['a"b', null, 'é'], [3], [1])],
    [3n, null, null, null, null, Infinity, Infinity, 'x'.repeat(5000), null, null,
      '-Infinity', null, null, null, null, null, null, null, null, null, null, null, null],
    [4n, true, 0, 0, 0n, -Infinity, -Infinity, null, null, '[]',
      '-123456789012345678901234567890.123456789012345678901234567890', '12345678.90', bytes(3), '123e4567-e89b-12d3-a456-426614174000',
      0, 1n, 0n, -1n, new Interval(14, 3, 14_706_700_000n), f32(Math.fround(0.1), -2, 1e-45), f32(1, 2, 3, 4, 5),
      new PgArray(KalamDataType.INT, [7], [1], [1]), new PgArray(KalamDataType.TEXT, [], [], [])],
    [5n, false, 1, -1, 1n, Math.fround(1.1), 5e-324, 'tab\tnew\nline', 'x', '{"k": "v"}',
      '0.000000000000000000000000000000000001', '-0.01', bytes(1), '00000000-0000-0000-0000-000000000001',
      -2440588, 12_345_678_901n, 1_700_000_000_000_000n, -62_135_596_800_000_000n, new Interval(0, 0, 0n), null, f32(-1.5),
      null, new PgArray(KalamDataType.TEXT, [null], [1], [5])],
    [6n, null, null, null, null, Math.fround(-1e-38), 1.7976931348623157e308, 'NULL', 'null', 'null',
      '0.00001', '1.00', bytes(17), 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 19000, 43_200_000_000n, -1n, 1n,
      new Interval(-1, 1, -1n), f32(1, 2, 3), null, new PgArray(KalamDataType.INT, [null], [1], [1]), null],
  ];
  return rows.map((r, i) => [...r, BigInt(100 + i), i % 4 === 3]);
}
