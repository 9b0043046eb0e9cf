/**
 * The JSON set-returning functions called through the set-returning registry (SQL reaches them
 * once FROM-clause and SELECT-list SRFs are wired). Expected rows captured from PostgreSQL 15.
 */
import { describe, expect, test } from 'vitest';
import { SqlError } from '../../src/errors/sql-error.js';
import { lookupSetFunction } from '../../src/executor/functions/index.js';
import { FOLD_CTX } from '../../src/binder/expr/compile.js';
import { T } from '../../src/binder/expr/expr-types.js';
import type { Value } from '../../src/types/kalam-type.js';

function call(name: string, doc: string): { columns: (string | null)[]; rows: Value[][] } {
  const overload = lookupSetFunction(name)![0]!;
  const type = name.startsWith('jsonb') ? T.jsonb : T.json;
  return {
    columns: overload.columns([type]).map((c) => c.name),
    rows: overload.build([type])([doc], FOLD_CTX),
  };
}

function error(name: string, doc: string): [string, string] {
  try { call(name, doc); } catch (e) { if (e instanceof SqlError) return [e.code, e.message]; throw e; }
  throw new Error('expected a SqlError');
}

describe('JSON set-returning functions', () => {
  test('jsonb_each: keys in jsonb order, last duplicate wins', () => {
    expect(call('jsonb_each', '{"a": "x", "b": null, "aa": 1.50}')).toEqual({
      columns: ['key', 'value'], rows: [['a', '"x"'], ['b', 'null'], ['aa', '1.50']],
    });
  });

  test('json_each and json_each_text: document order, duplicates and spacing kept', () => {
    const doc = '{"b": [1,  2], "a": "x", "b": null}';
    expect(call('json_each', doc).rows).toEqual([['b', '[1,  2]'], ['a', '"x"'], ['b', 'null']]);
    expect(call('json_each_text', doc).rows).toEqual([['b', '[1,  2]'], ['a', 'x'], ['b', null]]);
  });

  test('array elements, as json(b) and as text', () => {
    expect(call('jsonb_array_elements_text', '["a", null, 1.0, [1,  2], {"k": true}]').rows)
      .toEqual([['a'], [null], ['1.0'], ['[1, 2]'], ['{"k": true}']]);
    expect(call('json_array_elements', '["a", null, 1.0, [1,  2]]')).toEqual({
      columns: ['value'], rows: [['"a"'], ['null'], ['1.0'], ['[1,  2]']],
    });
  });

  test('object keys: one column named after the function', () => {
    const doc = '{"bb": 1, "a": 2, "c": 3, "a": 4}';
    expect(call('jsonb_object_keys', doc)).toEqual({ columns: [null], rows: [['a'], ['c'], ['bb']] });
    expect(call('json_object_keys', doc).rows).toEqual([['bb'], ['a'], ['c'], ['a']]);
  });

  test('errors on the wrong kind of document (captured)', () => {
    expect(error('jsonb_array_elements', '{"a": 1}')).toEqual(['22023', 'cannot extract elements from an object']);
    expect(error('jsonb_array_elements_text', '5')).toEqual(['22023', 'cannot extract elements from a scalar']);
    expect(error('json_array_elements', '{"a": 1}')).toEqual(['22023', 'cannot call json_array_elements on a non-array']);
    expect(error('json_array_elements_text', '1')).toEqual(['22023', 'cannot call json_array_elements_text on a scalar']);
    expect(error('jsonb_each', '[1]')).toEqual(['22023', 'cannot call jsonb_each on a non-object']);
    expect(error('jsonb_each_text', '1')).toEqual(['22023', 'cannot call jsonb_each_text on a non-object']);
    expect(error('json_each', '[1]')).toEqual(['22023', 'cannot deconstruct an array as an object']);
    expect(error('json_each_text', '1')).toEqual(['22023', 'cannot deconstruct a scalar']);
    expect(error('jsonb_object_keys', '[1, 2]')).toEqual(['22023', 'cannot call jsonb_object_keys on an array']);
    expect(error('json_object_keys', '1')).toEqual(['22023', 'cannot call json_object_keys on a scalar']);
  });
});
