/** pg_notify(channel, payload) and pg_listening_channels() as the expression evaluator reaches them. */
import type { NotifyFunctions } from '../binder/expr/bound-expr.js';
import { checkChannel, checkPayload } from './notify-text.js';
import type { SessionNotifications } from './session-notifications.js';

export function notifyFunctions(session: SessionNotifications): NotifyFunctions {
  return {
    // pg_notify is not strict: a NULL channel is an empty one, a NULL payload an empty payload.
    notify: (channel, payload) => session.notify(checkChannel(channel), checkPayload(payload)),
    listening: () => session.listening(),
  };
}
