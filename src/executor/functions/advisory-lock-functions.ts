/**
 * The advisory lock functions (session/advisory-locks.ts): pg_advisory_lock and friends, which
 * Kysely's Migrator takes around its migrations.
 */
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { Errors } from '../../errors/sql-error.js';
import type { Value } from '../../types/kalam-type.js';
import type { SessionAdvisoryLocks } from '../../session/advisory-locks.js';
import { PgOid } from '../../types/pg-oids.js';
import { typeOfOid } from '../../types/type-registry.js';
import { overload, registerFunction } from './function-registry.js';

const volatile = { volatility: 'volatile' as const };
/** pg_advisory_lock returns void, whose text is empty. */
const VOID = typeOfOid(PgOid.VOID);

function locks(ctx: EvalContext): SessionAdvisoryLocks {
  if (!ctx.advisoryLocks) throw Errors.featureNotSupported('advisory locks are not available here');
  return ctx.advisoryLocks;
}

/** One bigint key, or two int4 keys: separate key spaces, as in PostgreSQL. */
const KEYS = [
  { params: [T.int8], key: (a: readonly Value[]) => `b:${a[0] as bigint}` },
  { params: [T.int4, T.int4], key: (a: readonly Value[]) => `i:${a[0] as number}:${a[1] as number}` },
];

for (const { params, key } of KEYS) {
  registerFunction('pg_advisory_lock', overload(params, VOID, (a, ctx) => (locks(ctx).lock(key(a), 'session'), ''), volatile));
  registerFunction('pg_advisory_xact_lock', overload(params, VOID, (a, ctx) => (locks(ctx).lock(key(a), 'transaction'), ''), volatile));
  registerFunction('pg_try_advisory_lock', overload(params, T.bool, (a, ctx) => locks(ctx).tryLock(key(a), 'session'), volatile));
  registerFunction('pg_try_advisory_xact_lock', overload(params, T.bool, (a, ctx) => locks(ctx).tryLock(key(a), 'transaction'), volatile));
  registerFunction('pg_advisory_unlock', overload(params, T.bool, (a, ctx) => locks(ctx).unlock(key(a)), volatile));
  for (const name of ['pg_advisory_lock_shared', 'pg_advisory_xact_lock_shared', 'pg_try_advisory_lock_shared', 'pg_advisory_unlock_shared']) {
    registerFunction(name, overload(params, T.bool, () => {
      throw Errors.featureNotSupported(`${name} is not supported yet: advisory locks are exclusive only`);
    }, volatile));
  }
}
registerFunction('pg_advisory_unlock_all', overload([], VOID, (_a, ctx) => (locks(ctx).unlockAll(), ''), volatile));
