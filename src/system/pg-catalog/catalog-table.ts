/**
 * A pg_catalog relation served with PostgreSQL 15's exact column list (pg15-shapes.ts). Its rows
 * are written as objects naming only the columns we know; every other column gets the value
 * PostgreSQL's catalogs hold when a feature is unused — false, 0, or NULL — so tools that select
 * `x.*` or filter on `NOT relispartition` see what they expect.
 */
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { PgOid } from '../../types/pg-oids.js';
import { pgTypeInfo } from '../../types/type-registry.js';
import type { SystemContext, VirtualColumn, VirtualTable } from '../virtual-table.js';
import type { CatalogModel } from '../catalog-model.js';
import { PG15_CATALOG, PG15_INFORMATION_SCHEMA, type Pg15Relation } from './pg15-shapes.js';

export type CatalogRow = Readonly<Record<string, Value>>;

/** The OID-valued types: their values are numbers. */
const OID_LIKE = new Set([PgOid.OID, PgOid.REGPROC, PgOid.REGCLASS, PgOid.REGTYPE, 2202, 4089, 4096, 28, 29]);

/** How a PostgreSQL type OID of a catalog column is carried here. */
export function catalogColumnType(oid: number): ColumnType {
  if (OID_LIKE.has(oid)) return { kalam: KalamDataType.INT, oid, typmod: -1 };
  if (oid === PgOid.INT2VECTOR || oid === PgOid.OIDVECTOR) return { kalam: KalamDataType.ARRAY, oid, typmod: -1 };
  const info = pgTypeInfo(oid);
  if (info?.kalam != null) return { kalam: info.kalam, oid, typmod: -1 };
  if (info?.category === 'A') return { kalam: KalamDataType.ARRAY, oid, typmod: -1 };
  return { kalam: KalamDataType.TEXT, oid, typmod: -1 };
}

/** PostgreSQL 15's shape of a built-in relation, if we have it. */
export function pg15Shape(namespace: string, name: string): Pg15Relation | undefined {
  return namespace === 'pg_catalog' ? PG15_CATALOG[name] : namespace === 'information_schema' ? PG15_INFORMATION_SCHEMA[name] : undefined;
}

export function pg15Columns(name: string, namespace = 'pg_catalog'): VirtualColumn[] {
  const shape = pg15Shape(namespace, name);
  if (!shape) throw new Error(`no PostgreSQL 15 shape for ${namespace}.${name}`);
  return shape.columns.split(' ').map((pair) => {
    const [col, oid] = pair.split(':');
    return { name: col!, type: catalogColumnType(Number(oid)) };
  });
}

function unsetValue(type: ColumnType): Value {
  switch (type.kalam) {
    case KalamDataType.BOOLEAN: return false;
    case KalamDataType.INT: case KalamDataType.SMALLINT: return 0;
    case KalamDataType.BIGINT: return 0n;
    default: return null;
  }
}

/**
 * Values of a cached relation that change between schema versions (pg_class's reltuples after an
 * ANALYZE): given the read's copy of the row list, the patch replaces the few rows that differ —
 * never changing a cached row, which other reads share.
 */
export type CatalogPatch = (ctx: SystemContext, rows: Value[][], columns: readonly VirtualColumn[]) => void;

/**
 * `reads`: 'model' when the rows come from the catalog model (and constants) alone — they are built
 * once per schema version and shared by every session and query, so psql's `\d` does not rebuild
 * pg_class and pg_attribute a dozen times; 'session' when they read the session (its database
 * name, settings, the connected sessions) and are built on every read.
 */
export function catalogTable(
  name: string, rows: (ctx: SystemContext) => Iterable<CatalogRow>, namespace = 'pg_catalog',
  reads: 'model' | 'session' = 'model', patch?: CatalogPatch,
): VirtualTable {
  const shape = pg15Shape(namespace, name)!;
  const columns = pg15Columns(name, namespace);
  const unset = columns.map((c) => unsetValue(c.type));
  const build = (ctx: SystemContext): Value[][] => {
    const out: Value[][] = [];
    for (const r of rows(ctx)) {
      out.push(columns.map((c, i) => (c.name in r ? r[c.name]! : unset[i]!)));
    }
    return out;
  };
  const built = new WeakMap<CatalogModel, readonly Value[][]>();
  return {
    namespace,
    name,
    oid: shape.oid,
    columns,
    rows(ctx: SystemContext): Value[][] {
      if (reads === 'session') return build(ctx);
      const model = ctx.catalog.model();
      let cached = built.get(model);
      if (!cached) {
        cached = build(ctx).map((r) => Object.freeze(r) as Value[]); // shared: nothing may change a row
        built.set(model, cached);
      }
      const out = cached.slice();
      patch?.(ctx, out, columns);
      return out;
    },
  };
}

/** A relation PostgreSQL 15 has that holds nothing here (no triggers, policies, publications, …). */
export function emptyCatalogTable(name: string, namespace = 'pg_catalog'): VirtualTable {
  return catalogTable(name, () => [], namespace);
}
