/**
 * Text and binary forms of the catalog types (expected values captured from PostgreSQL 15:
 * `SELECT '-1'::oid`, `'é'::"char"`, `oidsend(4294967295)`, …).
 */
import { describe, expect, it } from 'vitest';
import { decodeBinary, encodeBinary } from '../../src/types/binary-codec.js';
import { KalamDataType, type ColumnType } from '../../src/types/kalam-type.js';
import { PgArray } from '../../src/types/pg-array.js';
import { PgOid } from '../../src/types/pg-oids.js';
import { formatText, parseText } from '../../src/types/text-codec.js';
import { DEFAULT_TYPE_CONTEXT as CTX } from '../../src/types/type-context.js';
import { errorOf, hex } from './golden-helpers.js';

const type = (kalam: KalamDataType, oid: number): ColumnType => ({ kalam, oid, typmod: -1 });
const OID = type(KalamDataType.INT, PgOid.OID);
const CHAR = type(KalamDataType.TEXT, PgOid.CHAR);
const INT2VECTOR = type(KalamDataType.ARRAY, PgOid.INT2VECTOR);
const PG_LSN = type(KalamDataType.BIGINT, PgOid.PG_LSN);
const REGPROC = type(KalamDataType.INT, PgOid.REGPROC);
const REGPROCEDURE = type(KalamDataType.INT, PgOid.REGPROCEDURE);

const roundTrip = (text: string, t: ColumnType) => formatText(parseText(text, t, CTX)!, t, CTX);

describe('text', () => {
  it.each([
    ['-1', OID, '4294967295'], [' 42 ', OID, '42'], ['4294967295', OID, '4294967295'],
    ['abc', CHAR, 'a'], ['', CHAR, ''], ['é', CHAR, '\\303'], ['\\101', CHAR, 'A'],
    ['1  2 3', INT2VECTOR, '1 2 3'], ['0/16B3748', PG_LSN, '0/16B3748'], ['FFFFFFFF/FFFFFFFF', PG_LSN, 'FFFFFFFF/FFFFFFFF'],
    ['pg_catalog.array_in', REGPROC, 'array_in'], ['"record_in"', REGPROC, 'record_in'], ['-', REGPROC, '-'],
    ['array_in(cstring, oid, integer)', REGPROCEDURE, 'array_in(cstring,oid,integer)'],
  ])('%j as %o prints %j', (text, t, expected) => {
    expect(roundTrip(text, t)).toBe(expected);
  });

  it('int2vector subscripts start at 0', () => {
    const v = parseText('5 6', INT2VECTOR, CTX) as PgArray;
    expect([v.items, v.dims, v.lbounds]).toEqual([[5, 6], [2], [0]]);
  });

  it.each([
    ['x', OID, '22P02', 'invalid input syntax for type oid: "x"'],
    ['4294967296', OID, '22003', 'value "4294967296" is out of range for type oid'],
    ['32768', INT2VECTOR, '22003', 'value "32768" is out of range for type smallint'],
    ['x', PG_LSN, '22P02', 'invalid input syntax for type pg_lsn: "x"'],
    ['abs', REGPROC, '42883', 'function "abs" does not exist'],
    ['array_in', REGPROCEDURE, '22P02', 'expected a left parenthesis'],
  ])('%j as %o fails', (text, t, code, message) => {
    expect(errorOf(() => parseText(text, t, CTX))).toEqual({ code, message });
  });
});

describe('binary', () => {
  it('oid is a 4-byte unsigned integer', () => {
    expect(hex(encodeBinary(4294967295, OID))).toBe('ffffffff');
    expect(decodeBinary(Uint8Array.of(0xff, 0xff, 0xff, 0xff), OID)).toBe(4294967295);
  });
  it('"char" is one raw byte', () => {
    expect(hex(encodeBinary(String.fromCharCode(0xc3), CHAR))).toBe('c3');
    expect(decodeBinary(Uint8Array.of(0x72), CHAR)).toBe('r');
  });
  it('pg_lsn is an unsigned 8-byte integer', () => {
    const v = parseText('FFFFFFFF/FFFFFFFF', PG_LSN, CTX)!;
    expect(hex(encodeBinary(v, PG_LSN))).toBe('ffffffffffffffff');
    expect(decodeBinary(encodeBinary(v, PG_LSN), PG_LSN)).toBe(v);
  });
  it('int2vector is array_send of int2 with lower bound 0', () => {
    const v = parseText('1 2', INT2VECTOR, CTX)!;
    expect(hex(encodeBinary(v, INT2VECTOR))).toBe('0000000100000000000000150000000200000000000000020001000000020002');
  });
});
