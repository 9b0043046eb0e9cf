// Behaviour not covered by the PostgreSQL goldens: pgvector (not installed on the reference
// server; expectations from pgvector's vector.c), binary errors, typmods, float settings, zones.
import { describe, expect, it } from 'vitest';
import { decodeBinary, encodeBinary } from '../../src/types/binary-codec.js';
import { formatFloat4, formatFloat8 } from '../../src/types/float-format.js';
import { KalamDataType, type ColumnType } from '../../src/types/kalam-type.js';
import { applyTypmod, formatText, parseText } from '../../src/types/text-codec.js';
import { timeZoneForOffset } from '../../src/types/time-zone.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';
import { columnType } from '../../src/types/type-registry.js';
import { ctxWith, errorOf, hex } from './golden-helpers.js';

const ctx = DEFAULT_TYPE_CONTEXT;
const vector = (n: number): ColumnType => ({ kalam: KalamDataType.EMBEDDING, oid: 16389, typmod: n });

describe('vector (pgvector text and binary forms)', () => {
  it('reads and prints [1,2,3] with float4 shortest digits', () => {
    const v = parseText(' [1, 2.5 ,-3e-2,0.1] ', vector(4), ctx) as Float32Array;
    expect(v).toBeInstanceOf(Float32Array);
    expect(formatText(v, vector(4), ctx)).toBe('[1,2.5,-0.03,0.1]');
    expect(formatText(Float32Array.of(1e10, 123456789), vector(-1), ctx)).toBe('[1e+10,1.2345679e+08]');
  });

  it('checks dimensions against the typmod', () => {
    expect(errorOf(() => parseText('[1,2]', vector(3), ctx))).toEqual({ code: '22000', message: 'expected 3 dimensions, not 2' });
    expect(errorOf(() => applyTypmod(Float32Array.of(1), vector(2)))).toEqual({ code: '22000', message: 'expected 2 dimensions, not 1' });
  });

  it.each([
    ['1,2', '22P02', 'invalid input syntax for type vector: "1,2"'],
    ['[]', '22000', 'vector must have at least 1 dimension'],
    ['[1,2', '22P02', 'invalid input syntax for type vector: "[1,2"'],
    ['[1,,2]', '22P02', 'invalid input syntax for type vector: "[1,,2]"'],
    ['[1] x', '22P02', 'invalid input syntax for type vector: "[1] x"'],
    ['[NaN]', '22000', 'NaN not allowed in vector'],
    ['[inf]', '22000', 'infinite value not allowed in vector'],
    ['[1e39]', '22003', '"1e39" is out of range for type vector'],
  ])('%s fails with %s', (text, code, message) => {
    expect(errorOf(() => parseText(text, vector(-1), ctx))).toEqual({ code, message });
  });

  it('uses pgvector binary: int16 dim, int16 unused, float4s', () => {
    const bytes = encodeBinary(Float32Array.of(1, -2), vector(2));
    expect(hex(bytes)).toBe('000200003f800000c0000000');
    expect(Array.from(decodeBinary(bytes, vector(2)) as Float32Array)).toEqual([1, -2]);
    expect(errorOf(() => decodeBinary(bytes, vector(3))).message).toBe('expected 3 dimensions, not 2');
    expect(errorOf(() => decodeBinary(Buffer.from('00020001', 'hex'), vector(-1))).message).toBe('expected unused to be 0, not 1');
    expect(errorOf(() => decodeBinary(Buffer.from('000200003f800000', 'hex'), vector(-1))).code).toBe('22P03');
  });
});

describe('binary format errors', () => {
  it.each([
    [KalamDataType.INT, '000001', 'insufficient data left in message'],
    [KalamDataType.INT, '0000000100', 'incorrect binary data format'],
    [KalamDataType.BIGINT, '00', 'insufficient data left in message'],
    [KalamDataType.UUID, '00', 'insufficient data left in message'],
    [KalamDataType.DECIMAL, '0001', 'insufficient data left in message'],
    [KalamDataType.DECIMAL, '0001000000000000', 'insufficient data left in message'],
    [KalamDataType.DECIMAL, '00010000000000002710', 'invalid digit in external "numeric" value'],
    [KalamDataType.DECIMAL, '0000000012340000', 'invalid sign in external "numeric" value'],
  ])('%s from %s: %s', (kalam, bytes, message) => {
    const err = errorOf(() => decodeBinary(Buffer.from(bytes, 'hex'), columnType(kalam)));
    expect(err).toEqual({ code: '22P03', message });
  });

  it('rejects invalid UTF-8 and bad jsonb versions', () => {
    expect(errorOf(() => decodeBinary(Uint8Array.of(0xff, 0xfe), columnType(KalamDataType.TEXT))).code).toBe('22021');
    expect(errorOf(() => decodeBinary(Uint8Array.of(2, 0x31), columnType(KalamDataType.JSON))).message)
      .toBe('unsupported jsonb version number 2');
  });

  it('applies the typmod on receive like an assignment', () => {
    const v3: ColumnType = { kalam: KalamDataType.TEXT, oid: 1043, typmod: 7 };
    expect(errorOf(() => decodeBinary(Buffer.from('abcd'), v3)).code).toBe('22001');
    const n52: ColumnType = { kalam: KalamDataType.DECIMAL, oid: 1700, typmod: (5 << 16 | 2) + 4 };
    expect(decodeBinary(encodeBinary('1.005', columnType(KalamDataType.DECIMAL)), n52)).toBe('1.01');
  });

  it('round-trips infinities of dates and timestamps as PostgreSQL sentinels', () => {
    const ts = columnType(KalamDataType.TIMESTAMP);
    const inf = parseText('infinity', ts, ctx)!;
    expect(hex(encodeBinary(inf, ts))).toBe('7fffffffffffffff');
    expect(formatText(decodeBinary(encodeBinary(inf, ts), ts)!, ts, ctx)).toBe('infinity');
    const date = columnType(KalamDataType.DATE);
    expect(hex(encodeBinary(parseText('-infinity', date, ctx)!, date))).toBe('80000000');
  });
});

