// interval's binary form, row storage, typmods and arithmetic edge cases that the differential
// tests cannot see (binary results, stored cells) or would need a very long list to reach.
import { describe, expect, it } from 'vitest';
import { decodeBinary, encodeBinary } from '../../src/types/binary-codec.js';
import {
  Interval, compareIntervals, divideInterval, justifyInterval, multiplyInterval,
} from '../../src/types/interval.js';
import { formatInterval, parseInterval } from '../../src/types/interval-text.js';
import { FIELD, intervalTypmod } from '../../src/types/interval-typmod.js';
import { KalamDataType } from '../../src/types/kalam-type.js';
import { columnType } from '../../src/types/type-registry.js';
import { formatType } from '../../src/types/format-type.js';
import { decodeRow, encodeRow } from '../../src/storage/row-codec.js';

const type = columnType(KalamDataType.INTERVAL);

describe('interval binary format (interval_send / interval_recv)', () => {
  it('is int64 µs, int32 days, int32 months, big-endian', () => {
    const v = new Interval(14, -3, 14706700000n);
    const bytes = encodeBinary(v, type);
    expect(Buffer.from(bytes).toString('hex')).toBe('000000036c966ee0' + 'fffffffd' + '0000000e');
    expect(decodeBinary(bytes, type)).toEqual(v);
  });

  it('rejects a wrong length with 22P03', () => {
    expect(() => decodeBinary(new Uint8Array(15), type)).toThrow(expect.objectContaining({ code: '22P03' }));
  });
});

describe('interval cells in stored rows', () => {
  it('round-trips next to other cells', () => {
    const v = new Interval(-7, 40, -1n);
    const row = encodeRow({ seq: 1n, deleted: false, schemaVersion: 1, cells: [
      { ordinal: 1, kalam: KalamDataType.INTERVAL, value: v },
      { ordinal: 2, kalam: KalamDataType.INT, value: 5 },
      { ordinal: 3, kalam: KalamDataType.INTERVAL, value: null },
    ] });
    const cells = decodeRow(row).cells;
    expect(cells[0]!.value).toEqual(v);
    expect(cells[1]!.value).toBe(5);
    expect(cells[2]!.value).toBeNull();
  });
});

describe('interval typmods', () => {
  it('packs ranges and precisions as PostgreSQL does and prints them with format_type', () => {
    const dayToSecond2 = intervalTypmod([FIELD.DAY | FIELD.HOUR | FIELD.MINUTE | FIELD.SECOND, 2]);
    expect(formatType(1186, dayToSecond2)).toBe('interval day to second(2)');
    expect(formatType(1186, intervalTypmod([0x7fff, 3]))).toBe('interval(3)');
    expect(formatInterval(parseInterval('1 day 01:02:03.456789', dayToSecond2))).toBe('1 day 01:02:03.46');
    expect(formatInterval(parseInterval('5', intervalTypmod([FIELD.MINUTE])))).toBe('00:05:00');
  });
});

describe('interval arithmetic', () => {
  // Expected values are what PostgreSQL 15 answers (TSROUND keeps 6 digits of the day fraction).
  it('cascades fractions of months and days down, never up', () => {
    expect(formatInterval(multiplyInterval(new Interval(1, 0, 0n), 1.5))).toBe('1 mon 15 days');
    expect(formatInterval(divideInterval(new Interval(12, 0, 0n), 7))).toBe('1 mon 21 days 10:17:08.5344');
    expect(formatInterval(justifyInterval(new Interval(0, 0, -90000000000n)))).toBe('-1 days -01:00:00');
  });

  it('orders by span with 30-day months and 24-hour days', () => {
    expect(compareIntervals(new Interval(1, 0, 0n), new Interval(0, 30, 0n))).toBe(0);
    expect(compareIntervals(new Interval(0, 1, 0n), new Interval(0, 0, 86400000001n))).toBe(-1);
  });

  it('reports overflow as 22008', () => {
    expect(() => multiplyInterval(new Interval(2147483647, 0, 0n), 2)).toThrow(expect.objectContaining({ code: '22008' }));
  });
});
