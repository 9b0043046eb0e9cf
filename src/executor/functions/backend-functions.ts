/** pg_backend_pid, pg_cancel_backend, pg_terminate_backend: sessions by the process id their clients got. */
import { SqlError } from '../../errors/sql-error.js';
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext } from '../../binder/expr/bound-expr.js';
import { overload, registerFunction } from './function-registry.js';

const volatile = { volatility: 'volatile' as const };
const stable = { volatility: 'stable' as const };

function signals(ctx: EvalContext) {
  if (!ctx.backends) throw new SqlError('0A000', 'no session is at hand to signal from');
  return ctx.backends;
}

function signal(ctx: EvalContext, pid: number, kind: 'cancel' | 'terminate'): boolean {
  if (signals(ctx).signal(pid, kind) === 'sent') return true;
  ctx.notice?.('01000', `PID ${pid} is not a PostgreSQL backend process`);
  return false;
}

registerFunction('pg_backend_pid', overload([], T.int4, (_a, ctx) => signals(ctx).ownPid, stable));
registerFunction('pg_cancel_backend', overload([T.int4], T.bool, (a, ctx) => signal(ctx, a[0] as number, 'cancel'), volatile));
registerFunction('pg_terminate_backend',
  overload([T.int4, T.int8], T.bool, (a, ctx) => {
    if ((a[1] as bigint) < 0n) throw new SqlError('22023', '"timeout" must not be negative');
    return signal(ctx, a[0] as number, 'terminate');
  }, volatile),
  overload([T.int4], T.bool, (a, ctx) => signal(ctx, a[0] as number, 'terminate'), volatile));
