/**
 * The size functions tools call while browsing (psql's `\dt+`, `\di+`, `\l+`, pgAdmin, DBeaver):
 * real bytes — a table's rows in RocksDB (its key range) plus its Parquet segments, an index's
 * entries, the whole store — from figures the storage keeps current (src/storage/stats), so a call
 * costs a map lookup. An OID that is no relation answers NULL, as in PostgreSQL.
 */
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import type { RelationPart } from '../../binder/expr/relation-stats.js';
import { T } from '../../binder/expr/expr-types.js';
import { SqlError } from '../../errors/sql-error.js';
import { overload, registerFunction } from './function-registry.js';

const stable = { volatility: 'stable' as const };

function relationBytes(oid: number, part: RelationPart, ctx: EvalContext): bigint | null {
  const bytes = ctx.relationStats?.relationBytes(oid, part);
  return bytes === undefined ? 0n : bytes === null ? null : BigInt(bytes);
}

const PARTS: Record<string, RelationPart> = {
  pg_relation_size: 'main',
  pg_table_size: 'main',
  pg_indexes_size: 'indexes',
  pg_total_relation_size: 'total',
};
for (const [name, part] of Object.entries(PARTS)) {
  registerFunction(name, overload([T.regclass], T.int8, (a, ctx) => relationBytes(a[0] as number, part, ctx), stable));
}

/** pg_relation_size(rel, fork): only the main fork holds anything; free-space and visibility maps are PostgreSQL's. */
registerFunction('pg_relation_size', overload([T.regclass, T.text], T.int8, (a, ctx) => {
  const fork = a[1] as string;
  if (fork === 'main') return relationBytes(a[0] as number, 'main', ctx);
  if (fork === 'fsm' || fork === 'vm' || fork === 'init') return relationBytes(a[0] as number, 'main', ctx) === null ? null : 0n;
  throw new SqlError('22023', 'invalid fork name', { hint: 'Valid fork names are "main", "fsm", "vm", and "init".' });
}, stable));

/**
 * pg_database_size: every database name pg_database lists is this one store, seen under the
 * session's name; the template databases hold nothing.
 */
function databaseBytes(ctx: EvalContext, current: boolean): bigint {
  return current ? BigInt(ctx.relationStats?.databaseBytes() ?? 0) : 0n;
}
const TEMPLATES: Record<string, number> = { template0: 4, template1: 1 };
const CURRENT_DATABASE_OID = 5;
registerFunction('pg_database_size',
  overload([T.name], T.int8, (a, ctx) => {
    const name = a[0] as string;
    if (name === ctx.database) return databaseBytes(ctx, true);
    if (name in TEMPLATES) return databaseBytes(ctx, false);
    throw new SqlError('3D000', `database "${name}" does not exist`);
  }, stable),
  overload([T.oid], T.int8, (a, ctx) => {
    const oid = a[0] as number;
    if (oid === CURRENT_DATABASE_OID) return databaseBytes(ctx, true);
    return Object.values(TEMPLATES).includes(oid) ? databaseBytes(ctx, false) : null;
  }, stable));

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
