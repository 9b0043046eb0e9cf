/**
 * The built-in rows tools join against: access methods, the default btree and hash operator classes
 * (Drizzle inner-joins pg_opclass on pg_index.indclass), collations, languages, tablespaces, the
 * plpgsql extension row that tools probe for, and the databases. OIDs and names as PostgreSQL 15.18.
 */
import { BOOTSTRAP_SUPERUSER_OID, BUILTIN_NAMESPACE_OIDS } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { PgArray } from '../../types/pg-array.js';
import { KalamDataType } from '../../types/kalam-type.js';

const PG_CATALOG = BUILTIN_NAMESPACE_OIDS.pg_catalog!;
const owner = BOOTSTRAP_SUPERUSER_OID;

export const pgAm = catalogTable('pg_am', () => [
  [2, 'heap', 3, 't'], [403, 'btree', 330, 'i'], [405, 'hash', 331, 'i'], [783, 'gist', 332, 'i'],
  [2742, 'gin', 333, 'i'], [3580, 'brin', 335, 'i'], [4000, 'spgist', 334, 'i'],
].map(([oid, amname, amhandler, amtype]) => ({ oid, amname, amhandler, amtype })));

/** Default opclasses: oid, method, name, family, input type, key type. */
const OPCLASSES: readonly (readonly [number, number, string, number, number, number])[] = [
  [1978, 403, 'int4_ops', 1976, 23, 0],
  [1979, 403, 'int2_ops', 1976, 21, 0],
  [1981, 403, 'oid_ops', 1989, 26, 0],
  [3122, 403, 'date_ops', 434, 1082, 0],
  [3123, 403, 'float8_ops', 1970, 701, 0],
  [3124, 403, 'int8_ops', 1976, 20, 0],
  [3125, 403, 'numeric_ops', 1988, 1700, 0],
  [3126, 403, 'text_ops', 1994, 25, 0],
  [3127, 403, 'timestamptz_ops', 434, 1184, 0],
  [3128, 403, 'timestamp_ops', 434, 1114, 0],
  [10000, 403, 'array_ops', 397, 2277, 0],
  [10001, 405, 'array_ops', 627, 2277, 0],
  [10002, 403, 'bit_ops', 423, 1560, 0],
  [10003, 403, 'bool_ops', 424, 16, 0],
  [10004, 403, 'bpchar_ops', 426, 1042, 0],
  [10005, 405, 'bpchar_ops', 427, 1042, 0],
  [10006, 403, 'bytea_ops', 428, 17, 0],
  [10007, 403, 'char_ops', 429, 18, 0],
  [10008, 405, 'char_ops', 431, 18, 0],
  [10011, 405, 'date_ops', 435, 1082, 0],
  [10012, 403, 'float4_ops', 1970, 700, 0],
  [10013, 405, 'float4_ops', 1971, 700, 0],
  [10014, 405, 'float8_ops', 1971, 701, 0],
  [10015, 403, 'inet_ops', 1974, 869, 0],
  [10016, 405, 'inet_ops', 1975, 869, 0],
  [10019, 405, 'int2_ops', 1977, 21, 0],
  [10020, 405, 'int4_ops', 1977, 23, 0],
  [10021, 405, 'int8_ops', 1977, 20, 0],
  [10022, 403, 'interval_ops', 1982, 1186, 0],
  [10023, 405, 'interval_ops', 1983, 1186, 0],
  [10024, 403, 'macaddr_ops', 1984, 829, 0],
  [10025, 405, 'macaddr_ops', 1985, 829, 0],
  [10026, 403, 'macaddr8_ops', 3371, 774, 0],
  [10027, 405, 'macaddr8_ops', 3372, 774, 0],
  [10028, 403, 'name_ops', 1994, 19, 2275],
  [10029, 405, 'name_ops', 1995, 19, 0],
  [10030, 405, 'numeric_ops', 1998, 1700, 0],
  [10031, 405, 'oid_ops', 1990, 26, 0],
  [10032, 403, 'oidvector_ops', 1991, 30, 0],
  [10033, 405, 'oidvector_ops', 1992, 30, 0],
  [10034, 403, 'record_ops', 2994, 2249, 0],
  [10035, 405, 'record_ops', 6194, 2249, 0],
  [10037, 405, 'text_ops', 1995, 25, 0],
  [10038, 403, 'time_ops', 1996, 1083, 0],
  [10039, 405, 'time_ops', 1997, 1083, 0],
  [10040, 405, 'timestamptz_ops', 1999, 1184, 0],
  [10041, 403, 'timetz_ops', 2000, 1266, 0],
  [10042, 405, 'timetz_ops', 2001, 1266, 0],
  [10043, 403, 'varbit_ops', 2002, 1562, 0],
  [10046, 405, 'timestamp_ops', 2040, 1114, 0],
  [10047, 403, 'money_ops', 2099, 790, 0],
  [10048, 405, 'bool_ops', 2222, 16, 0],
  [10049, 405, 'bytea_ops', 2223, 17, 0],
  [10050, 403, 'tid_ops', 2789, 27, 0],
  [10051, 405, 'xid_ops', 2225, 28, 0],
  [10052, 405, 'xid8_ops', 5032, 5069, 0],
  [10053, 403, 'xid8_ops', 5067, 5069, 0],
  [10054, 405, 'cid_ops', 2226, 29, 0],
  [10055, 405, 'tid_ops', 2227, 27, 0],
  [10059, 405, 'aclitem_ops', 2235, 1033, 0],
  [10065, 403, 'uuid_ops', 2968, 2950, 0],
  [10066, 405, 'uuid_ops', 2969, 2950, 0],
  [10067, 403, 'pg_lsn_ops', 3253, 3220, 0],
  [10068, 405, 'pg_lsn_ops', 3254, 3220, 0],
  [10069, 403, 'enum_ops', 3522, 3500, 0],
  [10070, 405, 'enum_ops', 3523, 3500, 0],
  [10071, 403, 'tsvector_ops', 3626, 3614, 0],
  [10074, 403, 'tsquery_ops', 3683, 3615, 0],
  [10076, 403, 'range_ops', 3901, 3831, 0],
  [10077, 405, 'range_ops', 3903, 3831, 0],
  [10080, 403, 'multirange_ops', 4199, 4537, 0],
  [10081, 405, 'multirange_ops', 4225, 4537, 0],
  [10088, 403, 'jsonb_ops', 4033, 3802, 0],
  [10089, 405, 'jsonb_ops', 4034, 3802, 0],
];

