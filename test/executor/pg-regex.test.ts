/**
 * PostgreSQL regular expressions translated to JavaScript, SIMILAR TO patterns and format().
 * Expected values captured from PostgreSQL 15.18 (LC_CTYPE C).
 */
import { describe, expect, test } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { compilePgRegex, parseRegexFlags, regexTest } from '../../src/executor/functions/pg-regex.js';
import { regexpReplace, regexpSplit, regexSubstring } from '../../src/executor/functions/regexp-functions.js';
import { similarToRegex } from '../../src/executor/functions/similar-to.js';
import { formatString } from '../../src/executor/functions/format-function.js';
import { glibcCbrt } from '../../src/executor/functions/glibc-cbrt.js';
import { numericExp, numericLn, numericLog } from '../../src/types/numeric-transcendental.js';
import { numericPower } from '../../src/executor/functions/arithmetic.js';
import { T } from '../../src/binder/expr/expr-types.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';

const matches = (s: string, p: string, flags = '') => regexTest(compilePgRegex(p, parseRegexFlags(flags).flags), s);

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof SqlError) return e.code; throw e; }
  throw new Error('expected a SqlError');
}

describe('ARE → JS', () => {
  test('dot, anchors and newline modes', () => {
    expect(matches('a\nb', 'a.b')).toBe(true);
    expect(matches('a\nb', '^b')).toBe(false);
    expect(matches('a\nb', '^b', 'n')).toBe(true);
    expect(matches('a\nb', 'a.b', 'n')).toBe(false);
    expect(matches('a\nb', 'a[^x]b', 'p')).toBe(false);
  });
  test('word boundaries, classes and escapes', () => {
    expect(matches('foo bar', '\\mbar\\M')).toBe(true);
    expect(matches('foobar', '\\mbar')).toBe(false);
    expect(matches('a b', 'a\\yb')).toBe(false);
    expect(matches('x1', '[[:alpha:]][[:digit:]]')).toBe(true);
    expect(matches('é', '[[:alpha:]]')).toBe(false);
    expect(matches('a]', '[]]')).toBe(true);
    expect(matches('a{b', 'a{b')).toBe(true);
    expect(matches('aaa', '^a{,2}$')).toBe(false);
    expect(matches('ABC', '(?i)abc')).toBe(true);
    expect(matches('abc', '***=a.c')).toBe(false);
  });
  test('invalid patterns are 2201B, unknown flags 22023', () => {
    expect(code(() => compilePgRegex('('))).toBe('2201B');
    expect(code(() => compilePgRegex('a{300}'))).toBe('2201B');
    expect(code(() => compilePgRegex('\\q'))).toBe('2201B');
    expect(code(() => compilePgRegex('[[:foo:]]'))).toBe('2201B');
    expect(code(() => parseRegexFlags('z'))).toBe('22023');
  });
  test('replace, substring, split', () => {
    const rx = (p: string, f = '') => compilePgRegex(p, parseRegexFlags(f).flags);
    expect(regexpReplace('2024-01-15', rx('(\\d+)-(\\d+)-(\\d+)'), '\\3/\\2/\\1', 1, 1)).toBe('15/01/2024');
    expect(regexpReplace('aaa', rx('a*'), 'X', 1, 0)).toBe('XX');
    expect(regexpReplace('abc', rx(''), '-', 1, 0)).toBe('-a-b-c-');
    expect(regexpReplace('abcabcabc', rx('b'), 'X', 1, 2)).toBe('abcaXcabc');
    expect(regexSubstring('foobar', rx('o(b.)'))).toBe('ba');
    expect(regexSubstring('foo', rx('foo(bar)?'))).toBe(null);
    expect(regexpSplit('a1b22c333d', '[0-9]+', '')).toEqual(['a', 'b', 'c', 'd']);
    expect(regexpSplit('abc', '', '')).toEqual(['a', 'b', 'c']);
  });
});

describe('SIMILAR TO', () => {
  test('patterns and escape-double-quotes', () => {
    expect(similarToRegex('a(b|c)%', '\\')).toBe('^(?:a(?:b|c).*)$');
    expect(similarToRegex('%#"o_b#"%', '#')).toBe('^(?:.*){1,1}?(o.b){1,1}(?:.*)$');
    expect(code(() => similarToRegex('a', '##'))).toBe('22025');
  });
});

describe('format()', () => {
  const fmt = (...args: (string | number | null)[]) =>
    formatString(args, args.map((a) => (typeof a === 'number' ? T.int4 : T.text)), DEFAULT_TYPE_CONTEXT);
  test('positions, widths, quoting', () => {
    expect(fmt('%-5s|%5s|%*s|%-*s|%*s|', 'a', 'b', 3, 'c', 3, 'd', -3, 'e')).toBe('a    |    b|  c|d  |e  |');
    expect(fmt('%s %1$s %s', 'a', 'b')).toBe('a a b');
    expect(fmt('%I %L %L', 'A b', "it's", null)).toBe(`"A b" 'it''s' NULL`);
  });
  test('errors', () => {
    expect(code(() => fmt('%s %s', 'x'))).toBe('22023');
    expect(code(() => fmt('%q', 'x'))).toBe('22023');
    expect(code(() => fmt('%I', null))).toBe('22004');
  });
});

describe('numeric and float math', () => {
  test('transcendental functions at PostgreSQL scales', () => {
    expect(numericPower('2', '0.5')).toBe('1.4142135623730950');
    expect(numericPower('0.5', '100.5')).toBe('0.0000000000000000000000000000005578088954947358');
    expect(numericLn('10.0')).toBe('2.3025850929940457');
    expect(numericExp('1.0')).toBe('2.7182818284590452');
    expect(numericLog('2', '8')).toBe('3.0000000000000000');
    expect(code(() => numericLog('1', '10'))).toBe('22012');
  });
  test('cbrt as glibc rounds it', () => {
    expect(glibcCbrt(27)).toBe(3.0000000000000004);
    expect(glibcCbrt(2)).toBe(1.2599210498948734);
    expect(glibcCbrt(-27)).toBe(-3.0000000000000004);
    expect(glibcCbrt(8)).toBe(2);
  });
});
