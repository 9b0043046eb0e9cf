/**
 * has_*_privilege, which tools call while browsing, answered from the ACLs
 * (executor/privileges/privilege-functions.ts). Functions, types, languages, tablespaces and
 * foreign servers carry no privileges here: those answer true, as PostgreSQL's defaults
 * (EXECUTE and USAGE to PUBLIC) do. The size functions are in size-functions.ts, pg_has_role in role-functions.ts.
 */
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext, PrivilegeLookup } from '../../binder/expr/bound-expr.js';
import type { Value } from '../../types/kalam-type.js';
import { overload, registerFunction, type FunctionImpl } from './function-registry.js';
import { Errors } from '../../errors/sql-error.js';

const lax = { volatility: 'stable' as const };
const yes = () => true;

type Kind = Parameters<PrivilegeLookup['has']>[0];

function lookup(ctx: EvalContext): PrivilegeLookup {
  if (!ctx.privileges) throw Errors.internal('has_*_privilege outside a session');
  return ctx.privileges;
}

const key = (v: Value): string | number => (typeof v === 'string' ? v : Number(v));

/** (object, priv) for the current user, or (user, object, priv). */
const ask = (kind: Kind): FunctionImpl => (a, ctx) =>
  a.length === 2 ? lookup(ctx).has(kind, null, key(a[0]!), String(a[1])) : lookup(ctx).has(kind, key(a[0]!), key(a[1]!), String(a[2]));

/** has_column_privilege: (table, column, priv) or (user, table, column, priv); answered at table level. */
const askColumn: FunctionImpl = (a, ctx) =>
  a.length === 3 ? lookup(ctx).has('column', null, key(a[0]!), String(a[2])) : lookup(ctx).has('column', key(a[0]!), key(a[1]!), String(a[3]));

/** (object, priv) and (user, object, priv), each by name or OID. */
function privilegeOverloads(f: FunctionImpl) {
  return [
    overload([T.text, T.text], T.bool, f, lax),
    overload([T.oid, T.text], T.bool, f, lax),
    overload([T.name, T.text, T.text], T.bool, f, lax),
    overload([T.name, T.oid, T.text], T.bool, f, lax),
    overload([T.oid, T.text, T.text], T.bool, f, lax),
    overload([T.oid, T.oid, T.text], T.bool, f, lax),
  ];
}

for (const [name, kind] of [
  ['has_table_privilege', 'table'], ['has_schema_privilege', 'schema'], ['has_database_privilege', 'database'],
  ['has_any_column_privilege', 'any_column'], ['has_sequence_privilege', 'sequence'],
] as const) {
  registerFunction(name, ...privilegeOverloads(ask(kind)));
}

for (const name of ['has_function_privilege', 'has_tablespace_privilege',
  'has_language_privilege', 'has_type_privilege', 'has_foreign_data_wrapper_privilege', 'has_server_privilege']) {
  registerFunction(name, ...privilegeOverloads(yes));
}
registerFunction('has_column_privilege',
  overload([T.text, T.text, T.text], T.bool, askColumn, lax),
  overload([T.oid, T.text, T.text], T.bool, askColumn, lax),
  overload([T.oid, T.int2, T.text], T.bool, askColumn, lax),
  overload([T.name, T.text, T.text, T.text], T.bool, askColumn, lax),
  overload([T.name, T.oid, T.text, T.text], T.bool, askColumn, lax),
  overload([T.name, T.oid, T.int2, T.text], T.bool, askColumn, lax));
