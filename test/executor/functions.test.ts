/**
 * The function library and operators on their own and through the binder. Expected values
 * captured from PostgreSQL 15.18 unless a comment says otherwise.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { compileLike } from '../../src/executor/functions/like.js';
import { arithmeticFor, numericPower } from '../../src/executor/functions/arithmetic.js';
import { numericSqrt } from '../../src/executor/functions/math-functions.js';
import { lookupAggregate } from '../../src/executor/aggregates/builtin-aggregates.js';
import { KalamDataType } from '../../src/types/kalam-type.js';
import { T } from '../../src/binder/expr/expr-types.js';
import { loadParser, run, typeName } from '../binder/expr-harness.js';

beforeAll(loadParser);

function code(fn: () => unknown): [string, string] {
  try { fn(); } catch (e) { if (e instanceof SqlError) return [e.code, e.message]; throw e; }
  throw new Error('expected a SqlError');
}

describe('LIKE', () => {
  test('escapes, wildcards, case, newlines (captured: t f t t)', () => {
    expect(compileLike('a\\_c', '\\', false)('a_c')).toBe(true);
    expect(compileLike('a\\_c', '\\', false)('abc')).toBe(false);
    expect(compileLike('a%%', '\\', true)('A%')).toBe(true);
    expect(compileLike('line1%', '\\', false)('line1\nline2')).toBe(true);
    expect(compileLike('a\\', '\\', false)('a\\')).toBe(false); // trailing escape: no match, no error
    expect(compileLike('50!%', '!', false)('50%')).toBe(true);
  });
});

describe('arithmetic', () => {
  test('overflow and division errors (captured)', () => {
    expect(code(() => arithmeticFor('*', KalamDataType.BIGINT)!(9223372036854775807n, 2n))).toEqual(['22003', 'bigint out of range']);
    expect(code(() => arithmeticFor('*', KalamDataType.INT)!(-2147483648, -1))).toEqual(['22003', 'integer out of range']);
    expect(code(() => arithmeticFor('*', KalamDataType.DOUBLE)!(1e308, 10))).toEqual(['22003', 'value out of range: overflow']);
    expect(code(() => arithmeticFor('/', KalamDataType.DOUBLE)!(1, 0))).toEqual(['22012', 'division by zero']);
    expect(code(() => numericPower('0.0', '-1'))).toEqual(['2201F', 'zero raised to a negative power is undefined']);
    expect(code(() => run('abs((-32768)::int2)'))).toEqual(['22003', 'smallint out of range']);
  });

  test('integer division and modulo truncate toward zero (captured: -1, -3)', () => {
    expect(run('mod(-7::int8, 3::int8)').text).toBe('-1');
    expect(run('-7::int8 / 2').text).toBe('-3');
  });

  test('numeric sqrt and power scales (captured)', () => {
    expect(numericSqrt('10000')).toBe('100.0000000000000');
    expect(numericSqrt('0.0001')).toBe('0.01000000000000000');
    expect(numericPower('10', '-2')).toBe('0.0100000000000000');
    expect(numericPower('1.1', '2')).toBe('1.2100000000000000');
    expect(numericPower('4', '0.5')).toBe('2.0000000000000000');
    expect(numericPower('-8', '3')).toBe('-512.0000000000000000');
  });
});

describe('aggregate definitions', () => {
  test('result types follow PostgreSQL', () => {
    const result = (name: string, ...args: typeof T.int4[]) => typeName(lookupAggregate(name)!.resolve(args)!.fn.resultType);
    expect(result('count')).toBe('bigint');
    expect(result('sum', T.int2)).toBe('bigint');
    expect(result('sum', T.int4)).toBe('bigint');
    expect(result('sum', T.int8)).toBe('numeric');
    expect(result('sum', T.float4)).toBe('real');
    expect(result('avg', T.int4)).toBe('numeric');
    expect(result('avg', T.float4)).toBe('double precision');
    expect(result('max', T.varchar)).toBe('text');
    expect(result('min', T.date)).toBe('date');
    expect(lookupAggregate('sum')!.resolve([T.text])).toBeNull();
  });

  test('state API: init, step, final', () => {
    const { fn } = lookupAggregate('sum')!.resolve([T.int4])!;
    let s = fn.init();
    for (const v of [2147483647, 2147483647, 1]) s = fn.step(s, [v]);
    expect(fn.final(s)).toBe(4294967295n);
    const big = lookupAggregate('sum')!.resolve([T.int8])!.fn;
    let b = big.init();
    for (const v of [9223372036854775807n, 1n]) b = big.step(b, [v]);
    expect(big.final(b)).toBe('9223372036854775808');
  });
});

describe('function errors', () => {
  test('unknown function and wrong argument types (captured)', () => {
    expect(code(() => run('lower(1)'))).toEqual(['42883', 'function lower(integer) does not exist']);
    expect(code(() => run('sum_of(1)'))).toEqual(['42883', 'function sum_of(integer) does not exist']);
    expect(code(() => run("split_part('a,b', ',', 0)"))).toEqual(['22023', 'field position must not be zero']);
    expect(code(() => run("substring('abc', 2, -1)"))).toEqual(['22011', 'negative substring length not allowed']);
  });
});
