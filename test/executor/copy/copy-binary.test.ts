// The binary COPY reader takes CopyData split anywhere: the same tuples whatever the split.
import { describe, expect, it } from 'vitest';
import { BinaryTupleReader, binaryHeader, binaryTrailer, binaryTuple } from '../../../src/executor/copy/copy-binary.js';
import { KalamDataType, type ColumnType } from '../../../src/types/kalam-type.js';
import { PgOid } from '../../../src/types/pg-oids.js';

const INT: ColumnType = { kalam: KalamDataType.INT, oid: PgOid.INT4, typmod: -1 } as ColumnType;
const TEXT: ColumnType = { kalam: KalamDataType.TEXT, oid: PgOid.TEXT, typmod: -1 } as ColumnType;

const file = Buffer.concat([
  binaryHeader(),
  binaryTuple([1, 'one'], [INT, TEXT]),
  binaryTuple([2, null], [INT, TEXT]),
  binaryTuple([3, 'three, with more bytes'], [INT, TEXT]),
  binaryTrailer(),
]);

function read(pieces: readonly Buffer[]): string[] {
  const r = new BinaryTupleReader('t', ['a', 'b']);
  const out = pieces.flatMap((p) => r.push(p));
  out.push(...r.end());
  return out.map((t) => `${t.line}:${t.fields.map((f) => (f === null ? 'NULL' : Buffer.from(f).toString('hex'))).join(',')}`);
}

describe('binary COPY reader', () => {
  const whole = read([file]);

  it('reads the tuples of a whole file', () => {
    expect(whole).toEqual(['1:00000001,6f6e65', '2:00000002,NULL', `3:00000003,${Buffer.from('three, with more bytes').toString('hex')}`]);
  });

  it('reads the same split at every byte boundary, and one byte at a time', () => {
    for (let i = 1; i < file.length; i++) expect(read([file.subarray(0, i), file.subarray(i)])).toEqual(whole);
    expect(read([...file].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  it('names the tuple and the field a truncated file ends in', () => {
    const r = new BinaryTupleReader('t', ['a', 'b']);
    r.push(file.subarray(0, file.length - 8));
    expect(() => r.end()).toThrow(expect.objectContaining({ code: '22P04', message: 'unexpected EOF in COPY data', where: 'COPY t, line 3, column b' }));
  });
});
