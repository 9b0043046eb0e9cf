/**
 * Sends a BI tool's statement to one server and reduces the answer to what can be compared with
 * PostgreSQL's: column names, column type OIDs and rows as the text the server sent — or the
 * SQLSTATE and message of an error.
 *
 * Normalised, because they necessarily differ between two servers holding the same schema:
 * - OIDs handed out at run time (≥ 12000, PostgreSQL's FirstUnpinnedObjectId: initdb's own
 *   objects such as information_schema and plpgsql, then every user object) in oid, oid[] and
 *   oidvector columns become the name of the object they identify (`class:books`,
 *   `constraint:books_pkey`, …): the two servers number objects in a different order, and
 *   PostgreSQL builds differ in initdb's. OIDs fixed in PostgreSQL's source are compared as they are.
 * - xid columns (relfrozenxid, datfrozenxid, …): transaction counters.
 * - pg_node_tree columns (conbin, adbin, indexprs, …): PostgreSQL's internal plan-node text, which
 *   embeds parse locations; what clients read of it goes through pg_get_expr, which is compared.
 * - pg_class's storage columns relfilenode, relpages, reltuples, relallvisible and reltoastrelid:
 *   they describe PostgreSQL's heap files (8 kB pages, TOAST tables) that kalamdb-pg does not have.
 * - rows about kalamdb-pg's own `system` schema tables, in queries that list every schema's
 *   tables (ReplayQuery.schemaColumn).
 * - the text after `PostgreSQL 15.N` in version(): the build banner. The major version, which
 *   SQLAlchemy and DBeaver parse, is compared.
 */
import type pg from 'pg';
import { TEXT_TYPES } from '../../test/support/differential.js';
import type { ReplayParam, ReplayQuery } from './replay-query.js';

export type ReplayAnswer =
  | { readonly columns: readonly string[]; readonly rows: readonly (readonly unknown[])[] }
  | { readonly error: string };

const OID = 26;
const OID_ARRAY = 1028;
const OID_VECTOR = 30;
const XID = 28;
const NODE_TREE = 194;
const STORAGE_COLUMNS = new Set(['relfilenode', 'relpages', 'reltuples', 'relallvisible', 'reltoastrelid']);
const FIRST_UNPINNED_OID = 12000;

/** The names of a server's run-time objects by OID, and its relations' OIDs by name. */
export interface ServerObjects {
  readonly names: ReadonlyMap<string, string>;
  readonly relations: ReadonlyMap<string, string>;
}

const OBJECTS_SQL = `
SELECT oid::text, 'class:' || relname FROM pg_catalog.pg_class WHERE oid >= ${FIRST_UNPINNED_OID}
UNION ALL SELECT oid::text, 'type:' || typname FROM pg_catalog.pg_type WHERE oid >= ${FIRST_UNPINNED_OID}
UNION ALL SELECT oid::text, 'namespace:' || nspname FROM pg_catalog.pg_namespace WHERE oid >= ${FIRST_UNPINNED_OID}
UNION ALL SELECT oid::text, 'constraint:' || conname FROM pg_catalog.pg_constraint WHERE oid >= ${FIRST_UNPINNED_OID}
UNION ALL SELECT oid::text, 'extension:' || extname FROM pg_catalog.pg_extension WHERE oid >= ${FIRST_UNPINNED_OID}`;

export async function serverObjects(c: pg.Client): Promise<ServerObjects> {
  const r = await c.query<[string, string]>({ text: OBJECTS_SQL, rowMode: 'array' });
  // A relation's name wins over another catalog's object with the same number.
  const names = new Map<string, string>();
  for (const [oid, name] of r.rows) if (!names.has(oid)) names.set(oid, name);
  const relations = new Map(r.rows.filter(([, n]) => n.startsWith('class:')).map(([oid, n]) => [n.slice('class:'.length), oid]));
  return { names, relations };
}

function relationOid(objects: ServerObjects, name: string): string {
  const oid = objects.relations.get(name);
  if (oid === undefined) throw new Error(`no relation ${name} on this server`);
  return oid;
}

function bindText(sql: string, objects: ServerObjects): string {
  return sql.replace(/\{\{oid:(\w+)\}\}/g, (_, name: string) => relationOid(objects, name));
}

function bindParam(p: ReplayParam, objects: ServerObjects): string | number {
  return typeof p === 'object' ? relationOid(objects, p.oid) : p;
}

export async function replay(c: pg.Client, q: ReplayQuery, objects: ServerObjects): Promise<ReplayAnswer> {
  try {
    const r = await c.query({
      text: bindText(q.sql, objects),
      values: q.params?.map((p) => bindParam(p, objects)),
      rowMode: 'array',
      types: TEXT_TYPES,
      ...(q.protocol === 'extended' ? { queryMode: 'extended' as const } : {}),
    });
    const fields = r.fields;
    const schema = q.schemaColumn === undefined ? -1 : fields.findIndex((f) => f.name === q.schemaColumn);
    const rows = (r.rows as unknown[][]).filter((row) => schema < 0 || row[schema] !== 'system').map((row) => row.map((v, i) => normaliseValue(v, fields[i]!, objects)));
    if (q.unordered) rows.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return { columns: fields.map((f) => `${f.name}:${f.dataTypeID}`), rows };
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { error: `${err.code ?? '?'} ${err.message}` };
  }
}

function userOid(text: string, objects: ServerObjects): string {
  return Number(text) >= FIRST_UNPINNED_OID ? (objects.names.get(text) ?? '<user oid>') : text;
}

function normaliseValue(v: unknown, field: pg.FieldDef, objects: ServerObjects): unknown {
  if (v === null || typeof v !== 'string') return v;
  if (STORAGE_COLUMNS.has(field.name)) return '<storage>';
  switch (field.dataTypeID) {
    case OID:
      return userOid(v, objects);
    case OID_VECTOR:
      return v.split(' ').map((o) => userOid(o, objects)).join(' ');
    case OID_ARRAY:
      return v.replace(/\d+/g, (o) => userOid(o, objects));
    case XID:
      return '<xid>';
    case NODE_TREE:
      return '<node tree>';
    default:
      return v.replace(/^PostgreSQL (\d+)\.\d+ .*$/s, 'PostgreSQL $1.<minor> <build>');
  }
}
