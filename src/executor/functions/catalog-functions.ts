/**
 * The pg_catalog functions psql, pgjdbc, ORMs and BI tools call while introspecting: names by OID,
 * visibility, format_type, the deparsers (pg_get_expr, pg_get_constraintdef, pg_get_indexdef,
 * pg_get_viewdef), comments, sizes. All read the session's CatalogLookup, so they are stable —
 * never folded at bind time — and answer from the cached catalog model.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { CatalogLookup } from '../../binder/expr/catalog-lookup.js';
import { T } from '../../binder/expr/expr-types.js';
import { Errors, SqlError } from '../../errors/sql-error.js';
import { KalamDataType, type ColumnType, type Value } from '../../types/kalam-type.js';
import { PgArray } from '../../types/pg-array.js';
import { PgOid } from '../../types/pg-oids.js';
import { formatType } from '../../types/format-type.js';
import { formatRegtype } from '../../types/regtype-text.js';
import { pgTypeInfo } from '../../types/type-registry.js';
import { quoteIdentifier } from '../../util/sql-quote.js';
import { constraintDefinition, indexColumnDefinition, indexDefinition, prettyConstraint } from './catalog-deparse.js';
import { overload, registerFunction } from './function-registry.js';
import { registerSetFunction, scalarSetOverload } from './set-returning.js';
import { descriptionOf } from '../../system/descriptions.js';

const stable = { volatility: 'stable' as const };
const lax = { volatility: 'stable' as const, strict: false };
const nameArray: ColumnType = { kalam: KalamDataType.ARRAY, oid: PgOid.NAME_ARRAY, typmod: -1 };
const pgNodeTree: ColumnType = { kalam: KalamDataType.TEXT, oid: 194, typmod: -1 };

export function catalogOf(ctx: EvalContext): CatalogLookup {
  if (!ctx.catalog) throw Errors.internal('catalog function evaluated without a session catalog');
  return ctx.catalog;
}

const oidArg = (v: Value) => v as number;

registerFunction('pg_get_userbyid', overload([T.oid], T.name, (a, ctx) => {
  const oid = oidArg(a[0]);
  return catalogOf(ctx).roleName(oid) ?? `unknown (OID=${oid})`;
}, stable));

registerFunction('pg_table_is_visible', overload([T.oid], T.bool, (a, ctx) => {
  const c = catalogOf(ctx);
  return c.model().relationByOid(oidArg(a[0])) ? c.relationVisible(oidArg(a[0])) : null;
}, stable));

/**
 * Built-in types live in pg_catalog (always searched); row types and their arrays are visible when
 * their relation is; an enum when its name on the search path finds it.
 */
registerFunction('pg_type_is_visible', overload([T.oid], T.bool, (a, ctx) => {
  const oid = oidArg(a[0]);
  const userType = catalogOf(ctx).model().types.find((t) => t.def.oid === oid || t.def.arrayOid === oid);
  if (userType) return catalogOf(ctx).userTypeOid(undefined, oid === userType.def.oid ? userType.def.name : `_${userType.def.name}`) === oid;
  if (pgTypeInfo(oid)) return true;
  const rel = catalogOf(ctx).model().relations.find((r) => r.rowTypeOid === oid || r.arrayTypeOid === oid);
  return rel ? catalogOf(ctx).relationVisible(rel.oid) : null;
}, stable));

// Every function, operator, opclass, collation, … we have is built in, in pg_catalog: visible.
for (const name of ['pg_function_is_visible', 'pg_operator_is_visible', 'pg_opclass_is_visible',
  'pg_opfamily_is_visible', 'pg_collation_is_visible', 'pg_conversion_is_visible', 'pg_statistics_obj_is_visible',
  'pg_ts_config_is_visible', 'pg_ts_dict_is_visible', 'pg_ts_parser_is_visible', 'pg_ts_template_is_visible']) {
  registerFunction(name, overload([T.oid], T.bool, () => true, stable));
}

function formatTypeCall(a: readonly Value[], ctx: EvalContext): Value {
  if (a[0] === null) return null;
  const oid = oidArg(a[0]);
  // The session's catalog: a user's type is qualified exactly when its search path does not find it.
  const catalog = catalogOf(ctx);
  if (pgTypeInfo(oid)) return a[1] === null || a[1] === undefined ? formatRegtype(oid, catalog) : formatType(oid, a[1] as number, catalog);
  const rel = catalog.model().relations.find((r) => r.rowTypeOid === oid || r.arrayTypeOid === oid);
  if (!rel) return '???';
  return `${catalog.relationName(rel.oid)}${rel.arrayTypeOid === oid ? '[]' : ''}`;
}
registerFunction('format_type', overload([T.oid, T.int4], T.text, formatTypeCall, lax));

/** Expressions are stored as their deparsed text (adbin, conbin): printing one is reading it back. */
registerFunction('pg_get_expr',
  overload([pgNodeTree, T.oid], T.text, (a) => a[0], stable),
  overload([pgNodeTree, T.oid, T.bool], T.text, (a) => a[0], stable));

registerFunction('pg_get_constraintdef',
  overload([T.oid], T.text, (a, ctx) => constraintDefinition(catalogOf(ctx), oidArg(a[0])), stable),
  overload([T.oid, T.bool], T.text, (a, ctx) => {
    const text = constraintDefinition(catalogOf(ctx), oidArg(a[0]));
    return text !== null && a[1] === true ? prettyConstraint(text) : text;
  }, stable));

