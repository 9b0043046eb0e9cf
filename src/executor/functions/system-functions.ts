/**
 * Functions that read the session, the clock, sequences or an id generator — never folded at
 * bind time (stable or volatile) — and the pgvector helpers.
 */
import { SnowflakeGenerator, randomUuid, ulid, uuidV7 } from '../../util/ids.js';
import type { Value } from '../../types/kalam-type.js';
import { SqlError } from '../../errors/sql-error.js';
import { T } from '../../binder/expr/expr-types.js';
import { overload, registerFunction } from './function-registry.js';
import { clockTimestamp } from './time-functions.js';
import { cosineDistance, innerProduct, l2Distance, vectorNorm } from './vector-functions.js';

/** One SNOWFLAKE_ID() generator per process, so ids stay strictly increasing across sessions. */
export const snowflakeIds = new SnowflakeGenerator();

export const SERVER_VERSION_STRING = 'PostgreSQL 15.0 (kalamdb-pg 0.1.0) on x86_64-pc-linux-gnu, compiled by TypeScript, 64-bit';

const stable = { volatility: 'stable' as const };
const volatile = { volatility: 'volatile' as const };

for (const name of ['now', 'transaction_timestamp', 'statement_timestamp']) {
  registerFunction(name, overload([], T.timestamptz, (_a, ctx) => ctx.statementTime, stable));
}
registerFunction('clock_timestamp', overload([], T.timestamptz, () => clockTimestamp(), volatile));
registerFunction('snowflake_id', overload([], T.int8, () => snowflakeIds.next(), volatile));
registerFunction('uuid_v7', overload([], T.uuid, () => uuidV7(), volatile));
registerFunction('ulid', overload([], T.text, () => ulid(), volatile));
registerFunction('gen_random_uuid', overload([], T.uuid, () => randomUuid(), volatile));
registerFunction('current_database', overload([], T.name, (_a, ctx) => ctx.database, stable));
registerFunction('current_schema', overload([], T.name, (_a, ctx) => ctx.currentSchema, stable));
registerFunction('version', overload([], T.text, () => SERVER_VERSION_STRING, stable));
registerFunction('set_config', overload([T.text, T.text, T.bool], T.text, (a, ctx) => {
  if (!ctx.setSetting) throw new SqlError('0A000', 'set_config is not available here');
  return ctx.setSetting(a[0] as string, a[1] as string, a[2] as boolean);
}, volatile));
registerFunction('current_setting',
  overload([T.text], T.text, (a, ctx) => ctx.setting(a[0] as string), stable),
  overload([T.text, T.bool], T.text, (a, ctx) => {
    try {
      return ctx.setting(a[0] as string);
    } catch (e) {
      if (a[1] === true) return null; // missing_ok
      throw e;
    }
  }, stable));
registerFunction('nextval', overload([T.text], T.int8, (a, ctx) => ctx.nextval(a[0] as string), volatile));
registerFunction('currval', overload([T.text], T.int8, (a, ctx) => ctx.currval(a[0] as string), volatile));
registerFunction('lastval', overload([], T.int8, (_a, ctx) => ctx.lastval(), volatile));
registerFunction('setval',
  overload([T.text, T.int8], T.int8, (a, ctx) => ctx.setval(a[0] as string, a[1] as bigint, true), volatile),
  overload([T.text, T.int8, T.bool], T.int8, (a, ctx) => ctx.setval(a[0] as string, a[1] as bigint, a[2] as boolean), volatile));

/** pg_typeof: the argument's type as a regtype (prints `integer`, `character varying`, `unknown`). */
registerFunction('pg_typeof', {
  params: ['any'], result: T.regtype, volatility: 'immutable', strict: false,
  build: (types) => {
    const oid = types[0]!.oid;
    return () => oid;
  },
});

/** num_nulls / num_nonnulls: how many arguments are (not) NULL. */
registerFunction('num_nulls', overload(['any'], T.int4, (a) => a.filter((v) => v === null).length, { strict: false, variadic: 'any' }));
registerFunction('num_nonnulls', overload(['any'], T.int4, (a) => a.filter((v) => v !== null).length, { strict: false, variadic: 'any' }));

const vec = (v: Value) => v as Float32Array;
registerFunction('vector_dims', overload([T.vector], T.int4, (a) => vec(a[0]).length));
registerFunction('vector_norm', overload([T.vector], T.float8, (a) => vectorNorm(vec(a[0]))));
registerFunction('l2_distance', overload([T.vector, T.vector], T.float8, (a) => l2Distance(vec(a[0]), vec(a[1]))));
registerFunction('cosine_distance', overload([T.vector, T.vector], T.float8, (a) => cosineDistance(vec(a[0]), vec(a[1]))));
registerFunction('inner_product', overload([T.vector, T.vector], T.float8, (a) => innerProduct(vec(a[0]), vec(a[1]))));
