/**
 * system.audit_log (audit/audit-log.ts): logins, DDL, role and privilege changes and EXECUTE AS,
 * oldest first. It names other users and where they connect from, so like system.stats it is
 * for the dba and system roles only (42501 for the others).
 */
import { Errors } from '../errors/sql-error.js';
import type { Value } from '../types/kalam-type.js';
import { T, cols, isoToMicros } from './column-types.js';
import { seesEveryone, type SystemContext, type VirtualTable } from './virtual-table.js';

export const auditLog: VirtualTable = {
  namespace: 'system',
  name: 'audit_log',
  oid: 14020,
  columns: cols({
    audit_id: T.int8, at: T.timestamptz, actor: T.text, action: T.text, command: T.text, subject: T.text,
    details: T.text, source_address: T.text, success: T.bool,
  }),
  rows(ctx: SystemContext): Value[][] {
    if (!seesEveryone(ctx.user)) throw Errors.insufficientPrivilege('permission denied for table audit_log');
    return ctx.auditEntries().map((e) => [
      BigInt(e.id), isoToMicros(e.at), e.actor, e.action, e.command, e.subject, e.details, e.sourceAddress, e.success,
    ]);
  },
};
