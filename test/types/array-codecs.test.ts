import { describe, expect, it } from 'vitest';
import { KalamDataType } from '../../src/types/kalam-type.js';
import { PgArray } from '../../src/types/pg-array.js';
import { PgOid } from '../../src/types/pg-oids.js';
import { parseText, formatText } from '../../src/types/text-codec.js';
import { decodeBinary, encodeBinary } from '../../src/types/binary-codec.js';
import { resolveTypeName } from '../../src/types/declared-type.js';
import { DEFAULT_TYPE_CONTEXT } from '../../src/types/type-context.js';
import { decodeRow, encodeRow } from '../../src/storage/row-codec.js';

const INT4_ARRAY = { kalam: KalamDataType.ARRAY, oid: PgOid.INT4_ARRAY, typmod: -1 };
const TEXT_ARRAY = { kalam: KalamDataType.ARRAY, oid: PgOid.TEXT_ARRAY, typmod: -1 };
const ctx = DEFAULT_TYPE_CONTEXT;

describe('array text form (array_in / array_out)', () => {
  it.each([
    ['{1,2,3}', '{1,2,3}'],
    ['{}', '{}'],
    [' { 1 , NULL ,3 } ', '{1,NULL,3}'],
    ['{{1,2},{3,4}}', '{{1,2},{3,4}}'],
    ['[0:2]={7,8,9}', '[0:2]={7,8,9}'],
    ['[1:2]={7,8}', '{7,8}'],
  ])('int4[] %s reads back as %s', (input, output) => {
    expect(formatText(parseText(input, INT4_ARRAY, ctx)!, INT4_ARRAY, ctx)).toBe(output);
  });

  it('quotes what needs quoting and keeps a quoted NULL as text', () => {
    const v = parseText('{"a b","c,d","e\\"f","",NULL,"NULL","x\\\\y",  plain  }', TEXT_ARRAY, ctx) as PgArray;
    expect(v.items).toEqual(['a b', 'c,d', 'e"f', '', null, 'NULL', 'x\\y', 'plain']);
    expect(formatText(v, TEXT_ARRAY, ctx)).toBe('{"a b","c,d","e\\"f","",NULL,"NULL","x\\\\y",plain}');
  });

  it.each(['{1,2', '{{1,2},{3}}', '1,2', '{1,2}}', '{{1},2}', '[1:2]={1}', '{1,,2}'])('%s is a malformed array literal', (input) => {
    expect(() => parseText(input, INT4_ARRAY, ctx)).toThrow(expect.objectContaining({ code: '22P02' }));
  });

  it('parses elements with the element type', () => {
    expect(() => parseText('{1,x}', INT4_ARRAY, ctx)).toThrow(expect.objectContaining({ code: '22P02', message: 'invalid input syntax for type integer: "x"' }));
  });
});

describe('array binary form (array_send / array_recv)', () => {
  it('lays out header, dimensions and elements as PostgreSQL does', () => {
    const v = new PgArray(KalamDataType.INT, [1, null], [2], [1]);
    const bytes = encodeBinary(v, INT4_ARRAY);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '00000001' + '00000001' + '00000017' + '00000002' + '00000001' + '00000004' + '00000001' + 'ffffffff');
    expect(decodeBinary(bytes, INT4_ARRAY)).toEqual(v);
  });

  it('refuses another element type', () => {
    const bytes = encodeBinary(PgArray.of(KalamDataType.TEXT, ['a']), TEXT_ARRAY);
    expect(() => decodeBinary(bytes, INT4_ARRAY)).toThrow(expect.objectContaining({ code: '42804' }));
  });
});

describe('array types', () => {
  it('resolves T[] and _T to the array OIDs, keeping the element typmod', () => {
    expect(resolveTypeName(['int4'], [], true).type).toEqual(INT4_ARRAY);
    expect(resolveTypeName(['_text'], [], false).type).toEqual(TEXT_ARRAY);
    expect(resolveTypeName(['varchar'], [3], true).type).toEqual({ kalam: KalamDataType.ARRAY, oid: PgOid.VARCHAR_ARRAY, typmod: 7 });
  });
});

describe('array cells in stored rows', () => {
  it('round-trip, NULL elements, dimensions and lower bounds included', () => {
    const cells = [
      { ordinal: 1, kalam: KalamDataType.ARRAY, value: new PgArray(KalamDataType.TEXT, ['a', null, 'ccc', 'd'], [2, 2], [0, 1]) },
      { ordinal: 2, kalam: KalamDataType.ARRAY, value: new PgArray(KalamDataType.BIGINT, [], [], []) },
      { ordinal: 3, kalam: KalamDataType.INT, value: 7 },
    ];
    const back = decodeRow(encodeRow({ seq: 1n, deleted: false, schemaVersion: 1, cells }));
    expect(back.cells).toEqual(cells);
  });
});
