/**
 * `SELECT pg_sleep(n)`: the one function that must wait without blocking the server, so it is a
 * statement of its own rather than a synchronous expression. It sleeps in slices and checks for
 * a CancelRequest between them (57014), which is how clients test cancellation.
 */
import type { Node } from '../../binder/ast.js';
import { bodyOf, kindOf, maxParamNumber, stringList } from '../../binder/ast.js';
import { bindExpr, coerceToType } from '../../binder/expr/bind-expr.js';
import { StatementParams } from '../../binder/param-slots.js';
import { RangeScope } from '../../binder/range-scope.js';
import { columnType } from '../../types/type-registry.js';
import { KalamDataType } from '../../types/kalam-type.js';
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { makeEvalContext } from '../eval-context.js';

const SLICE_MS = 10;
const VOID = { kalam: KalamDataType.TEXT, oid: 2278, typmod: -1 } as const;

export function preparePgSleep(ctx: SessionContext, select: Node, declared: readonly number[]): PreparedStatement | null {
  const s = select as { targetList?: Node[]; fromClause?: unknown[]; whereClause?: unknown };
  if (s.fromClause?.length || s.whereClause || s.targetList?.length !== 1) return null;
  const val = bodyOf<{ val: Node; name?: string }>(s.targetList[0]!);
  if (kindOf(val.val) !== 'FuncCall') return null;
  const fc = bodyOf<{ funcname: Node[]; args?: Node[] }>(val.val);
  const name = stringList(fc.funcname).filter((n) => n !== 'pg_catalog').join('.');
  if (name !== 'pg_sleep' || fc.args?.length !== 1) return null;
  const params = new StatementParams(declared);
  const float8 = columnType(KalamDataType.DOUBLE);
  const seconds = coerceToType(bindExpr(fc.args[0]!, new RangeScope([]), params, { expected: float8 }), float8, 'implicit');
  return {
    columns: [{ name: val.name ?? 'pg_sleep', type: VOID, tableOid: 0, attnum: 0 }],
    paramTypes: params.resolve(maxParamNumber(select)),
    catalogVersion: ctx.db.schema.version,
    async execute(ctx, values) {
      const secs = seconds.eval([], makeEvalContext(ctx, values));
      const until = Date.now() + Math.max(0, Number(secs ?? 0)) * 1000;
      while (Date.now() < until) {
        ctx.checkCancel();
        await new Promise((r) => setTimeout(r, Math.min(SLICE_MS, until - Date.now())));
      }
      ctx.checkCancel();
      return { tag: 'SELECT 1', rows: [['']] };
    },
  };
}
