/**
 * Every comment the catalog holds — pg_description's rows: those on tables and columns
 * (COMMENT ON), and the built-in ones PostgreSQL ships (the pg_catalog, pg_toast and public schemas, plpgsql, the built-in
 * types, the access methods — pgvector's too).
 */
import type { CatalogModel } from './catalog-model.js';
import { PG15_TYPE_DESCRIPTIONS } from './pg15-type-descriptions.js';
import { PGVECTOR_ACCESS_METHOD_COMMENTS } from './pg-catalog/pgvector-catalog.js';

export interface DescriptionRow {
  readonly objoid: number;
  readonly classoid: number;
  readonly objsubid: number;
  readonly description: string;
}

/** The OIDs of the catalogs whose objects carry comments (pg_description.classoid). */
export const CATALOG_OIDS: Readonly<Record<string, number>> = {
  pg_class: 1259, pg_namespace: 2615, pg_extension: 3079, pg_language: 2612, pg_type: 1247, pg_proc: 1255,
  pg_constraint: 2606, pg_database: 1262, pg_authid: 1260, pg_am: 2601,
};

/** pg_am's comments (psql's `\dA+`): PostgreSQL 15's, then pgvector's. */
const ACCESS_METHOD_COMMENTS: readonly (readonly [number, string])[] = [
  [2, 'heap table access method'], [403, 'b-tree index access method'], [405, 'hash index access method'],
  [783, 'GiST index access method'], [2742, 'GIN index access method'], [3580, 'block range index (BRIN) access method'],
  [4000, 'SP-GiST index access method'], ...PGVECTOR_ACCESS_METHOD_COMMENTS,
];

const BUILTIN: readonly DescriptionRow[] = [
  { objoid: 11, classoid: CATALOG_OIDS.pg_namespace!, objsubid: 0, description: 'system catalog schema' },
  { objoid: 99, classoid: CATALOG_OIDS.pg_namespace!, objsubid: 0, description: 'reserved schema for TOAST tables' },
  { objoid: 2200, classoid: CATALOG_OIDS.pg_namespace!, objsubid: 0, description: 'standard public schema' },
  { objoid: 13559, classoid: CATALOG_OIDS.pg_extension!, objsubid: 0, description: 'PL/pgSQL procedural language' },
  { objoid: 13563, classoid: CATALOG_OIDS.pg_language!, objsubid: 0, description: 'PL/pgSQL procedural language' },
  ...ACCESS_METHOD_COMMENTS.map(([objoid, description]) => ({ objoid, classoid: CATALOG_OIDS.pg_am!, objsubid: 0, description })),
];

export function* descriptions(model: CatalogModel): Iterable<DescriptionRow> {
  yield* BUILTIN;
  for (const { def } of model.types) {
    if (def.comment !== undefined) yield { objoid: def.oid, classoid: CATALOG_OIDS.pg_type!, objsubid: 0, description: def.comment };
  }
  for (const [objoid, description] of PG15_TYPE_DESCRIPTIONS) {
    yield { objoid, classoid: CATALOG_OIDS.pg_type!, objsubid: 0, description };
  }
  for (const r of model.relations) {
    const t = r.table;
    if (!t) continue;
    if (t.comment !== undefined) yield { objoid: t.oid, classoid: CATALOG_OIDS.pg_class!, objsubid: 0, description: t.comment };
    for (const c of t.columns) {
      if (c.comment !== undefined) yield { objoid: t.oid, classoid: CATALOG_OIDS.pg_class!, objsubid: c.ordinal, description: c.comment };
    }
  }
}

/** obj_description / col_description: the comment on one object (or column), if any. */
export function descriptionOf(model: CatalogModel, objoid: number, catalog: string, objsubid = 0): string | null {
  const classoid = CATALOG_OIDS[catalog];
  if (classoid === undefined) return null;
  for (const d of descriptions(model)) {
    if (d.objoid === objoid && d.classoid === classoid && d.objsubid === objsubid) return d.description;
  }
  return null;
}
