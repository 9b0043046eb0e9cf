import { describe, expect, it } from 'vitest';
import { formatType, resolveTypeName } from '../../src/types/declared-type.js';
import { KalamDataType } from '../../src/types/kalam-type.js';
import { allPgTypes, columnType, defaultOidFor, pgTypeInfo, typeOfOid, typeSize } from '../../src/types/type-registry.js';
import { errorOf } from './golden-helpers.js';

function shown(names: string[], typmods: number[] = []): string {
  const { type } = resolveTypeName(names, typmods, false);
  return formatType(type.oid, type.typmod);
}

describe('resolveTypeName', () => {
  it.each([
    [['pg_catalog', 'int4'], [], 'integer'], [['int'], [], 'integer'], [['integer'], [], 'integer'],
    [['pg_catalog', 'int8'], [], 'bigint'], [['bigint'], [], 'bigint'], [['smallint'], [], 'smallint'], [['int2'], [], 'smallint'],
    [['real'], [], 'real'], [['float4'], [], 'real'], [['pg_catalog', 'float8'], [], 'double precision'],
    [['double'], [], 'double precision'], [['float'], [], 'double precision'], [['float'], [24], 'real'],
    [['float'], [25], 'double precision'], [['numeric'], [10, 2], 'numeric(10,2)'], [['decimal'], [5], 'numeric(5,0)'],
    [['pg_catalog', 'numeric'], [], 'numeric'], [['text'], [], 'text'], [['string'], [], 'text'],
    [['pg_catalog', 'varchar'], [255], 'character varying(255)'], [['varchar'], [], 'character varying'],
    [['pg_catalog', 'bpchar'], [5], 'character(5)'], [['char'], [], '"char"'], [['bpchar'], [], 'bpchar'],
    [['name'], [], 'name'], [['boolean'], [], 'boolean'], [['pg_catalog', 'bool'], [], 'boolean'],
    [['pg_catalog', 'timestamp'], [], 'timestamp without time zone'], [['timestamp'], [3], 'timestamp(3) without time zone'],
    [['timestamptz'], [], 'timestamp with time zone'], [['pg_catalog', 'timestamptz'], [9], 'timestamp(6) with time zone'],
    [['datetime'], [], 'timestamp with time zone'], [['date'], [], 'date'], [['pg_catalog', 'time'], [], 'time without time zone'],
    [['json'], [], 'json'], [['jsonb'], [], 'jsonb'], [['bytea'], [], 'bytea'], [['bytes'], [], 'bytea'], [['uuid'], [], 'uuid'],
    [['vector'], [3], 'vector(3)'], [['embedding'], [384], 'vector(384)'], [['public', 'vector'], [8192], 'vector(8192)'],
    [['INT'], [], 'integer'], [['DOUBLE'], [], 'double precision'], [['DECIMAL'], [38, 10], 'numeric(38,10)'],
  ] as const)('%j(%j) is %s', (names, typmods, expected) => {
    expect(shown([...names], [...typmods])).toBe(expected);
  });

  it('maps KalamDB names onto their KalamDataType', () => {
    expect(resolveTypeName(['datetime'], [], false).type.kalam).toBe(KalamDataType.DATETIME);
    expect(resolveTypeName(['bytes'], [], false).type.kalam).toBe(KalamDataType.BYTES);
    expect(resolveTypeName(['embedding'], [4], false).type).toEqual({ kalam: KalamDataType.EMBEDDING, oid: 16389, typmod: 4 });
    expect(resolveTypeName(['smallint'], [], false).type.kalam).toBe(KalamDataType.SMALLINT);
  });

  it('reports serial types', () => {
    expect(resolveTypeName(['serial'], [], false)).toEqual({ type: { kalam: KalamDataType.INT, oid: 23, typmod: -1 }, serial: 'serial' });
    expect(resolveTypeName(['bigserial'], [], false).serial).toBe('bigserial');
    expect(resolveTypeName(['smallserial'], [], false).serial).toBe('smallserial');
    expect(resolveTypeName(['serial8'], [], false).type.oid).toBe(20);
  });

  it.each([
    [['inet'], [], false, '42704', 'type "inet" is not supported'],
    [['money'], [], false, '42704', 'type "money" is not supported'],
    [['pg_catalog', 'money'], [], true, '42704', 'type "money[]" is not supported'],
    [['serial'], [], true, '42704', 'type "serial[]" is not supported'],
    [['myschema', 'thing'], [], false, '42704', 'type "myschema.thing" is not supported'],
    [['numeric'], [39, 2], false, '22023', 'NUMERIC precision 39 must be between 1 and 38'],
    [['numeric'], [0], false, '22023', 'NUMERIC precision 0 must be between 1 and 38'],
    [['numeric'], [5, 6], false, '22023', 'NUMERIC scale 6 must be between 0 and precision 5'],
    [['varchar'], [0], false, '22023', 'length for type varchar must be at least 1'],
    [['varchar'], [10485761], false, '22023', 'length for type varchar cannot exceed 10485760'],
    [['bpchar'], [0], false, '22023', 'length for type char must be at least 1'],
    [['float'], [0], false, '22023', 'precision for type float must be at least 1 bit'],
    [['float'], [54], false, '22023', 'precision for type float must be less than 54 bits'],
    [['vector'], [0], false, '22023', 'dimensions for type vector must be at least 1'],
    [['embedding'], [8193], false, '22023', 'dimensions for type vector cannot exceed 8192'],
    [['text'], [5], false, '42601', 'type modifier is not allowed for type "text"'],
  ] as const)('%j(%j) array=%s fails with %s', (names, typmods, isArray, code, message) => {
    expect(errorOf(() => resolveTypeName([...names], [...typmods], isArray))).toEqual({ code, message });
  });

  it('names the supported types when refusing one', () => {
    try {
      resolveTypeName(['inet'], [], false);
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/boolean.*vector\(n\).*EMBEDDING\(n\)/);
    }
  });
});

