/**
 * pg_depend, pg_sequence and pg_description: which sequence a serial or identity column owns,
 * what each sequence is, and the comments.
 */
import { PgOid } from '../../types/pg-oids.js';
import { sequenceOwner, type CatalogModel } from '../catalog-model.js';
import { catalogTable, type CatalogRow } from './catalog-table.js';
import { descriptions } from '../descriptions.js';
import type { SequenceDefinition } from '../../catalog/table-definition.js';

/** pg_class and pg_constraint's own OIDs: what pg_depend.classid and pg_description.classoid hold. */
export const PG_CLASS_OID = 1259;
export const PG_CONSTRAINT_OID = 2606;
const PG_TYPE_OID = 1247;
const PG_NAMESPACE_OID = 2615;

function* dependRows(model: CatalogModel): Iterable<CatalogRow> {
  for (const r of model.relations) {
    const seq = r.sequence;
    if (seq?.ownedBy) {
      const owner = sequenceOwner(seq.ownedBy);
      const table = model.relationByName(owner.namespace, owner.table);
      const column = table?.table?.columns.find((c) => c.name === owner.column);
      if (table && column) {
        yield {
          classid: PG_CLASS_OID, objid: seq.oid, objsubid: 0, refclassid: PG_CLASS_OID, refobjid: table.oid,
          refobjsubid: column.ordinal, deptype: column.identity ? 'i' : 'a',
        };
      }
    }
    if (r.index) {
      const owner = (r.index.table.constraints ?? []).find((c) => c.indexOid === r.oid && c.kind !== 'f');
      yield owner
        ? { classid: PG_CLASS_OID, objid: r.oid, objsubid: 0, refclassid: PG_CONSTRAINT_OID, refobjid: owner.oid, refobjsubid: 0, deptype: 'i' }
        : { classid: PG_CLASS_OID, objid: r.oid, objsubid: 0, refclassid: PG_CLASS_OID, refobjid: r.index.table.oid, refobjsubid: r.index.def.columns[0] ?? 0, deptype: 'a' };
    }
  }
  yield* typeDependRows(model);
  for (const { def, table } of model.constraints) {
    for (const col of def.columns) {
      yield { classid: PG_CONSTRAINT_OID, objid: def.oid, objsubid: 0, refclassid: PG_CLASS_OID, refobjid: table.oid, refobjsubid: col, deptype: 'a' };
    }
  }
}

/**
 * An enum depends on its schema ('n'), its array type is part of it ('i'), and each column of
 * either depends on it ('n'): what DROP TYPE and DROP SCHEMA walk in PostgreSQL.
 */
function* typeDependRows(model: CatalogModel): Iterable<CatalogRow> {
  const typeOids = new Set<number>();
  for (const { def, namespace } of model.types) {
    yield { classid: PG_TYPE_OID, objid: def.oid, objsubid: 0, refclassid: PG_NAMESPACE_OID, refobjid: namespace.oid, refobjsubid: 0, deptype: 'n' };
    yield { classid: PG_TYPE_OID, objid: def.arrayOid, objsubid: 0, refclassid: PG_TYPE_OID, refobjid: def.oid, refobjsubid: 0, deptype: 'i' };
    typeOids.add(def.oid).add(def.arrayOid);
  }
  if (typeOids.size === 0) return;
  for (const r of model.relations) {
    for (const a of r.table ? r.attributes : []) {
      if (typeOids.has(a.type.oid)) {
        yield { classid: PG_CLASS_OID, objid: r.oid, objsubid: a.num, refclassid: PG_TYPE_OID, refobjid: a.type.oid, refobjsubid: 0, deptype: 'n' };
      }
    }
  }
}

export const pgDepend = catalogTable('pg_depend', (ctx) => dependRows(ctx.catalog.model()));

/**
 * A sequence's type: an identity column's sequence has the column's type (ALTER COLUMN … TYPE
 * moves it along); any other is read off its bounds — an ascending one reaches its type's max, a
 * descending one its min (serial makes integer sequences, bigserial bigint ones).
 */
function sequenceType(model: CatalogModel, s: SequenceDefinition): number {
  if (s.ownedBy) {
    const owner = sequenceOwner(s.ownedBy);
    const column = model.relationByName(owner.namespace, owner.table)?.table?.columns.find((c) => c.name === owner.column);
    if (column?.identity) return column.type.oid;
  }
  if (s.max === 32767n || s.min === -32768n) return PgOid.INT2;
  return s.max === 2147483647n || s.min === -2147483648n ? PgOid.INT4 : PgOid.INT8;
}

export const pgSequence = catalogTable('pg_sequence', function* (ctx) {
  const model = ctx.catalog.model();
  for (const r of model.relations) {
    const s = r.sequence;
    if (!s) continue;
    yield {
      seqrelid: s.oid, seqtypid: sequenceType(model, s), seqstart: s.start, seqincrement: s.increment,
      seqmax: s.max, seqmin: s.min, seqcache: 1n, seqcycle: false,
    };
  }
});

export const pgDescription = catalogTable('pg_description', (ctx) => [...descriptions(ctx.catalog.model())].map((d) => ({ ...d })));
