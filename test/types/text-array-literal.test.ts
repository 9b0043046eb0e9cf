/** text[] literals as path and key arguments read them (array_in's rules; errors captured from PostgreSQL 15). */
import { describe, expect, test } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { parseTextArrayLiteral } from '../../src/types/text-array-literal.js';

function code(text: string): string {
  try { parseTextArrayLiteral(text); } catch (e) { if (e instanceof SqlError) return e.code; throw e; }
  throw new Error('expected a SqlError');
}

describe('text[] literals', () => {
  test('elements, quoting, NULL, spaces', () => {
    expect(parseTextArrayLiteral('{addr,city}')).toEqual({ items: ['addr', 'city'], dims: [2] });
    expect(parseTextArrayLiteral(' { a b , "c,d" , NULL, "NULL", \\"q } ')).toEqual({ items: ['a b', 'c,d', null, 'NULL', '"q'], dims: [5] });
    expect(parseTextArrayLiteral('{}')).toEqual({ items: [], dims: [] });
  });

  test('two dimensions', () => {
    expect(parseTextArrayLiteral('{{a,1},{b,2}}')).toEqual({ items: ['a', '1', 'b', '2'], dims: [2, 2] });
  });

  test('malformed literals are 22P02', () => {
    expect(code('a')).toBe('22P02');
    expect(code('{a')).toBe('22P02');
    expect(code('{a,}')).toBe('22P02');
    expect(code('{a} x')).toBe('22P02');
    expect(code('{{a},{b,c}}')).toBe('22P02');
    expect(code('{a,{b}}')).toBe('22P02');
  });
});
