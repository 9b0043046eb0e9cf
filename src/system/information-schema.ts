/** information_schema: schemata, tables, views, columns — PostgreSQL's column names, from the schema store. */
import type { ColumnDefinition, ViewDefinition } from '../catalog/table-definition.js';
import { charLength, numericPrecisionScale } from '../types/typmod.js';
import { KalamDataType, type Value } from '../types/kalam-type.js';
import { PgOid } from '../types/pg-oids.js';
import { T, cols } from './column-types.js';
import { emptyCatalogTable } from './pg-catalog/catalog-table.js';
import { defaultText, informationSchemaDataType, udtName, udtSchema } from './describe-column.js';
import { isEnumOid } from '../types/enum-types.js';
import type { SystemContext, VirtualTable } from './virtual-table.js';
import { roleTableGrants, tablePrivileges } from './information-schema-privileges.js';

const NS = 'information_schema';

export const schemata: VirtualTable = {
  namespace: NS,
  name: 'schemata',
  oid: 13001,
  columns: cols({
    catalog_name: T.name, schema_name: T.name, schema_owner: T.name,
    default_character_set_catalog: T.name, default_character_set_schema: T.name,
    default_character_set_name: T.name, sql_path: T.varchar,
  }),
  rows(ctx: SystemContext): Value[][] {
    const builtin = ['pg_catalog', 'information_schema', 'system'].map((n) => [ctx.database, n, 'postgres', null, null, null, null]);
    return [
      ...builtin,
      ...ctx.schema.listNamespaces().map((ns) => [ctx.database, ns.name, ns.owner, null, null, null, null]),
    ];
  },
};

export const tables: VirtualTable = {
  namespace: NS,
  name: 'tables',
  oid: 13002,
  columns: cols({
    table_catalog: T.name, table_schema: T.name, table_name: T.name, table_type: T.varchar,
    self_referencing_column_name: T.name, reference_generation: T.varchar,
    user_defined_type_catalog: T.name, user_defined_type_schema: T.name, user_defined_type_name: T.name,
    is_insertable_into: T.varchar, is_typed: T.varchar, commit_action: T.varchar,
  }),
  rows(ctx: SystemContext): Value[][] {
    return [
      ...ctx.schema.listTables().map((t) => [
        ctx.database, t.namespace, t.name, 'BASE TABLE', null, null, null, null, null, 'YES', 'NO', null,
      ]),
      // Views are read-only here, so none is insertable into (PostgreSQL: YES for updatable ones).
      ...ctx.schema.listViews().map((v) => [
        ctx.database, v.namespace, v.name, 'VIEW', null, null, null, null, null, 'NO', 'NO', null,
      ]),
    ];
  },
};

export const views: VirtualTable = {
  namespace: NS,
  name: 'views',
  oid: 13004,
  columns: cols({
    table_catalog: T.name, table_schema: T.name, table_name: T.name, view_definition: T.varchar,
    check_option: T.varchar, is_updatable: T.varchar, is_insertable_into: T.varchar,
    is_trigger_updatable: T.varchar, is_trigger_deletable: T.varchar, is_trigger_insertable_into: T.varchar,
  }),
  rows(ctx: SystemContext): Value[][] {
    // view_definition is the query as written, not PostgreSQL's pg_get_viewdef re-spelling.
    return ctx.schema.listViews().map((v) => [
      ctx.database, v.namespace, v.name, v.text, 'NONE', 'NO', 'NO', 'NO', 'NO', 'NO',
    ]);
  },
};

/** A view's column as information_schema.columns describes it: nullable, no default. */
function viewColumns(v: ViewDefinition): ColumnDefinition[] {
  return v.columns.map((c, i) => ({ name: c.name, ordinal: i + 1, type: c.type, nullable: true, primaryKey: false, default: { kind: 'none' } }));
}

function numericFacts(oid: number, typmod: number): [Value, Value, Value] {
  switch (oid) {
    case PgOid.INT2: return [16, 2, 0];
    case PgOid.INT4: return [32, 2, 0];
    case PgOid.INT8: return [64, 2, 0];
    case PgOid.FLOAT4: return [24, 2, null];
    case PgOid.FLOAT8: return [53, 2, null];
    case PgOid.NUMERIC: {
      const ps = numericPrecisionScale(typmod);
      return ps ? [ps.precision, 10, ps.scale] : [null, 10, null];
    }
    default: return [null, null, null];
  }
}