describe('text input details', () => {
  it('rejects NUL in text and json', () => {
    expect(errorOf(() => parseText('a\0b', columnType(KalamDataType.TEXT), ctx)).code).toBe('22021');
  });

  it('cuts names to 63 bytes on a character boundary', () => {
    const name: ColumnType = { kalam: KalamDataType.TEXT, oid: 19, typmod: -1 };
    expect(parseText('é'.repeat(40), name, ctx)).toBe('é'.repeat(31));
  });

  it('pads char(n) and counts characters, not bytes', () => {
    const c4: ColumnType = { kalam: KalamDataType.TEXT, oid: 1042, typmod: 8 };
    expect(parseText('é', c4, ctx)).toBe('é   ');
    expect(parseText('😀😀😀😀', c4, ctx)).toBe('😀😀😀😀');
  });

  it('explicit typmod application truncates instead of failing', () => {
    const v3: ColumnType = { kalam: KalamDataType.TEXT, oid: 1043, typmod: 7 };
    expect(applyTypmod('abcdef', v3, true)).toBe('abc');
    expect(errorOf(() => applyTypmod('abcdef', v3)).message).toBe('value too long for type character varying(3)');
  });

  it('reads dates in the DateStyle order', () => {
    const date = columnType(KalamDataType.DATE);
    const dmy = { ...ctx, dateStyle: 'ISO, DMY' };
    expect(formatText(parseText('01/02/2024', date, dmy)!, date, dmy)).toBe('2024-02-01');
    expect(formatText(parseText('01/02/2024', date, ctx)!, date, ctx)).toBe('2024-01-02');
  });

  it('reads now/today from the context clock', () => {
    const ts = columnType(KalamDataType.TIMESTAMP);
    const at = { ...ctx, now: () => 1_704_164_645_000_000n }; // 2024-01-02 03:04:05 UTC
    expect(formatText(parseText('now', ts, at)!, ts, at)).toBe('2024-01-02 03:04:05');
    expect(formatText(parseText('tomorrow', ts, at)!, ts, at)).toBe('2024-01-03 00:00:00');
    const tz = columnType(KalamDataType.DATETIME);
    const kolkata = { ...at, timeZone: 'Asia/Kolkata' };
    expect(formatText(parseText('today', tz, kolkata)!, tz, kolkata)).toBe('2024-01-02 00:00:00+05:30');
  });
});

describe('float output settings', () => {
  // Captured from PostgreSQL 15 with SET extra_float_digits = 0 / -3.
  it('follows extra_float_digits ≤ 0 like %g', () => {
    expect([0.1, 1 / 3, 1e15, 1e-5, 100, 1e100].map((n) => formatFloat8(n, 0)))
      .toEqual(['0.1', '0.333333333333333', '1e+15', '1e-05', '100', '1e+100']);
    expect(formatFloat4(Math.fround(1234567), 0)).toBe('1.23457e+06');
    expect(formatFloat8(1 / 3, -3)).toBe('0.333333333333');
    expect(formatFloat8(123456789, -3)).toBe('123456789');
    const ctx0 = { ...ctx, extraFloatDigits: 0 };
    expect(formatText(Math.fround(0.1), columnType(KalamDataType.FLOAT), ctx0)).toBe('0.1');
  });
});

describe('time zones', () => {
  it('spells fixed offsets the way PostgreSQL shows SET TIME ZONE INTERVAL', () => {
    expect(timeZoneForOffset(5.5 * 3600)).toBe('<+05:30>-05:30');
    const tz = columnType(KalamDataType.DATETIME);
    const c = ctxWith(timeZoneForOffset(5.5 * 3600));
    expect(formatText(parseText('2024-01-02 03:04:05+00', tz, c)!, tz, c)).toBe('2024-01-02 08:34:05+05:30');
  });

  it('rejects unknown zones in input', () => {
    const tz = columnType(KalamDataType.DATETIME);
    expect(errorOf(() => parseText('2024-01-02 03:04 Mars/Base', tz, ctx)).code).toBe('22007');
  });
});