describe('type registry', () => {
  it('knows pg_type facts', () => {
    expect(pgTypeInfo(23)).toMatchObject({ name: 'int4', len: 4, arrayOid: 1007, category: 'N', kalam: KalamDataType.INT });
    expect(pgTypeInfo(1043)).toMatchObject({ name: 'varchar', len: -1, arrayOid: 1015, category: 'S' });
    expect(pgTypeInfo(16389)).toMatchObject({ name: 'vector', kalam: KalamDataType.EMBEDDING, category: 'U' });
    expect(pgTypeInfo(1009)).toMatchObject({ name: '_text', elemOid: 25, category: 'A', kalam: KalamDataType.ARRAY });
    expect(pgTypeInfo(1002)).toMatchObject({ name: '_char', elemOid: 18, category: 'A', kalam: KalamDataType.ARRAY });
    expect(pgTypeInfo(2950)?.len).toBe(16);
    expect(typeSize(1184)).toBe(8);
    expect(typeSize(19)).toBe(64);
    expect(allPgTypes().length).toBeGreaterThan(50);
  });

  it('gives default OIDs and column types', () => {
    expect(defaultOidFor(KalamDataType.TEXT)).toBe(25);
    expect(defaultOidFor(KalamDataType.JSON)).toBe(3802);
    expect(defaultOidFor(KalamDataType.DATETIME)).toBe(1184);
    expect(defaultOidFor(KalamDataType.FLOAT)).toBe(700);
    expect(columnType(KalamDataType.DECIMAL)).toEqual({ kalam: KalamDataType.DECIMAL, oid: 1700, typmod: -1 });
    expect(typeOfOid(1043, 36)).toEqual({ kalam: KalamDataType.TEXT, oid: 1043, typmod: 36 });
  });

  it('refuses OIDs it cannot store with 42704', () => {
    expect(errorOf(() => typeOfOid(1006)).code).toBe('42704'); // int2vector[]: an array of arrays
    expect(errorOf(() => typeOfOid(999999))).toEqual({ code: '42704', message: 'type with OID 999999 does not exist' });
  });
});
