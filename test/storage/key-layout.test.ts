import { describe, expect, it } from 'vitest';
import { KalamDataType } from '../../src/types/kalam-type.js';
import { encodeKey, hasPrefix, prefixEnd } from '../../src/storage/keycode.js';
import {
  catalogKey, catalogName, catalogPrefix, indexKey, indexPrefix, metaKey, parseRowKey, rowKey, rowPrefix, sequenceKey, tablePrefix,
} from '../../src/storage/key-layout.js';

const pk = (n: number) => encodeKey([n], [KalamDataType.INT]);
const inRange = (key: Buffer, prefix: Buffer) => Buffer.compare(key, prefix) >= 0 && Buffer.compare(key, prefixEnd(prefix)) < 0;

describe('key layout', () => {
  it('matches the documented example', () => {
    expect(rowKey(7, 'alice', pk(42)).toString('hex')).toBe('72' + '00000007' + '01616c696365' + '0000' + '018000002a');
  });

  it('keeps one user partition apart from a user whose id it prefixes', () => {
    const al = rowPrefix(7, 'al');
    expect(inRange(rowKey(7, 'al', pk(1)), al)).toBe(true);
    expect(inRange(rowKey(7, 'alice', pk(1)), al)).toBe(false);
    expect(inRange(rowKey(7, 'al\u0000x', pk(1)), al)).toBe(false);
    expect(inRange(rowKey(7, 'alice', pk(1)), tablePrefix(7))).toBe(true);
    expect(inRange(rowKey(8, null, pk(1)), tablePrefix(7))).toBe(false);
    expect(inRange(rowKey(256, null, pk(1)), tablePrefix(1))).toBe(false);
  });

  it('orders rows of a partition by primary key', () => {
    const keys = [5, -3, 100, 0].map((n) => rowKey(3, null, pk(n)));
    const sorted = [...keys].sort(Buffer.compare);
    expect(sorted.map((k) => parseRowKey(k, false).pk)).toEqual([-3, 0, 5, 100].map(pk));
    expect(keys.every((k) => hasPrefix(k, rowPrefix(3, null)))).toBe(true);
  });

  it('parses row keys back', () => {
    expect(parseRowKey(rowKey(9, 'bob\u0000', pk(2)), true)).toEqual({ tableId: 9, partition: 'bob\u0000', pk: pk(2) });
    expect(parseRowKey(rowKey(9, null, pk(2)), false)).toEqual({ tableId: 9, partition: null, pk: pk(2) });
    expect(() => parseRowKey(catalogKey('table', 'x'), false)).toThrow();
  });

  it('gives each record kind its own range', () => {
    const firsts = new Set([catalogKey('table', 'a')[0], metaKey('v')[0], rowKey(1, null, pk(1))[0], sequenceKey(1)[0], indexKey(1, null, pk(1), pk(2))[0]]);
    expect(firsts.size).toBe(5);
    expect(sequenceKey(1).toString('hex')).toBe('7300000001');
    expect(metaKey('format-version').toString()).toBe('m/format-version');
    expect(() => rowKey(-1, null, pk(1))).toThrow(RangeError);
    expect(() => tablePrefix(2 ** 32)).toThrow(RangeError);
  });

  it('catalog keys are c/<kind>/<name>, scannable per kind', () => {
    const k = catalogKey('table', 'app.messages');
    expect(k.toString()).toBe('c/table/app.messages');
    expect(catalogName(k, 'table')).toBe('app.messages');
    expect(inRange(k, catalogPrefix('table'))).toBe(true);
    expect(inRange(catalogKey('tables', 'x'), catalogPrefix('table'))).toBe(false);
    expect(() => catalogPrefix('a/b')).toThrow(RangeError);
  });

  it('index entries sort by indexed value, then primary key', () => {
    const text = (s: string) => encodeKey([s], [KalamDataType.TEXT]);
    const a = indexKey(4, 'u', text('b'), pk(1));
    const b = indexKey(4, 'u', text('b'), pk(2));
    const c = indexKey(4, 'u', text('ba'), pk(0));
    expect([c, b, a].sort(Buffer.compare)).toEqual([a, b, c]);
    expect(inRange(a, indexPrefix(4, 'u'))).toBe(true);
  });
});
