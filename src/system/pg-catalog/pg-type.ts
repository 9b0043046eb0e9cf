/**
 * pg_type: the built-in types with PostgreSQL's OIDs and facts, and the row type of every table and
 * view with its array type.
 */
import { allPgTypes, type PgTypeInfo } from '../../types/type-registry.js';
import { BOOTSTRAP_SUPERUSER_OID, BUILTIN_NAMESPACE_OIDS, type RelationEntry } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { PG15_TYPE_FUNCTIONS } from './pg15-type-functions.js';

/** pg_proc OIDs of the functions composite and array types name. */
const FN = {
  recordIn: 2290, recordOut: 2291, recordRecv: 2402, recordSend: 2403,
  arrayIn: 750, arrayOut: 751, arrayRecv: 2400, arraySend: 2401, arrayTypanalyze: 3816, arraySubscript: 6179,
} as const;
const PG_CATALOG = BUILTIN_NAMESPACE_OIDS.pg_catalog!;
/** unknown and anyarray: pseudo-types (typtype 'p'), which no column is declared with. */
const PSEUDO_TYPES = new Set([705, 2277]);

function builtinRow(t: PgTypeInfo): CatalogRow {
  const fns = PG15_TYPE_FUNCTIONS.get(t.oid)?.split(' ');
  const fn = (i: number) => (fns ? Number(fns[i]) : 0);
  return {
    oid: t.oid, typname: t.name, typnamespace: PG_CATALOG, typowner: BOOTSTRAP_SUPERUSER_OID,
    typlen: t.len, typbyval: t.byVal, typtype: PSEUDO_TYPES.has(t.oid) ? 'p' : 'b', typcategory: t.category,
    typispreferred: t.preferred, typisdefined: true, typdelim: ',', typrelid: 0,
    typsubscript: fn(7), typelem: t.elemOid, typarray: t.arrayOid,
    typinput: fn(0), typoutput: fn(1), typreceive: fn(2), typsend: fn(3), typmodin: fn(4), typmodout: fn(5),
    typanalyze: fn(6), typalign: t.align, typstorage: fns?.[8] ?? (t.len === -1 ? 'x' : 'p'),
    typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: fns ? Number(fns[9]) : 0,
  };
}

/** A table's or view's composite type, named like the relation, in its schema. */
function rowTypeRow(r: RelationEntry): CatalogRow {
  return {
    oid: r.rowTypeOid, typname: r.name, typnamespace: r.namespace.oid, typowner: r.ownerOid,
    typlen: -1, typbyval: false, typtype: 'c', typcategory: 'C', typispreferred: false, typisdefined: true,
    typdelim: ',', typrelid: r.oid, typsubscript: 0, typelem: 0, typarray: r.arrayTypeOid,
    typinput: FN.recordIn, typoutput: FN.recordOut, typreceive: FN.recordRecv, typsend: FN.recordSend,
    typmodin: 0, typmodout: 0, typanalyze: 0, typalign: 'd', typstorage: 'x',
    typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: 0,
  };
}

/** The array type of a row type (`_authors`), as PostgreSQL makes one for every table and view. */
function arrayTypeRow(r: RelationEntry): CatalogRow {
  return {
    oid: r.arrayTypeOid, typname: `_${r.name}`, typnamespace: r.namespace.oid, typowner: r.ownerOid,
    typlen: -1, typbyval: false, typtype: 'b', typcategory: 'A', typispreferred: false, typisdefined: true,
    typdelim: ',', typrelid: 0, typsubscript: FN.arraySubscript, typelem: r.rowTypeOid, typarray: 0,
    typinput: FN.arrayIn, typoutput: FN.arrayOut, typreceive: FN.arrayRecv, typsend: FN.arraySend,
    typmodin: 0, typmodout: 0, typanalyze: FN.arrayTypanalyze, typalign: 'd', typstorage: 'x',
    typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: 0,
  };
}

export const pgType = catalogTable('pg_type', function* (ctx) {
  for (const t of allPgTypes()) yield builtinRow(t);
  for (const r of ctx.catalog.model().relations) {
    if (r.rowTypeOid !== 0) yield rowTypeRow(r);
    if (r.arrayTypeOid !== 0) yield arrayTypeRow(r);
  }
});
