/**
 * The built-in rows tools join against: access methods, operator families and classes
 * (pg15-opfamilies.ts, pg15-opclasses.ts, and pgvector's in pgvector-catalog.ts), collations,
 * languages, tablespaces, the plpgsql extension row that tools probe for, and the databases.
 * OIDs and names as PostgreSQL 15.18.
 */
import { BOOTSTRAP_SUPERUSER_OID, BUILTIN_NAMESPACE_OIDS } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { BTREE_AM } from './pg-class.js';
import { PG15_OPCLASSES } from './pg15-opclasses.js';
import { PG15_OPFAMILIES } from './pg15-opfamilies.js';
import { PGVECTOR_ACCESS_METHODS, PGVECTOR_OPCLASSES, PGVECTOR_OPFAMILIES } from './pgvector-catalog.js';
import { PgArray } from '../../types/pg-array.js';
import { KalamDataType } from '../../types/kalam-type.js';

const PG_CATALOG = BUILTIN_NAMESPACE_OIDS.pg_catalog!;
const owner = BOOTSTRAP_SUPERUSER_OID;

export const pgAm = catalogTable('pg_am', () => [
  [2, 'heap', 3, 't'], [403, 'btree', 330, 'i'], [405, 'hash', 331, 'i'], [783, 'gist', 332, 'i'],
  [2742, 'gin', 333, 'i'], [3580, 'brin', 335, 'i'], [4000, 'spgist', 334, 'i'], ...PGVECTOR_ACCESS_METHODS,
].map(([oid, amname, amhandler, amtype]) => ({ oid, amname, amhandler, amtype })));

const OPCLASSES = [...PG15_OPCLASSES, ...PGVECTOR_OPCLASSES];

/** The default btree opclass of a type: what an index column over it records in pg_index.indclass. */
export function defaultBtreeOpclass(typeOid: number): number {
  const widened = typeOid === 1043 ? 25 : typeOid;
  return OPCLASSES.find((o) => o[1] === BTREE_AM && o[4] === widened && o[6])?.[0] ?? 0;
}

export const pgOpfamily = catalogTable('pg_opfamily', () => [...PG15_OPFAMILIES, ...PGVECTOR_OPFAMILIES].map(([oid, method, name]) => ({
  oid, opfmethod: method, opfname: name, opfnamespace: PG_CATALOG, opfowner: owner,
})));

export const pgOpclass = catalogTable('pg_opclass', () => OPCLASSES.map(([oid, method, name, family, intype, keytype, isDefault]) => ({
  oid, opcmethod: method, opcname: name, opcnamespace: PG_CATALOG, opcowner: owner, opcfamily: family,
  opcintype: intype, opcdefault: isDefault, opckeytype: keytype,
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
}, 'pg_catalog', 'session'); // the session's database name
