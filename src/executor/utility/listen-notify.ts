/**
 * LISTEN channel, UNLISTEN channel | *, NOTIFY channel [, 'payload'] — PostgreSQL's statements,
 * queued on the session and carried out when the transaction commits (live/session-notifications.ts).
 * Channel names are identifiers: the parser folds case; past 63 bytes PostgreSQL's scanner cuts
 * them with a NOTICE, and so do we.
 */
import type { PreparedStatement } from '../prepared-statement.js';
import type { SessionContext } from '../session-context.js';
import { utility } from './utility-statement.js';
import { checkPayload } from '../../live/notify-text.js';

const NAMEDATALEN_BYTES = 63;

/** PostgreSQL's truncate_identifier: at most 63 bytes, cut on a character boundary. */
function channelName(ctx: SessionContext, name: string): string {
  if (Buffer.byteLength(name) <= NAMEDATALEN_BYTES) return name;
  let cut = '';
  for (const ch of name) {
    if (Buffer.byteLength(cut + ch) > NAMEDATALEN_BYTES) break;
    cut += ch;
  }
  ctx.notice('42622', `identifier "${name}" will be truncated to "${cut}"`);
  return cut;
}

export function prepareListen(ctx: SessionContext, body: { conditionname: string }): PreparedStatement {
  return utility(ctx, async (c) => {
    c.notifications.listen(channelName(c, body.conditionname));
    return { tag: 'LISTEN' };
  });
}

export function prepareUnlisten(ctx: SessionContext, body: { conditionname?: string }): PreparedStatement {
  return utility(ctx, async (c) => {
    c.notifications.unlisten(body.conditionname === undefined ? null : channelName(c, body.conditionname));
    return { tag: 'UNLISTEN' };
  });
}

export function prepareNotify(ctx: SessionContext, body: { conditionname: string; payload?: string }): PreparedStatement {
  return utility(ctx, async (c) => {
    c.notifications.notify(channelName(c, body.conditionname), checkPayload(body.payload ?? ''));
    return { tag: 'NOTIFY' };
  });
}
