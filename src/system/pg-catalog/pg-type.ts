/**
 * pg_type: the built-in types with PostgreSQL's OIDs and facts, the row type of every table and
 * view, and the user's enum types with their array types; pg_enum: the enums' labels.
 */
import { allPgTypes, type PgTypeInfo } from '../../types/type-registry.js';
import { BOOTSTRAP_SUPERUSER_OID, BUILTIN_NAMESPACE_OIDS, type RelationEntry, type TypeEntry } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { PG15_TYPE_FUNCTIONS } from './pg15-type-functions.js';

const RECORD_IN = 2290;
const RECORD_OUT = 2291;
const RECORD_RECV = 2402;
const RECORD_SEND = 2403;
const PG_CATALOG = BUILTIN_NAMESPACE_OIDS.pg_catalog!;
/** The pseudo-types' functions, in PG15_TYPE_FUNCTIONS' form (that list holds only typtype 'b'). */
const PSEUDO_TYPE_FUNCTIONS: ReadonlyMap<number, string> = new Map([
  [2249, `${RECORD_IN} ${RECORD_OUT} ${RECORD_RECV} ${RECORD_SEND} 0 0 0 0 x 0`],
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
    typdelim: ',', typrelid: r.oid, typsubscript: 0, typelem: 0, typarray: 0,
    typinput: RECORD_IN, typoutput: RECORD_OUT, typreceive: RECORD_RECV, typsend: RECORD_SEND,
    typmodin: 0, typmodout: 0, typanalyze: 0, typalign: 'd', typstorage: 'x',
    typnotnull: false, typbasetype: 0, typtypmod: -1, typndims: 0, typcollation: 0,
  };
}

/** PostgreSQL 15's functions of an enum type and of an array type (pg_proc OIDs). */
const PROC = {
  enum_in: 3506, enum_out: 3507, enum_recv: 3532, enum_send: 3533,
  array_in: 750, array_out: 751, array_recv: 2400, array_send: 2401, array_typanalyze: 3816, array_subscript_handler: 6179,
} as const;

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
    typsubscript: PROC.array_subscript_handler, typelem: t.def.oid, typarray: 0, typinput: PROC.array_in,
    typoutput: PROC.array_out, typreceive: PROC.array_recv, typsend: PROC.array_send, typanalyze: PROC.array_typanalyze,
    typstorage: 'x',
  };
}

export const pgType = catalogTable('pg_type', function* (ctx) {
  for (const t of allPgTypes()) yield builtinRow(t);
  const model = ctx.catalog.model();
  for (const r of model.relations) if (r.rowTypeOid !== 0) yield rowTypeRow(r);
  for (const t of model.types) yield* enumRows(t);
});

/** pg_enum: every label of every enum, with its OID and float4 sort order. */
export const pgEnum = catalogTable('pg_enum', function* (ctx) {
  for (const t of ctx.catalog.model().types) {
    for (const l of t.def.labels) yield { oid: l.oid, enumtypid: t.def.oid, enumsortorder: l.sortOrder, enumlabel: l.label };
  }
});
