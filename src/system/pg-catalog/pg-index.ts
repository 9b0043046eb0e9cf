/** pg_index and pg_constraint: the indexes and constraints recorded on each table definition. */
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import type { CatalogModel, ConstraintEntry, RelationEntry } from '../catalog-model.js';
import { isBtree } from '../../catalog/table-definition.js';
import { foreignKeyOperators } from './btree-equality.js';
import { collationOf } from './pg-attribute.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { defaultBtreeOpclass } from './pg-builtin-rows.js';
import { vectorIndexOpclass } from './pgvector-catalog.js';

/** int2vector / oidvector values: zero-based, as PostgreSQL subscripts them. */
export function zeroBasedVector(kalam: KalamDataType, items: readonly Value[]): PgArray {
  return items.length === 0 ? new PgArray(kalam, [], [], []) : new PgArray(kalam, items, [items.length], [0]);
}

function indexRow(r: RelationEntry): CatalogRow {
  const { def, table } = r.index!;
  const types = def.columns.map((o) => table.columns.find((c) => c.ordinal === o)?.type.oid ?? 0);
  return {
    indexrelid: def.oid, indrelid: table.oid, indnatts: def.columns.length, indnkeyatts: def.columns.length,
    indisunique: def.unique, indnullsnotdistinct: false, indisprimary: def.primary, indisexclusion: false,
    indimmediate: true, indisclustered: false, indisvalid: true, indcheckxmin: false, indisready: true,
    indislive: true, indisreplident: false,
    indkey: zeroBasedVector(KalamDataType.SMALLINT, def.columns),
    indcollation: zeroBasedVector(KalamDataType.INT, types.map(collationOf)),
    indclass: zeroBasedVector(KalamDataType.INT, types.map((t) => vectorIndexOpclass(def) ?? defaultBtreeOpclass(t))),
    // Only an ordered access method (btree) has per-column DESC / NULLS FIRST bits; hnsw's are 0.
    indoption: zeroBasedVector(KalamDataType.SMALLINT, def.columns.map((_, i) =>
      isBtree(def) ? (def.descending[i] ? 1 : 0) | (def.nullsFirst[i] ? 2 : 0) : 0)),
    indexprs: null, indpred: null,
  };
}

export const pgIndex = catalogTable('pg_index', (ctx) =>
  ctx.catalog.model().relations.filter((r) => r.kind === 'i').map(indexRow),
);

const smallints = (xs: readonly number[]) => PgArray.of(KalamDataType.SMALLINT, xs);

/** The type OID of a table's column by ordinal (0 when there is no such column). */
function columnTypeOid(model: CatalogModel, tableOid: number, ordinal: number): number {
  return model.relationByOid(tableOid)?.table?.columns.find((c) => c.ordinal === ordinal)?.type.oid ?? 0;
}

/** A foreign key's equality operators per key column (conpfeqop, conppeqop, conffeqop). */
function foreignKeyOperatorArrays(model: CatalogModel, { def, table }: ConstraintEntry): CatalogRow {
  const ref = def.references;
  const ops = ref && def.columns.map((fk, i) =>
    foreignKeyOperators(columnTypeOid(model, ref.tableOid, ref.columns[i]!), columnTypeOid(model, table.oid, fk)));
  if (!ops || ops.some((o) => o === undefined)) return { conpfeqop: null, conppeqop: null, conffeqop: null };
  const oids = (pick: 'pf' | 'pp' | 'ff') => PgArray.of(KalamDataType.INT, ops.map((o) => o![pick]));
  return { conpfeqop: oids('pf'), conppeqop: oids('pp'), conffeqop: oids('ff') };
}

export const pgConstraint = catalogTable('pg_constraint', (ctx) => {
  const model = ctx.catalog.model();
  return model.constraints.map((entry): CatalogRow => {
    const { def, table } = entry;
    return {
      oid: def.oid, conname: def.name, connamespace: model.namespaceByName(table.namespace)?.oid ?? 0,
      contype: def.kind, condeferrable: def.deferrable, condeferred: def.initiallyDeferred, convalidated: def.validated,
      conrelid: table.oid, contypid: 0, conindid: def.indexOid ?? 0, conparentid: 0,
      confrelid: def.references?.tableOid ?? 0,
      confupdtype: def.references?.onUpdate ?? ' ', confdeltype: def.references?.onDelete ?? ' ',
      confmatchtype: def.references?.match ?? ' ',
      // Key and foreign-key constraints of a (non-partitioned) table are never inherited.
      conislocal: true, coninhcount: 0, connoinherit: def.kind !== 'c',
      conkey: smallints(def.columns),
      confkey: def.references ? smallints(def.references.columns) : null,
      ...foreignKeyOperatorArrays(model, entry),
      // conbin carries the CHECK's text: pg_get_expr(conbin, conrelid) prints it back.
      conbin: def.check ? def.check.text.replace(/^CHECK /, '') : null,
    };
  });
});
