/**
 * Aggregate functions on their own: transition and final steps fed values directly. Expected
 * values captured from PostgreSQL 15.18 (pgvector's from its source: vector_add, vector_avg).
 */
import { describe, expect, test } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { lookupAggregate } from '../../src/executor/aggregates/builtin-aggregates.js';
import { lookupOrderedSet } from '../../src/executor/aggregates/ordered-set-aggregates.js';
import type { ColumnType, Value } from '../../src/types/kalam-type.js';
import { T } from '../../src/binder/expr/expr-types.js';

function aggregate(name: string, type: ColumnType, values: readonly Value[]): Value {
  const fn = lookupAggregate(name)!.resolve([type])!.fn;
  let state = fn.init();
  for (const v of values) if (v !== null || !fn.strict) state = fn.step(state, [v]);
  return fn.final(state);
}

function orderedSet(name: string, direct: readonly Value[], type: ColumnType, sorted: readonly Value[]): Value {
  const fn = lookupOrderedSet(name)!.resolve(direct.map(() => T.float8), type)!.fn;
  let state = fn.init();
  for (const v of sorted) state = fn.step(state, [v, ...direct]);
  return fn.final(state);
}

describe('variance and standard deviation', () => {
  test('integers give numeric with select_div_scale digits', () => {
    expect(aggregate('stddev', T.int4, [1, 2, 3, 4])).toBe('1.2909944487358056');
    expect(aggregate('var_pop', T.int4, [1, 2, 3, 4])).toBe('1.2500000000000000');
    expect(aggregate('stddev_pop', T.int8, [1n, 2n, 3n, 4n])).toBe('1.1180339887498948');
    expect(aggregate('var_pop', T.int4, [7])).toBe('0');
    expect(aggregate('var_samp', T.int4, [7])).toBeNull();
  });
  test('numeric keeps the input scale in the sums', () => {
    const xs = ['1.5', '2.25', '-3.00', '10.00', '0.10', '0.20'];
    expect(aggregate('var_samp', T.numeric, xs)).toBe('19.2024166666666667');
    expect(aggregate('stddev_samp', T.numeric, xs)).toBe('4.3820562144576223');
    expect(aggregate('variance', T.numeric, ['1', 'NaN'])).toBe('NaN');
  });
  test('floats use the Youngs-Cramer sums', () => {
    expect(aggregate('variance', T.float8, [1.5, 2.5, 1e10])).toBe(3.333333332e+19);
    expect(aggregate('stddev', T.float8, [1.5, 2.5, 1e10])).toBe(5773502690.741557);
  });
});

describe('ordered-set aggregates', () => {
  test('percentile_cont interpolates, percentile_disc picks a row', () => {
    expect(orderedSet('percentile_cont', [0.4], T.float8, [1, 2, 7, 10])).toBe(3.000000000000001);
    expect(orderedSet('percentile_disc', [0.4], T.int4, [1, 2, 7, 10])).toBe(2);
    expect(orderedSet('percentile_disc', [0], T.int4, [1, 2])).toBe(1);
    expect(orderedSet('percentile_cont', [null], T.float8, [1, 2])).toBeNull();
    expect(() => orderedSet('percentile_cont', [1.5], T.float8, [1])).toThrow(SqlError);
  });
  test('mode: the most frequent, the first in order on a tie', () => {
    expect(orderedSet('mode', [], T.text, ['a', 'b', 'b', 'c', 'c'])).toBe('b');
    expect(orderedSet('mode', [], T.text, [null, null, 'z'])).toBe('z');
  });
});

describe('pgvector sum and avg', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);
  test('element-wise, single-precision sum; double-precision average', () => {
    expect(aggregate('sum', T.vector, [v(1, 2), v(3, 4.5), null])).toEqual(v(4, 6.5));
    expect(aggregate('avg', T.vector, [v(1, 2), v(2, 2.5)])).toEqual(v(1.5, 2.25));
    expect(aggregate('avg', T.vector, [])).toBeNull();
  });
  test('dimension mismatches are 22000', () => {
    const e = (() => { try { aggregate('sum', T.vector, [v(1), v(1, 2)]); } catch (x) { return x as SqlError; } return null; })();
    expect(e?.code).toBe('22000');
  });
});

describe('bitwise aggregates', () => {
  test('keep the input type', () => {
    expect(aggregate('bit_and', T.int4, [12, 10])).toBe(8);
    expect(aggregate('bit_or', T.int8, [12n, 3n])).toBe(15n);
    expect(aggregate('bit_xor', T.int2, [5, 1])).toBe(4);
    expect(lookupAggregate('bit_and')!.resolve([T.bool])).toBeNull();
  });
});