/** The default btree opclass of a type: what an index column over it records in pg_index.indclass. */
export function defaultBtreeOpclass(typeOid: number): number {
  const widened = typeOid === 1043 ? 25 : typeOid;
  return OPCLASSES.find((o) => o[1] === 403 && o[4] === widened)?.[0] ?? 0;
}

export const pgOpclass = catalogTable('pg_opclass', () => OPCLASSES.map(([oid, method, name, family, intype, keytype]) => ({
  oid, opcmethod: method, opcname: name, opcnamespace: PG_CATALOG, opcowner: owner, opcfamily: family,
  opcintype: intype, opcdefault: true, opckeytype: keytype,
})));

export const pgCollation = catalogTable('pg_collation', (): CatalogRow[] => [
  [100, 'default', 'd', ''], [950, 'C', 'c', 'C'], [951, 'POSIX', 'c', 'POSIX'],
].map(([oid, collname, collprovider, locale]) => ({
  oid, collname, collnamespace: PG_CATALOG, collowner: owner, collprovider, collisdeterministic: true,
  collencoding: -1, collcollate: locale === '' ? null : locale, collctype: locale === '' ? null : locale,
})));

export const pgLanguage = catalogTable('pg_language', () => [
  [12, 'internal', false, false, 0, 0, 2246], [13, 'c', false, false, 0, 0, 2247],
  [14, 'sql', false, true, 0, 0, 2248], [13563, 'plpgsql', true, true, 13560, 13561, 13562],
].map(([oid, lanname, lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator]) => ({
  oid, lanname, lanowner: owner, lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator,
})));

export const pgExtension = catalogTable('pg_extension', () => [{
  oid: 13559, extname: 'plpgsql', extowner: owner, extnamespace: PG_CATALOG, extrelocatable: false, extversion: '1.0',
}]);

export const pgTablespace = catalogTable('pg_tablespace', () => [
  { oid: 1663, spcname: 'pg_default', spcowner: owner },
  { oid: 1664, spcname: 'pg_global', spcowner: owner },
]);

/** The one database sessions connect to, and the two templates PostgreSQL always has. Text compares
 * by code point here, which is the C collation. */
export const pgDatabase = catalogTable('pg_database', (ctx) => {
  const acl = PgArray.of(KalamDataType.TEXT, ['=c/postgres', 'postgres=CTc/postgres']);
  return [[5, ctx.database, false, true, null], [1, 'template1', true, true, acl], [4, 'template0', true, false, acl]]
    .map(([oid, datname, datistemplate, datallowconn, datacl]) => ({
      oid, datname, datdba: owner, encoding: 6, datlocprovider: 'c', datistemplate, datallowconn, datconnlimit: -1,
      datfrozenxid: 716, datminmxid: 1, dattablespace: 1663, datcollate: 'C', datctype: 'C', datacl,
    }));
});
