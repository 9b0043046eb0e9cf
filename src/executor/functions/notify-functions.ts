/** pg_notify(channel, payload) and pg_listening_channels(): LISTEN/NOTIFY from SQL (live/). */
import { T } from '../../binder/expr/expr-types.js';
import type { EvalContext, NotifyFunctions } from '../../binder/expr/bound-expr.js';
import { Errors } from '../../errors/sql-error.js';
import { PgOid } from '../../types/pg-oids.js';
import { typeOfOid } from '../../types/type-registry.js';
import { overload, registerFunction } from './function-registry.js';
import { registerSetFunction, scalarSetOverload } from './set-returning.js';

const VOID = typeOfOid(PgOid.VOID);

function notifications(ctx: EvalContext): NotifyFunctions {
  if (!ctx.notifications) throw Errors.featureNotSupported('no session is at hand to notify from');
  return ctx.notifications;
}

// Not strict: PostgreSQL reads a NULL channel as empty (22023) and a NULL payload as ''.
registerFunction('pg_notify', overload([T.text, T.text], VOID, (a, ctx) => {
  notifications(ctx).notify(a[0] as string | null, a[1] as string | null);
  return '';
}, { volatility: 'volatile', strict: false }));

registerSetFunction('pg_listening_channels',
  scalarSetOverload([], T.text, (_a, ctx) => notifications(ctx).listening(), { volatility: 'volatile' }));