registerFunction('pg_get_indexdef',
  overload([T.oid], T.text, (a, ctx) => indexDefinition(catalogOf(ctx), oidArg(a[0])), stable),
  overload([T.oid, T.int4, T.bool], T.text, (a, ctx) =>
    (a[1] as number) === 0
      ? indexDefinition(catalogOf(ctx), oidArg(a[0]), a[2] === true)
      : indexColumnDefinition(catalogOf(ctx), oidArg(a[0]), a[1] as number), stable));

function viewDefinition(ctx: EvalContext, oid: number): Value {
  const view = catalogOf(ctx).model().relationByOid(oid)?.view;
  return view ? view.text : null;
}
registerFunction('pg_get_viewdef',
  overload([T.oid], T.text, (a, ctx) => viewDefinition(ctx, oidArg(a[0])), stable),
  overload([T.oid, T.bool], T.text, (a, ctx) => viewDefinition(ctx, oidArg(a[0])), stable),
  overload([T.text], T.text, (a, ctx) => viewDefinition(ctx, catalogOf(ctx).relationOid(a[0] as string)), stable));

/** pg_get_serial_sequence('t', 'id'): the sequence a serial or identity column owns, qualified. */
registerFunction('pg_get_serial_sequence', overload([T.text, T.text], T.text, (a, ctx) => {
  const c = catalogOf(ctx);
  const rel = c.model().relationByOid(c.relationOid(a[0] as string));
  const column = a[1] as string;
  const colName = column.startsWith('"') ? column.slice(1, -1).replace(/""/g, '"') : column.toLowerCase();
  // Views and the virtual catalog tables have columns too; they own no sequence.
  const col = rel?.attributes.find((x) => x.name === colName);
  if (!rel || !col) throw new SqlError('42703', `column "${colName}" of relation "${rel?.name ?? (a[0] as string)}" does not exist`);
  const seq = c.model().relations.find((r) => r.sequence?.ownedBy === `${rel.namespace.name}.${rel.name}.${col.name}`);
  return seq ? `${quoteIdentifier(seq.namespace.name)}.${quoteIdentifier(seq.name)}` : null;
}, stable));

registerFunction('pg_sequence_last_value', overload([T.oid], T.int8, (a, ctx) => catalogOf(ctx).sequenceLastValue(oidArg(a[0])), stable));

registerFunction('obj_description',
  overload([T.oid, T.name], T.text, (a, ctx) => descriptionOf(catalogOf(ctx).model(), oidArg(a[0]), a[1] as string), stable),
  overload([T.oid], T.text, (a, ctx) => descriptionOf(catalogOf(ctx).model(), oidArg(a[0]), 'pg_class'), stable));
registerFunction('col_description', overload([T.oid, T.int4], T.text, (a, ctx) =>
  descriptionOf(catalogOf(ctx).model(), oidArg(a[0]), 'pg_class', a[1] as number), stable));
// No comments on shared objects (databases, roles, tablespaces) are kept.
registerFunction('shobj_description', overload([T.oid, T.name], T.text, () => null, stable));

registerFunction('current_schemas', overload([T.bool], nameArray, (a, ctx) =>
  PgArray.of(KalamDataType.TEXT, [...catalogOf(ctx).searchPath(a[0] as boolean)]), stable));

const ENCODINGS: Record<number, string> = { 0: 'SQL_ASCII', 6: 'UTF8', 8: 'LATIN1' };
registerFunction('pg_encoding_to_char', overload([T.int4], T.name, (a) => ENCODINGS[a[0] as number] ?? '', stable));
registerFunction('pg_char_to_encoding', overload([T.name], T.int4, (a) => {
  const hit = Object.entries(ENCODINGS).find(([, n]) => n.toLowerCase() === (a[0] as string).toLowerCase().replace('-', ''));
  return hit ? Number(hit[0]) : -1;
}, stable));

registerFunction('pg_is_in_recovery', overload([], T.bool, () => false, stable));
registerFunction('pg_tablespace_location', overload([T.oid], T.text, () => '', stable));
registerFunction('pg_relation_is_publishable', overload([T.oid], T.bool, () => false, stable));

/**
 * Deparsers of objects we have none of (user functions, triggers, rules, extended statistics,
 * partition keys): PostgreSQL answers NULL for an OID that names no such object, and so do we.
 */
for (const name of ['pg_get_function_result', 'pg_get_function_arguments', 'pg_get_function_identity_arguments',
  'pg_get_functiondef', 'pg_get_partkeydef', 'pg_get_statisticsobjdef_columns', 'pg_get_function_sqlbody']) {
  registerFunction(name, overload([T.oid], T.text, () => null, stable));
}
for (const name of ['pg_get_triggerdef', 'pg_get_ruledef', 'pg_get_statisticsobjdef']) {
  registerFunction(name, overload([T.oid], T.text, () => null, stable), overload([T.oid, T.bool], T.text, () => null, stable));
}

/** No partitioning: a relation's only ancestor is itself. */
registerSetFunction('pg_partition_ancestors', scalarSetOverload([T.regclass], T.regclass, (a) => [a[0]!], { volatility: 'stable' }));
