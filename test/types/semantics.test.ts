// Ordering, numeric helpers, implicit casts and common supertypes (PostgreSQL 15 behaviour).
import { describe, expect, it } from 'vitest';
import { canImplicitCast, castValue, commonSupertype } from '../../src/types/cast.js';
import { compareValues } from '../../src/types/compare.js';
import { KalamDataType, type ColumnType } from '../../src/types/kalam-type.js';
import {
  numericAbs, numericCompare, numericFromBigInt, numericFromNumber, numericNeg, numericNormalize, numericRound,
  numericToBigInt, numericToNumber, numericTrunc,
} from '../../src/types/numeric.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';
import { columnType } from '../../src/types/type-registry.js';
import { errorOf } from './golden-helpers.js';


describe('compareValues', () => {
  it('puts NaN above every float and numeric, and equal to itself', () => {
    const floats = [NaN, Infinity, -1, 0, -Infinity].sort((a, b) => compareValues(a, b, KalamDataType.DOUBLE));
    expect(floats).toEqual([-Infinity, -1, 0, Infinity, NaN]);
    expect(compareValues(NaN, NaN, KalamDataType.FLOAT)).toBe(0);
    expect(compareValues(-0, 0, KalamDataType.DOUBLE)).toBe(0);
    const nums = ['NaN', '10', '9.99', '-Infinity', 'Infinity', '1.0'].sort((a, b) => compareValues(a, b, KalamDataType.DECIMAL));
    expect(nums).toEqual(['-Infinity', '1.0', '9.99', '10', 'Infinity', 'NaN']);
    expect(compareValues('1.0', '1.000', KalamDataType.DECIMAL)).toBe(0);
  });

  it('compares text by code point (C collation) and bytea bytewise', () => {
    expect(compareValues('B', 'a', KalamDataType.TEXT)).toBe(-1);
    expect(compareValues('\uffff', '😀', KalamDataType.TEXT)).toBe(-1); // U+FFFF < U+1F600 although UTF-16 says otherwise
    expect(compareValues('ab', 'abc', KalamDataType.TEXT)).toBe(-1);
    expect(compareValues(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 0), KalamDataType.BYTES)).toBe(-1);
    expect(compareValues(Uint8Array.of(0xff), Uint8Array.of(1, 2), KalamDataType.BYTES)).toBe(1);
  });

  it('orders integers, timestamps, booleans and vectors', () => {
    expect(compareValues(9007199254740993n, 9007199254740992n, KalamDataType.BIGINT)).toBe(1);
    expect(compareValues(false, true, KalamDataType.BOOLEAN)).toBe(-1);
    expect(compareValues(Float32Array.of(1, 2), Float32Array.of(1, 3), KalamDataType.EMBEDDING)).toBe(-1);
    expect(compareValues(Float32Array.of(1, 2), Float32Array.of(1), KalamDataType.EMBEDDING)).toBe(1);
  });
});

describe('numeric helpers', () => {
  it('rounds half away from zero, at any scale', () => {
    expect(numericRound('2.5', 0)).toBe('3');
    expect(numericRound('-2.5', 0)).toBe('-3');
    expect(numericRound('1234.5678', 2)).toBe('1234.57');
    expect(numericRound('1250', -2)).toBe('1300');
    expect(numericRound('1.5', 3)).toBe('1.500');
    expect(numericTrunc('-1.99', 1)).toBe('-1.9');
    expect(numericTrunc('1299', -2)).toBe('1200');
  });

  it('converts like PostgreSQL casts do', () => {
    expect(numericFromNumber(0.1)).toBe('0.1');
    expect(numericFromNumber(1 / 3)).toBe('0.333333333333333');
    expect(numericFromNumber(NaN)).toBe('NaN');
    expect(numericFromBigInt(-12n)).toBe('-12');
    expect(numericToNumber('1.5')).toBe(1.5);
    expect(numericToBigInt('2.5')).toBe(3n);
    expect(numericToBigInt('-2.5')).toBe(-3n);
    expect(errorOf(() => numericToBigInt('9223372036854775808'))).toEqual({ code: '22003', message: 'bigint out of range' });
    expect(errorOf(() => numericToBigInt('NaN')).code).toBe('0A000');
  });

  it('normalises and compares', () => {
    expect(numericNormalize(' 1e3 ')).toBe('1000');
    expect(numericNormalize('-0.00')).toBe('0.00');
    expect(numericNeg('0')).toBe('0');
    expect(numericAbs('-1.20')).toBe('1.20');
    expect(numericCompare('2', '10')).toBe(-1);
    expect(errorOf(() => numericNormalize('1.2.3'))).toEqual({ code: '22P02', message: 'invalid input syntax for type numeric: "1.2.3"' });
  });
});

