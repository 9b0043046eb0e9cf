/** pg_attribute and pg_attrdef: the columns of every relation, and the defaults of table columns. */
import { defaultText } from '../describe-column.js';
import { attrdefOid, type AttributeEntry, type RelationEntry } from '../catalog-model.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { pgTypeInfo } from '../../types/type-registry.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';

/** pg_collation OIDs: the database default, and "C" (what name columns use). */
export const DEFAULT_COLLATION = 100;
export const C_COLLATION = 950;

/** attcollation / indcollation of a column of this type: default for strings, C for name, 0 otherwise. */
export function collationOf(oid: number): number {
  if (oid === PgOid.NAME) return C_COLLATION;
  const info = pgTypeInfo(oid);
  const elem = info?.category === 'A' ? pgTypeInfo(info.elemOid) : info;
  return elem?.category === 'S' ? (elem.oid === PgOid.NAME ? C_COLLATION : DEFAULT_COLLATION) : 0;
}

function attributeRow(r: RelationEntry, a: AttributeEntry): CatalogRow {
  const info = pgTypeInfo(a.type.oid);
  const len = info?.len ?? -1;
  const column = a.column;
  return {
    attrelid: r.oid,
    attname: a.name,
    atttypid: a.type.oid,
    attstattarget: -1,
    attlen: len,
    attnum: a.num,
    attndims: a.type.kalam === KalamDataType.ARRAY && r.kind === 'r' ? 1 : 0,
    attcacheoff: -1,
    atttypmod: a.type.typmod,
    attbyval: info?.byVal ?? false,
    attalign: info?.align ?? 'i',
    attstorage: len === -1 ? (a.type.oid === PgOid.NUMERIC ? 'm' : 'x') : 'p',
    attcompression: '',
    attnotnull: a.notNull,
    atthasdef: column !== undefined && column.default.kind !== 'none',
    atthasmissing: column?.missingValue !== undefined,
    attidentity: column?.identity === 'ALWAYS' ? 'a' : column?.identity === 'BY DEFAULT' ? 'd' : '',
    attgenerated: '',
    attisdropped: false,
    attislocal: true,
    attinhcount: 0,
    attcollation: collationOf(a.type.oid),
  };
}

/**
 * The system columns PostgreSQL records for every relation with storage (tables, sequences):
 * attnum -1 … -6, NOT NULL, no statistics target. DBeaver reads every attribute of a schema and
 * sets these apart by their negative attnum. Name, type, attnum, length, by-value, alignment.
 */
const SYSTEM_COLUMNS: readonly (readonly [string, number, number, number, boolean, string])[] = [
  ['tableoid', PgOid.OID, -6, 4, true, 'i'], ['cmax', 29, -5, 4, true, 'i'], ['xmax', PgOid.XID, -4, 4, true, 'i'],
  ['cmin', 29, -3, 4, true, 'i'], ['xmin', PgOid.XID, -2, 4, true, 'i'], ['ctid', 27, -1, 6, false, 's'],
];

function* systemAttributeRows(r: RelationEntry): Iterable<CatalogRow> {
  if (r.kind !== 'r' && r.kind !== 'S') return;
  for (const [attname, atttypid, attnum, attlen, attbyval, attalign] of SYSTEM_COLUMNS) {
    yield {
      attrelid: r.oid, attname, atttypid, attstattarget: 0, attlen, attnum, attndims: 0, attcacheoff: -1, atttypmod: -1,
      attbyval, attalign, attstorage: 'p', attcompression: '', attnotnull: true, atthasdef: false, atthasmissing: false,
      attidentity: '', attgenerated: '', attisdropped: false, attislocal: true, attinhcount: 0, attcollation: 0,
    };
  }
}

export const pgAttribute = catalogTable('pg_attribute', function* (ctx) {
  for (const r of ctx.catalog.model().relations) {
    yield* systemAttributeRows(r);
    for (const a of r.attributes) yield attributeRow(r, a);
  }
});

export const pgAttrdef = catalogTable('pg_attrdef', function* (ctx) {
  for (const r of ctx.catalog.model().relations) {
    if (!r.table) continue;
    for (const c of r.table.columns) {
      // Identity columns have no pg_attrdef row in PostgreSQL: the sequence is their default.
      if (c.identity) continue;
      const text = defaultText(c);
      if (text === null) continue;
      // adbin carries the expression's text: pg_get_expr(adbin, adrelid) prints it back.
      yield { oid: attrdefOid(r.oid, c.ordinal), adrelid: r.oid, adnum: c.ordinal, adbin: text };
    }
  }
});
