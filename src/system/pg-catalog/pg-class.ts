/** pg_namespace and pg_class: every schema and relation of the catalog model. */
import { BOOTSTRAP_SUPERUSER_OID, type CatalogModel, type RelationEntry } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import type { SystemContext, VirtualColumn } from '../virtual-table.js';
import type { Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { formatAclItem, type AclItem } from '../../catalog/acl.js';
import { tableAcl } from '../../executor/privileges/access-level-grants.js';
import { indexReloptions, vectorAccessMethod } from './pgvector-catalog.js';

/** pg_am OIDs: heap for tables, btree for indexes (vector indexes: pgvector-catalog.ts). */
export const HEAP_AM = 2;
export const BTREE_AM = 403;

/** aclitem[] as its text: `{alice=arwdDxt/alice,=r/alice}`; NULL for the default (owner-only) list. */
function aclArray(acl: readonly AclItem[] | undefined): PgArray | null {
  return acl ? PgArray.of(KalamDataType.TEXT, acl.map(formatAclItem)) : null;
}

/**
 * Built-in schemas' privileges in PostgreSQL 15: public's owner (pg_database_owner) may USAGE and
 * CREATE, everyone USAGE; pg_catalog and information_schema likewise, granted by the bootstrap
 * superuser that owns them. pg_toast and schemas made by CREATE SCHEMA have none recorded (NULL).
 */
function namespaceAcl(name: string, superuser: string, stored: readonly AclItem[] | undefined): PgArray | null {
  if (stored) return aclArray(stored);
  const owner = name === 'public' ? 'pg_database_owner' : name === 'pg_catalog' || name === 'information_schema' ? superuser : null;
  return owner === null ? null : PgArray.of(KalamDataType.TEXT, [`${owner}=UC/${owner}`, `=U/${owner}`]);
}

export const pgNamespace = catalogTable('pg_namespace', (ctx) => {
  const model = ctx.catalog.model();
  const superuser = model.roleByOid(BOOTSTRAP_SUPERUSER_OID)?.user.name ?? 'postgres';
  return model.namespaces.map((n) => ({
    oid: n.oid, nspname: n.name, nspowner: n.ownerOid, nspacl: namespaceAcl(n.name, superuser, ctx.schema.namespace(n.name)?.acl),
  }));
});

/** An index's WITH (…) options as text[], NULL when none were given (tables take none here). */
function indexOptions(r: RelationEntry): PgArray | null {
  const given = r.index && indexReloptions(r.index.def);
  return given ? PgArray.of(KalamDataType.TEXT, given) : null;
}

function classRow(r: RelationEntry, withTriggers: ReadonlySet<number>): CatalogRow {
  const table = r.table;
  const checks = (table?.constraints ?? []).filter((c) => c.kind === 'c').length;
  const hasIndex = (table?.indexes ?? []).length > 0;
  const stored = r.kind === 'r' || r.kind === 'i' || r.kind === 'S';
  return {
    oid: r.oid,
    relname: r.name,
    relnamespace: r.namespace.oid,
    reltype: r.rowTypeOid,
    reloftype: 0,
    relowner: r.ownerOid ?? BOOTSTRAP_SUPERUSER_OID,
    relam: r.kind === 'r' ? HEAP_AM : r.kind === 'i' ? ((r.index && vectorAccessMethod(r.index.def)) ?? BTREE_AM) : 0,
    relfilenode: stored && !r.virtual ? r.oid : 0,
    reltablespace: 0,
    // A new btree index holds its metapage and a sequence its one tuple's page; tables start empty.
    relpages: (r.kind === 'i' || r.kind === 'S') && !r.virtual ? 1 : 0,
    // -1: never analysed (PostgreSQL 14+); indexes and sequences start at 0 and 1. ANALYZE and
    // VACUUM change a table's and its indexes' (patchStorageColumns).
    reltuples: r.kind === 'S' ? 1 : r.kind === 'i' ? 0 : -1,
    relallvisible: 0,
    reltoastrelid: 0,
    relhasindex: hasIndex,
    relisshared: r.virtual !== undefined && ['pg_database', 'pg_authid', 'pg_tablespace'].includes(r.name),
    relpersistence: 'p',
    relkind: r.kind,
    relnatts: r.kind === 'i' ? r.attributes.length : r.attributes.length === 0 ? 0 : Math.max(...r.attributes.map((a) => a.num)),
    relchecks: checks,
    relhasrules: r.kind === 'v',
    relhastriggers: withTriggers.has(r.oid),
    relhassubclass: false,
    relrowsecurity: false,
    relforcerowsecurity: false,
    relispopulated: true,
    relreplident: r.kind === 'r' ? 'd' : 'n',
    relispartition: false,
    relrewrite: 0,
    relfrozenxid: 0,
    relminmxid: 0,
    relacl: aclArray((table && tableAcl(table)) ?? r.view?.acl ?? r.sequence?.acl),
    reloptions: indexOptions(r),
  };
}

/**
 * PostgreSQL enforces foreign keys with internal triggers on both tables, so relhastriggers is
 * true there — and psql prints "Foreign-key constraints" and "Referenced by" only when it is.
 */
function tablesWithTriggers(model: CatalogModel): Set<number> {
  const out = new Set<number>();
  for (const { def, table } of model.constraints) {
    if (def.kind !== 'f' || !def.references) continue;
    out.add(table.oid);
    out.add(def.references.tableOid);
  }
  return out;
}

/** Each relation's row number in the cached pg_class rows (which follow model.relations). */
const rowNumbers = new WeakMap<CatalogModel, Map<number, number>>();

/**
 * reltuples and relpages change without a schema change (ANALYZE, VACUUM): the rows of the
 * relations counted so far are replaced in each read's copy, the cached rows stay as built.
 */
function patchStorageColumns(ctx: SystemContext, rows: Value[][], columns: readonly VirtualColumn[]): void {
  const model = ctx.catalog.model();
  let numbers = rowNumbers.get(model);
  if (!numbers) rowNumbers.set(model, (numbers = new Map(model.relations.map((r, i) => [r.oid, i]))));
  const pages = columns.findIndex((c) => c.name === 'relpages');
  const tuples = columns.findIndex((c) => c.name === 'reltuples');
  for (const counted of ctx.relationStats.counted()) {
    const i = numbers.get(counted.oid);
    if (i === undefined) continue;
    const row = rows[i]!.slice();
    row[pages] = counted.relpages;
    row[tuples] = counted.reltuples;
    rows[i] = row;
  }
}

export const pgClass = catalogTable('pg_class', (ctx) => {
  const model = ctx.catalog.model();
  const withTriggers = tablesWithTriggers(model);
  return model.relations.map((r) => classRow(r, withTriggers));
}, 'pg_catalog', 'model', patchStorageColumns);