describe('implicit casts and common supertypes', () => {
  it('follows pg_cast for implicit casts', () => {
    expect(canImplicitCast(KalamDataType.SMALLINT, KalamDataType.INT)).toBe(true);
    expect(canImplicitCast(KalamDataType.INT, KalamDataType.DECIMAL)).toBe(true);
    expect(canImplicitCast(KalamDataType.DECIMAL, KalamDataType.FLOAT)).toBe(true);
    expect(canImplicitCast(KalamDataType.DOUBLE, KalamDataType.FLOAT)).toBe(false);
    expect(canImplicitCast(KalamDataType.BIGINT, KalamDataType.INT)).toBe(false);
    expect(canImplicitCast(KalamDataType.DATE, KalamDataType.DATETIME)).toBe(true);
    expect(canImplicitCast(KalamDataType.DATETIME, KalamDataType.TIMESTAMP)).toBe(false);
    expect(canImplicitCast(KalamDataType.INT, KalamDataType.TEXT)).toBe(false);
    expect(canImplicitCast(KalamDataType.BOOLEAN, KalamDataType.INT)).toBe(false);
  });

  const t = (oid: number, typmod = -1): ColumnType => ({ kalam: columnTypeOf(oid), oid, typmod });
  function columnTypeOf(oid: number): KalamDataType {
    const map: Record<number, KalamDataType> = { 21: KalamDataType.SMALLINT, 23: KalamDataType.INT, 20: KalamDataType.BIGINT, 1700: KalamDataType.DECIMAL, 700: KalamDataType.FLOAT,
      701: KalamDataType.DOUBLE, 25: KalamDataType.TEXT, 1043: KalamDataType.TEXT, 1042: KalamDataType.TEXT, 19: KalamDataType.TEXT, 1082: KalamDataType.DATE, 1114: KalamDataType.TIMESTAMP, 1184: KalamDataType.DATETIME,
      114: KalamDataType.JSON, 3802: KalamDataType.JSON };
    return map[oid]!;
  }

  // Results captured from PostgreSQL 15 with SELECT pg_typeof(x) FROM (SELECT a UNION SELECT b).
  it.each([
    [23, 1700, 1700], [1700, 700, 700], [1043, 25, 1043], [19, 1043, 19], [1082, 1114, 1114], [1043, 1042, 1043],
    [21, 20, 20], [701, 23, 701], [1114, 1184, 1184],
  ])('%i with %i → %i', (a, b, expected) => {
    expect(commonSupertype(t(a), t(b))?.oid).toBe(expected);
  });

  it('has no common type across categories', () => {
    expect(commonSupertype(t(23), t(25))).toBeNull();
    expect(commonSupertype(t(114), t(3802))).toBeNull();
  });

  it('keeps a shared typmod and drops differing ones', () => {
    expect(commonSupertype(t(1043, 14), t(1043, 14))?.typmod).toBe(14);
    expect(commonSupertype(t(1043, 14), t(1043, 20))?.typmod).toBe(-1);
  });
});

describe('castValue', () => {
  const ctx = DEFAULT_TYPE_CONTEXT;
  it('refuses pairs PostgreSQL has no cast for', () => {
    expect(errorOf(() => castValue('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', columnType(KalamDataType.UUID), columnType(KalamDataType.INT), ctx)))
      .toEqual({ code: '42846', message: 'cannot cast type uuid to integer' });
    expect(errorOf(() => castValue(5n, columnType(KalamDataType.BIGINT), columnType(KalamDataType.DATE), ctx)).code).toBe('42846');
  });

  it('moves timestamps through the session zone', () => {
    const la = { ...ctx, timeZone: 'America/Los_Angeles' };
    const local = 1_704_164_645_000_000n; // 2024-01-02 03:04:05
    expect(castValue(local, columnType(KalamDataType.TIMESTAMP), columnType(KalamDataType.DATETIME), la)).toBe(local + 8n * 3_600_000_000n);
    expect(castValue(local, columnType(KalamDataType.DATETIME), columnType(KalamDataType.DATE), la)).toBe(19723); // 2024-01-01 in LA
    expect(castValue(null, columnType(KalamDataType.DATETIME), columnType(KalamDataType.DATE), la)).toBeNull();
  });

  it('converts vectors and uuids to and from text', () => {
    const v = castValue('[1,2]', columnType(KalamDataType.TEXT), { kalam: KalamDataType.EMBEDDING, oid: 16389, typmod: 2 }, ctx);
    expect(castValue(v, columnType(KalamDataType.EMBEDDING), columnType(KalamDataType.TEXT), ctx)).toBe('[1,2]');
    expect(castValue('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', columnType(KalamDataType.TEXT), columnType(KalamDataType.UUID), ctx))
      .toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
  });
});
