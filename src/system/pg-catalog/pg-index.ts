/** pg_index and pg_constraint: the indexes and constraints recorded on each table definition. */
import { KalamDataType, type Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import type { RelationEntry } from '../catalog-model.js';
import { collationOf } from './pg-attribute.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { defaultBtreeOpclass } from './pg-builtin-rows.js';

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
    indclass: zeroBasedVector(KalamDataType.INT, types.map(defaultBtreeOpclass)),
    indoption: zeroBasedVector(KalamDataType.SMALLINT, def.columns.map((_, i) =>
      (def.descending[i] ? 1 : 0) | (def.nullsFirst[i] ? 2 : 0))),
    indexprs: null, indpred: null,
  };
}

export const pgIndex = catalogTable('pg_index', (ctx) =>
  ctx.catalog.model().relations.filter((r) => r.kind === 'i').map(indexRow),
);

const smallints = (xs: readonly number[]) => PgArray.of(KalamDataType.SMALLINT, xs);

export const pgConstraint = catalogTable('pg_constraint', (ctx) => {
  const model = ctx.catalog.model();
  return model.constraints.map(({ def, table }): CatalogRow => ({
    oid: def.oid, conname: def.name, connamespace: model.namespaceByName(table.namespace)?.oid ?? 0,
    contype: def.kind, condeferrable: def.deferrable, condeferred: def.initiallyDeferred, convalidated: def.validated,
    conrelid: table.oid, contypid: 0, conindid: def.indexOid ?? 0, conparentid: 0,
    confrelid: def.references?.tableOid ?? 0,
    confupdtype: def.references?.onUpdate ?? ' ', confdeltype: def.references?.onDelete ?? ' ',
    confmatchtype: def.references?.match ?? ' ',
    conislocal: true, coninhcount: 0, connoinherit: false,
    conkey: smallints(def.columns),
    confkey: def.references ? smallints(def.references.columns) : null,
    // conbin carries the CHECK's text: pg_get_expr(conbin, conrelid) prints it back.
    conbin: def.check ? def.check.text.replace(/^CHECK /, '') : null,
  }));
});
