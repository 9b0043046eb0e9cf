/**
 * The OID-family and catalog types (oid, reg*, "char", name, int2vector, oidvector, xid, pg_lsn)
 * as catalog queries use them: casts, comparisons, arrays, errors — each compared with a real
 * PostgreSQL 15 (rows as text, column names and type OIDs, or the SQLSTATE).
 */
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { answer, differentialPair } from '../support/differential.js';

const pair = differentialPair(['CREATE TABLE t (id int, k "char", n name)', `INSERT INTO t VALUES (1, 'r', 'a'), (2, 'v', 'b'), (3, 'i', 'c')`]);

async function same(sql: string): Promise<void> {
  const [ours, theirs] = [await answer(pair.ours, sql), await answer(pair.reference, sql)];
  expect([sql, ours]).toEqual([sql, theirs]);
}

describe('oid', () => {
  it.each([
    'select 1::oid', "select '16392'::oid", "select '-1'::oid", 'select 4294967295::oid', 'select (-1)::oid',
    "select ' 12 '::oid, '+5'::oid", 'select 4294967295::oid::int4, 4294967295::oid::int8',
    'select 1::oid = 1', 'select 1::oid < 2::int8', 'select 4294967295::oid > 1::oid', "select 23::oid = '23'",
    "select 1::oid <> 2, 3::oid >= 3, 3::oid <= 2::int2",
    "select '{1,2}'::oid[]", "select 1::oid = any('{1,2}'::oid[])", "select 3::oid <> all('{1,2}'::oid[])",
    "select 2::oid in (1, 2, 3)", "select x from unnest('{3,4294967295,1}'::oid[]) x order by x",
    "select pg_typeof(1::oid), pg_typeof('{1}'::oid[])",
    "select 1::oid::text, 7::oid::varchar",
    "select 1::int2::oid, 5::int8::oid, (-1)::int2::oid",
  ])('%s', same);
  it.each([
    "select 'x'::oid", "select ''::oid", "select '4294967296'::oid", "select '-2147483649'::oid",
    'select 4294967296::oid', 'select (-1)::int8::oid', 'select 1::oid + 1', 'select 1::oid::numeric',
    "select 1::oid = 'x'",
  ])('%s fails as in PostgreSQL', same);
});

describe('reg* types without the catalog', () => {
  it.each([
    'select 23::regtype', "select 'int4'::regtype::oid", "select '{int,int8}'::regtype[]",
    "select 'pg_catalog.array_in'::regproc, 750::regproc, 2400::regproc, 'record_in'::regproc::oid",
    "select 'array_in'::regproc = 'pg_catalog.array_in'::regproc",
    "select 'array_in(cstring,oid,integer)'::regprocedure, 750::regprocedure",
    "select 0::regclass, 0::regproc, 0::regtype, '-'::regproc",
    'select 99999::regproc, 1259::regclass::oid, 1259::regclass::int4',
    'select pg_typeof(1::regclass), pg_typeof(1::regproc), pg_typeof(1::regnamespace), pg_typeof(1::regrole)',
    "select 23::oid::regtype, 23::regtype::oid = 23, 'int4'::regtype = 23",
  ])('%s', same);
  it.each([
    "select 'nosuch'::regproc", "select 'array_in'::regprocedure", "select 'x'::regtype",
  ])('%s fails as in PostgreSQL', same);
});

describe('"char" and name', () => {
  it.each([
    `select 'abc'::"char", ''::"char", 'a'::"char"`, `select 65::"char", 'a'::"char"::int`, `select 'é'::"char"`,
    `select pg_typeof('a'::"char")`, `select 'ab'::text::"char", 'x'::varchar::"char"`,
    `select 'a'::"char" < 'b'::"char", 'r'::"char" = 'r'`, `select 'r'::"char"::text, 'r'::"char"::name`,
    `select id from t where k = 'r'`, `select id from t where k in ('r', 'v') order by id`,
    `select k, n from t order by k`, `select n::text, 'x'::name, n = 'a' from t order by id`,
    `select n from t where n OPERATOR(pg_catalog.~) '^(a|b)$' order by 1`,
    `select 'x'::text::pg_catalog.text`,
  ])('%s', same);
  it.each([`select 200::"char"`])('%s fails as in PostgreSQL', same);
});

describe('int2vector and oidvector', () => {
  it.each([
    "select '1 2 3'::int2vector", "select ('1 2 3'::int2vector)[0], ('1 2 3'::int2vector)[2]",
    "select '1  2'::oidvector, ''::int2vector", "select array_lower('1 2'::int2vector, 1)",
    "select 2 = any('1 2 3'::int2vector)", "select x from unnest('3 1 2'::int2vector) x order by x",
    "select ('23 25'::oidvector)[1]::regtype",
    "select pg_typeof('1'::int2vector), pg_typeof('1'::oidvector)",
  ])('%s', same);
  it.each(["select '32768'::int2vector", "select '4294967296'::oidvector", "select '{1,2}'::int2vector"])(
    '%s fails as in PostgreSQL', same);
});

describe('other catalog types', () => {
  it.each([
    "select '5'::xid", "select '0/16B3748'::pg_lsn, 'FFFFFFFF/FFFFFFFF'::pg_lsn",
    "select '1/0'::pg_lsn > '0/FFFFFFFF'::pg_lsn",
    "select 3::int2 & 1, 6::int2 & 3::int2",
  ])('%s', same);
});

describe('the types among others', () => {
  it.each([
    "select pg_typeof(('1 2'::int2vector)[0]), pg_typeof('1 2'::int2vector::int2[])",
    "select '1 2 3'::int2vector = '1 2 3'::int2vector", `select 'a'::name = 'a'::"char"`,
    'select 1::oid union select 2 order by 1', 'select 1259::regclass::regtype', `select 'x'::name::"char"`,
    'select 23::regtype::text', "select max(x), min(x) from unnest('{1,4294967295}'::oid[]) x",
    "select '{1,2}'::int4[]::oid[]", 'select array[1::oid, 2]', 'select coalesce(null::oid, 5)',
    'select case when true then 1::oid else 2 end', `select array['a'::"char", 'b']`, `select '{a,b}'::"char"[]`,
    "select '{a,b}'::name[]", 'select 23::int8::regtype', "select '23'::text::oid", 'select 1::oid::regclass::oid',
    "select 'int4'::text::regtype", 'select 4294967295::oid::text::oid', 'select x::oid from generate_series(1,3) x',
  ])('%s', same);
});

describe('binary format', () => {
  it('oid and reg* are 4-byte unsigned integers', async () => {
    const sql = 'select 4294967295::oid as a, 23::regtype as b, 1::oid as c';
    const q = { text: sql, binary: true, rowMode: 'array' as const, types: { getTypeParser: () => (v: Buffer) => v } as unknown as pg.CustomTypesConfig };
    const [x, y] = await Promise.all([pair.ours.query(q), pair.reference.query(q)]);
    expect(x.rows).toEqual(y.rows);
  });
  it('oid parameters sent as text', async () => {
    const q = { text: 'select $1::oid, $1::oid = 4294967295', values: ['4294967295'], rowMode: 'array' as const };
    const [x, y] = await Promise.all([pair.ours.query(q), pair.reference.query(q)]);
    expect(x.rows).toEqual(y.rows);
  });
});

describe('CREATE TABLE', () => {
  it('refuses columns of the OID family', async () => {
    await expect(pair.ours.query('create table bad (x oid)')).rejects.toMatchObject({ code: '42704' });
  });
});