export const columns: VirtualTable = {
  namespace: NS,
  name: 'columns',
  oid: 13003,
  columns: cols({
    table_catalog: T.name, table_schema: T.name, table_name: T.name, column_name: T.name,
    ordinal_position: T.int4, column_default: T.varchar, is_nullable: T.varchar, data_type: T.varchar,
    character_maximum_length: T.int4, character_octet_length: T.int4, numeric_precision: T.int4,
    numeric_precision_radix: T.int4, numeric_scale: T.int4, datetime_precision: T.int4,
    interval_type: T.varchar, interval_precision: T.int4,
    character_set_catalog: T.name, character_set_schema: T.name, character_set_name: T.name,
    collation_catalog: T.name, collation_schema: T.name, collation_name: T.name,
    domain_catalog: T.name, domain_schema: T.name, domain_name: T.name,
    udt_catalog: T.name, udt_schema: T.name, udt_name: T.name,
    scope_catalog: T.name, scope_schema: T.name, scope_name: T.name,
    maximum_cardinality: T.int4, dtd_identifier: T.name, is_self_referencing: T.varchar,
    is_identity: T.varchar, identity_generation: T.varchar, identity_start: T.varchar,
    identity_increment: T.varchar, identity_maximum: T.varchar, identity_minimum: T.varchar,
    identity_cycle: T.varchar, is_generated: T.varchar, generation_expression: T.varchar,
    is_updatable: T.varchar,
  }),
  rows(ctx: SystemContext): Value[][] {
    const out: Value[][] = [];
    const relations = [
      ...ctx.schema.listTables().map((t) => ({ namespace: t.namespace, name: t.name, columns: t.columns, updatable: 'YES' })),
      ...ctx.schema.listViews().map((v) => ({ namespace: v.namespace, name: v.name, columns: viewColumns(v), updatable: 'NO' })),
    ];
    // An identity column's start, increment and bounds are its owned sequence's.
    const owned = new Map(ctx.schema.listSequences().map((s) => [s.ownedBy, s]));
    for (const t of relations) {
      for (const c of t.columns) {
        const isChar = c.type.oid === PgOid.VARCHAR || c.type.oid === PgOid.BPCHAR;
        const maxLen = isChar && c.type.typmod >= 0 ? charLength(c.type.typmod) : null;
        const isText = c.type.kalam === KalamDataType.TEXT && !isEnumOid(c.type.oid);
        const octet = isText ? (maxLen !== null ? maxLen * 4 : 1073741824) : null;
        const [precision, radix, scale] = numericFacts(c.type.oid, c.type.typmod);
        const dtPrecision = [PgOid.TIMESTAMP, PgOid.TIMESTAMPTZ, PgOid.TIME].includes(c.type.oid)
          ? (c.type.typmod >= 0 ? c.type.typmod : 6)
          : c.type.oid === PgOid.DATE ? 0 : null;
        const identity = c.identity ?? null;
        const seq = identity ? owned.get(`${t.namespace}.${t.name}.${c.name}`) : undefined;
        const bounds = seq ? [seq.start, seq.increment, seq.max, seq.min].map(String) : [null, null, null, null];
        out.push([
          ctx.database, t.namespace, t.name, c.name, c.ordinal, identity ? null : defaultText(c),
          c.nullable ? 'YES' : 'NO', informationSchemaDataType(c), maxLen, octet, precision, radix, scale,
          dtPrecision, null, null, null, null, null, null, null, null, null, null, null,
          ctx.database, udtSchema(c), udtName(c),
          null, null, null, null, String(c.ordinal), 'NO',
          identity ? 'YES' : 'NO', identity, ...bounds, identity ? 'NO' : null,
          'NEVER', null, t.updatable,
        ]);
      }
    }
    return out;
  },
};

/** No user functions exist yet, so no routines and no parameters (built-in functions are not listed). */
const routines = emptyCatalogTable('routines', 'information_schema');
const parameters = emptyCatalogTable('parameters', 'information_schema');

export const INFORMATION_SCHEMA: readonly VirtualTable[] = [schemata, tables, views, columns, routines, parameters, tablePrivileges, roleTableGrants];
