/**
 * The first pg_catalog relations clients read on connect (postgres.js's array-type discovery reads
 * pg_type). The full set psql and pgjdbc need comes with the catalog work of a later issue.
 */
import { allPgTypes } from '../types/type-registry.js';
import type { Value } from '../types/kalam-type.js';
import { T, cols } from './column-types.js';
import type { SystemContext, VirtualTable } from './virtual-table.js';

const NS = 'pg_catalog';
export const PG_CATALOG_OID = 11;

export const pgType: VirtualTable = {
  namespace: NS,
  name: 'pg_type',
  oid: 1247,
  columns: cols({
    oid: T.oid, typname: T.name, typnamespace: T.oid, typowner: T.oid, typlen: T.int2, typbyval: T.bool,
    typtype: T.char, typcategory: T.char, typispreferred: T.bool, typisdefined: T.bool, typdelim: T.char,
    typrelid: T.oid, typelem: T.oid, typarray: T.oid, typbasetype: T.oid, typtypmod: T.int4,
    typnotnull: T.bool, typndims: T.int4, typcollation: T.oid, typdefault: T.text,
  }),
  rows(): Value[][] {
    return allPgTypes().map((t) => [
      t.oid, t.name, PG_CATALOG_OID, 10, t.len, t.len > 0 && t.len <= 8, 'b', t.category, false, true, ',',
      0, 0, t.arrayOid, 0, -1, false, 0, 0, null,
    ]);
  },
};

export const pgNamespace: VirtualTable = {
  namespace: NS,
  name: 'pg_namespace',
  oid: 2615,
  columns: cols({ oid: T.oid, nspname: T.name, nspowner: T.oid, nspacl: T.text }),
  rows(ctx: SystemContext): Value[][] {
    return [
      [PG_CATALOG_OID, 'pg_catalog', 10, null],
      [13000, 'information_schema', 10, null],
      [14000, 'system', 10, null],
      ...ctx.schema.listNamespaces().map((ns) => [ns.oid, ns.name, 10, null]),
    ];
  },
};

export const PG_CATALOG: readonly VirtualTable[] = [pgType, pgNamespace];
