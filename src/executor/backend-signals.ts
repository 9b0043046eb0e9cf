/**
 * pg_cancel_backend / pg_terminate_backend reaching another session, with PostgreSQL 15's rule:
 * a role may signal its own sessions; signalling a superuser's needs a superuser. The superuser is
 * the system role (is_superuser on); a dba may signal everyone else's, as pg_signal_backend may.
 */
import type { BackendSignals } from '../binder/expr/bound-expr.js';
import { Errors } from '../errors/sql-error.js';
import type { SessionContext } from './session-context.js';
import { seesEveryone } from '../system/virtual-table.js';

function isSuperuser(role: string): boolean {
  return role === 'system';
}

export function backendSignals(ctx: SessionContext): BackendSignals {
  return {
    ownPid: ctx.backendPid,
    signal(pid, kind) {
      const target = ctx.db.backends.get(pid);
      if (!target) return 'missing';
      const targetUser = target.activity().user;
      const caller = ctx.user;
      if (isSuperuser(targetUser.role) && !isSuperuser(caller.role)) {
        throw Errors.insufficientPrivilege(kind === 'cancel' ? 'must be a superuser to cancel superuser query' : 'must be a superuser to terminate superuser process');
      }
      if (!seesEveryone(caller) && targetUser.name !== caller.name) {
        throw Errors.insufficientPrivilege(kind === 'cancel'
          ? 'must be a member of the role whose query is being canceled or member of pg_signal_backend'
          : 'must be a member of the role whose process is being terminated or member of pg_signal_backend');
      }
      if (kind === 'cancel') target.cancel();
      else target.terminate();
      return 'sent';
    },
  };
}
