/**
 * A function call's argument list as PostgreSQL's ParseFuncOrColumn reads it: a parameter declared
 * `void` is dropped. That is how pgjdbc calls functions through a CallableStatement —
 * `{? = call upper(?)}` becomes `select * from upper($1,$2) as result` with $1 the OUT parameter,
 * declared void and sent as NULL — and the call resolves to upper($2).
 */
import type { PgNode } from '../../sql/statement.js';
import { PgOid } from '../../types/pg-oids.js';
import type { ParamSlots } from './bound-expr.js';

/** The FuncCall body with its void parameters dropped (the same body when it has none). */
export function withoutVoidArguments(body: Record<string, unknown>, params: ParamSlots): Record<string, unknown> {
  const args = (body.args as PgNode[] | undefined) ?? [];
  const kept = args.filter((a) => {
    const ref = (a as { ParamRef?: { number?: number } }).ParamRef;
    return !ref || params.get((ref.number ?? 0) - 1)?.oid !== PgOid.VOID;
  });
  return kept.length === args.length ? body : { ...body, args: kept };
}
