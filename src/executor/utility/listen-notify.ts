/**
 * LISTEN channel, UNLISTEN channel | *, NOTIFY channel [, 'payload'] — PostgreSQL's statements,
 * queued on the session and carried out when the transaction commits (live/session-notifications.ts).
 * Channel names are identifiers: the parser folds their case and cuts them to 63 bytes (silently:
 * libpg-query does not pass on the scanner's NOTICE 42622).
 */
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { utility } from './utility-statement.js';
import { checkPayload } from '../../live/notify-text.js';

export function prepareListen(ctx: SessionContext, body: { conditionname: string }): PreparedStatement {
  return utility(ctx, async (c) => {
    c.notifications.listen(body.conditionname);
    return { tag: 'LISTEN' };
  });
}

export function prepareUnlisten(ctx: SessionContext, body: { conditionname?: string }): PreparedStatement {
  return utility(ctx, async (c) => {
    c.notifications.unlisten(body.conditionname ?? null);
    return { tag: 'UNLISTEN' };
  });
}

export function prepareNotify(ctx: SessionContext, body: { conditionname: string; payload?: string }): PreparedStatement {
  return utility(ctx, async (c) => {
    c.notifications.notify(body.conditionname, checkPayload(body.payload ?? ''));
    return { tag: 'NOTIFY' };
  });
}
