/**
 * pg_type: the built-in types with PostgreSQL's OIDs and facts, the row type of every table and
 * view with its array type, and the user's enum types with their array types; pg_enum: the enums' labels.
 */
import { allPgTypes, type PgTypeInfo } from '../../types/type-registry.js';
import { BOOTSTRAP_SUPERUSER_OID, BUILTIN_NAMESPACE_OIDS, type RelationEntry, type TypeEntry } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { PG15_TYPE_FUNCTIONS } from './pg15-type-functions.js';

/** pg_proc OIDs of the functions composite and array types name. */
const FN = {
  recordIn: 2290, recordOut: 2291, recordRecv: 2402, recordSend: 2403,
  arrayIn: 750, arrayOut: 751, arrayRecv: 2400, arraySend: 2401, arrayTypanalyze: 3816, arraySubscript: 6179,
} as const;
const PG_CATALOG = BUILTIN_NAMESPACE_OIDS.pg_catalog!;
/** The pseudo-types' functions, in PG15_TYPE_FUNCTIONS' form (that list holds only typtype 'b'). */
const PSEUDO_TYPE_FUNCTIONS: ReadonlyMap<number, string> = new Map([
  [2249, `${FN.recordIn} ${FN.recordOut} ${FN.recordRecv} ${FN.recordSend} 0 0 0 0 x 0`],
  [2277, '2296 2297 2502 2503 0 0 0 0 x 0'],
  [2278, '2298 2299 3120 3121 0 0 0 0 p 0'],
]);

function builtinRow(t: PgTypeInfo): CatalogRow {
  const fns = (PG15_TYPE_FUNCTIONS.get(t.oid) ?? PSEUDO_TYPE_FUNCTIONS.get(t.oid))?.split(' ');
  const fn = (i: number) => (fns ? Number(fns[i]) : 0);
  return {
    oid: t.oid, typname: t.name, typnamespace: PG_CATALOG, typowner: BOOTSTRAP_SUPERUSER_OID,
    typlen: t.len, typbyval: t.byVal, typtype: t.category === 'P' || t.oid === 705 ? 'p' : 'b', typcategory: t.category,
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

/** PostgreSQL 15's functions of an enum type (pg_proc OIDs). */
const PROC = { enum_in: 3506, enum_out: 3507, enum_recv: 3532, enum_send: 3533 } as const;

/** An enum type and its array type, as DefineEnum makes them. */
function* enumRows(t: TypeEntry): Iterable<CatalogRow> {
  const common = {
    typnamespace: t.namespace.oid, typowner: t.ownerOid, typispreferred: false, typisdefined: true, typdelim: ',',
    typrelid: 0, typmodin: 0, typmodout: 0, typalign: 'i', typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0,
    typcollation: 0,
  };
  yield {
    ...common, oid: t.def.oid, typname: t.def.name, typlen: 4, typbyval: true, typtype: 'e', typcategory: 'E',
    typsubscript: 0, typelem: 0, typarray: t.def.arrayOid, typinput: PROC.enum_in, typoutput: PROC.enum_out,
    typreceive: PROC.enum_recv, typsend: PROC.enum_send, typanalyze: 0, typstorage: 'p',
  };
  yield {
    ...common, oid: t.def.arrayOid, typname: `_${t.def.name}`, typlen: -1, typbyval: false, typtype: 'b', typcategory: 'A',
    typsubscript: FN.arraySubscript, typelem: t.def.oid, typarray: 0, typinput: FN.arrayIn,
    typoutput: FN.arrayOut, typreceive: FN.arrayRecv, typsend: FN.arraySend, typanalyze: FN.arrayTypanalyze,
    typstorage: 'x',
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
  const model = ctx.catalog.model();
  for (const r of model.relations) {
    if (r.rowTypeOid !== 0) yield rowTypeRow(r);
    if (r.arrayTypeOid !== 0) yield arrayTypeRow(r);
  }
  for (const t of model.types) yield* enumRows(t);
});

/** pg_enum: every label of every enum, with its OID and float4 sort order. */
export const pgEnum = catalogTable('pg_enum', function* (ctx) {
  for (const t of ctx.catalog.model().types) {
    for (const l of t.def.labels) yield { oid: l.oid, enumtypid: t.def.oid, enumsortorder: l.sortOrder, enumlabel: l.label };
  }
});
