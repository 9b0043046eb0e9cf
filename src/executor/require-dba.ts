/** Server administration (storages, jobs) is for the dba and system roles (DESIGN.md section 7). */
import { Errors } from '../errors/sql-error.js';
import type { SessionContext } from './session-context.js';

export function requireDba(ctx: SessionContext, what: string): void {
  const role = ctx.user.role;
  if (role !== 'dba' && role !== 'system') {
    throw Errors.insufficientPrivilege(`permission denied to ${what}`);
  }
}
