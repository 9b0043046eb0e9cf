/**
 * KILL LIVE QUERY 'lq_…': ends a live query. Its owner may end it (as UNLISTEN would), and so may
 * dba and system, who see everyone's in system.live_queries; its session gets a NOTICE saying so.
 */
import { Errors } from '../../errors/sql-error.js';
import { unknownLiveQuery } from '../../live/live-hub.js';
import { seesEveryone } from '../../system/virtual-table.js';
import type { StatementResult } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';

export async function killLiveQuery(ctx: SessionContext, id: string): Promise<StatementResult> {
  const lq = ctx.db.live.get(id);
  const mine = lq !== undefined && lq.user.id === ctx.user.id;
  // Someone else's id is reported as missing to a user who may not see it.
  if (!lq || (!mine && !seesEveryone(ctx.user))) throw unknownLiveQuery(id);
  if (!mine && lq.user.role === 'system' && ctx.user.role !== 'system') {
    throw Errors.insufficientPrivilege('must be a superuser to end a superuser\'s live query');
  }
  ctx.db.live.end(lq, 'killed');
  return { tag: 'KILL LIVE QUERY' };
}
