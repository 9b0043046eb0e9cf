/**
 * pgvector 0.8's catalog objects for the `vector` type: its access methods (hnsw, ivfflat), its
 * operator families and operator classes, as `CREATE EXTENSION vector` leaves them in pg_am,
 * pg_opfamily and pg_opclass (pgvector's sql/vector.sql):
 *
 *   btree   vector_ops         DEFAULT FOR TYPE vector
 *   ivfflat vector_l2_ops      DEFAULT FOR TYPE vector, vector_ip_ops, vector_cosine_ops
 *   hnsw    vector_l2_ops, vector_ip_ops, vector_cosine_ops — none is the default, so
 *           `USING hnsw (embedding)` without an opclass fails (42704) and pg_get_indexdef
 *           always prints the opclass of an hnsw column.
 *
 * The halfvec, sparsevec and bit classes and hnsw's vector_l1_ops are left out: their types or
 * operators are not here, and a class listed here should be one CREATE INDEX can take.
 *
 * OIDs: an extension's objects get whatever OIDs come next when it is created; ours are fixed in
 * the block this project keeps for its own built-in objects (14000–16383: above PostgreSQL 15's
 * initdb objects, below FirstNormalObjectId 16384 where the schema store starts handing out
 * OIDs). system.* relations use 14000–14099; pgvector's objects 14100–14199. Never renumber:
 * clients cache them.
 */
import type { IndexDefinition, VectorOpclass } from '../../catalog/table-definition.js';
import { PgOid } from '../../types/pg-oids.js';

export const HNSW_AM = 14100;
export const IVFFLAT_AM = 14101;

/** pg_am rows: oid, name, handler (regproc hnswhandler / ivfflathandler, types/builtin-functions.ts), type. */
export const PGVECTOR_ACCESS_METHODS: readonly (readonly [number, string, number, string])[] = [
  [HNSW_AM, 'hnsw', 14102, 'i'],
  [IVFFLAT_AM, 'ivfflat', 14103, 'i'],
];

/** COMMENT ON ACCESS METHOD in pgvector's script (pg_description, for psql's `\dA+`). */
export const PGVECTOR_ACCESS_METHOD_COMMENTS: readonly (readonly [number, string])[] = [
  [HNSW_AM, 'hnsw index access method'],
  [IVFFLAT_AM, 'ivfflat index access method'],
];

/** pg_am's btree, as pg-class.ts names it (not imported: pg-class.ts imports this file). */
const BTREE_AM = 403;

/**
 * pg_opclass rows in pg15-opclasses.ts's shape: oid, method, name, family, input type, key type,
 * default. Each class is alone in a family of its own name (pgvector declares no FAMILY), whose
 * OID is the class's + 20.
 */
export const PGVECTOR_OPCLASSES: readonly (readonly [number, number, string, number, number, number, boolean])[] = [
  [14120, BTREE_AM, 'vector_ops', 14140, PgOid.VECTOR, 0, true],
  [14121, IVFFLAT_AM, 'vector_l2_ops', 14141, PgOid.VECTOR, 0, true],
  [14122, IVFFLAT_AM, 'vector_ip_ops', 14142, PgOid.VECTOR, 0, false],
  [14123, IVFFLAT_AM, 'vector_cosine_ops', 14143, PgOid.VECTOR, 0, false],
  [14124, HNSW_AM, 'vector_l2_ops', 14144, PgOid.VECTOR, 0, false],
  [14125, HNSW_AM, 'vector_ip_ops', 14145, PgOid.VECTOR, 0, false],
  [14126, HNSW_AM, 'vector_cosine_ops', 14146, PgOid.VECTOR, 0, false],
];

/** pg_opfamily rows: oid, method, name — one per class above. */
export const PGVECTOR_OPFAMILIES: readonly (readonly [number, number, string])[] =
  PGVECTOR_OPCLASSES.map(([, method, name, family]) => [family, method, name] as const);

/** The pg_opclass row of an hnsw operator class. */
function hnswOpclass(name: VectorOpclass) {
  return PGVECTOR_OPCLASSES.find((o) => o[1] === HNSW_AM && o[2] === name)!;
}

/** pg_class.relam of a vector index; undefined for a b-tree. */
export function vectorAccessMethod(def: IndexDefinition): number | undefined {
  return def.method === 'hnsw' ? HNSW_AM : undefined;
}

/** pg_index.indclass of a vector index's one key column; undefined for a b-tree. */
export function vectorIndexOpclass(def: IndexDefinition): number | undefined {
  return def.method === 'hnsw' && def.vector ? hnswOpclass(def.vector.opclass)[0] : undefined;
}

/** pg_class.reloptions of an index: `{m=16,ef_construction=64}` as given in WITH, NULL when none were. */
export function indexReloptions(def: IndexDefinition): readonly string[] | null {
  const given = def.vector?.reloptions ?? [];
  return given.length === 0 ? null : given;
}
