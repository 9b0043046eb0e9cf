/**
 * has_*_privilege and the size functions tools call while browsing. Privileges are not modelled
 * yet (roles and GRANT come with their own issue): every existing role is answered "yes", as a
 * superuser would be. Sizes are not tracked per relation: they read 0 bytes.
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
registerFunction('pg_has_role',
  overload([T.name, T.text], T.bool, yes, lax),
  overload([T.name, T.name, T.text], T.bool, yes, lax));

for (const name of ['pg_relation_size', 'pg_table_size', 'pg_total_relation_size', 'pg_indexes_size']) {
  registerFunction(name, overload([T.oid], T.int8, () => 0n, lax));
}
registerFunction('pg_relation_size', overload([T.oid, T.text], T.int8, () => 0n, lax));
registerFunction('pg_database_size', overload([T.name], T.int8, () => 0n, lax), overload([T.oid], T.int8, () => 0n, lax));

/**
 * pg_size_pretty: bytes below 10 kB, then kB, MB, GB, TB, PB — each unit until the value reaches
 * 20480 of it; one extra bit is kept through the divisions and rounded half away from zero.
 */
function sizePretty(bytes: bigint): string {
  const limit = 10n * 1024n;
  const limit2 = limit * 2n - 1n;
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const half = (v: bigint) => (v >= 0n ? (v + 1n) / 2n : (v - 1n) / 2n);
  if (abs(bytes) < limit) return `${bytes} bytes`;
  let size = bytes / 512n;
  for (const unit of ['kB', 'MB', 'GB', 'TB']) {
    if (abs(size) < limit2) return `${half(size)} ${unit}`;
    size /= 1024n;
  }
  return `${half(size)} PB`;
}
registerFunction('pg_size_pretty', overload([T.int8], T.text, (a) => sizePretty(a[0] as bigint), { volatility: 'immutable' }));
