/**
 * has_*_privilege, which tools call while browsing. Privileges are not modelled yet (roles and
 * GRANT come with their own issue): every existing role is answered "yes", as a superuser would
 * be. The size functions are in size-functions.ts, pg_has_role in role-functions.ts.
 */
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';

const lax = { volatility: 'stable' as const };
const yes = () => true;

for (const name of ['has_table_privilege', 'has_schema_privilege', 'has_database_privilege',
  'has_any_column_privilege', 'has_sequence_privilege', 'has_function_privilege', 'has_tablespace_privilege',
  'has_language_privilege', 'has_type_privilege', 'has_foreign_data_wrapper_privilege', 'has_server_privilege']) {
  registerFunction(name,
    overload([T.text, T.text], T.bool, yes, lax),
    overload([T.oid, T.text], T.bool, yes, lax),
    overload([T.name, T.text, T.text], T.bool, yes, lax),
    overload([T.name, T.oid, T.text], T.bool, yes, lax),
    overload([T.oid, T.text, T.text], T.bool, yes, lax),
    overload([T.oid, T.oid, T.text], T.bool, yes, lax));
}
registerFunction('has_column_privilege',
  overload([T.text, T.text, T.text], T.bool, yes, lax),
  overload([T.oid, T.text, T.text], T.bool, yes, lax),
  overload([T.oid, T.int2, T.text], T.bool, yes, lax));
