/**
 * The checks of a login around the password dialog, in PostgreSQL's order:
 *
 *   before:  address over its failure limit, user locked, VALID UNTIL passed
 *            → the dialog runs but fails (28P01, like a wrong password; the reason is logged)
 *   after a failure:  counted per user and address (auth/login-guard.ts), audited
 *   after success:    NOLOGIN → 28000, CONNECTION LIMIT reached → 53300 (superusers exempt),
 *                     else the counters reset and the login is audited
 */
import type { UserDefinition } from '../catalog/table-definition.js';
import { SqlError } from '../errors/sql-error.js';
import type { Database } from '../executor/database.js';

export interface GateLog {
  warn(message: string, event?: string): void;
  info(message: string, event?: string): void;
}

/** Why the dialog must fail whatever the client proves; null when it may succeed. */
export function refusalReason(db: Database, u: UserDefinition | undefined, address: string | null, now = Date.now()): string | null {
  if (db.logins.addressBlocked(address, now)) return `too many failed logins from ${address}`;
  if (!u) return null;
  if (db.logins.isLocked(u.name, now)) return `user "${u.name}" is locked until ${db.logins.state(u.name, now).lockedUntil}`;
  if (passwordExpired(u, now)) return `user "${u.name}" has an expired password`;
  return null;
}

function passwordExpired(u: UserDefinition, now: number): boolean {
  if (!u.validUntil || u.validUntil === 'infinity') return false;
  return Date.parse(u.validUntil) < now;
}

export async function recordFailure(db: Database, log: GateLog, name: string, address: string | null): Promise<void> {
  const u = db.schema.user(name);
  const reason = refusalReason(db, u, address) ?? (!u ? `role "${name}" does not exist` : !u.password ? `user "${name}" has no password` : 'wrong password');
  const lockedNow = await db.logins.failed(u ? u.name : null, address);
  if (lockedNow) {
    const until = db.logins.state(name).lockedUntil;
    log.warn(`user "${name}" locked until ${until} after ${db.logins.policy.maxFailedLogins} failed logins (last from ${address ?? 'unknown'})`, 'user_locked');
  }
  log.info(`password authentication failed for user "${name}" from ${address ?? 'unknown'}: ${reason}`, 'login_failed');
  db.audit.record({
    actor: name, action: 'LOGIN FAILED', command: 'LOGIN', subject: name,
    details: lockedNow ? `${reason}; user locked` : reason, sourceAddress: address, success: false,
  });
  await db.audit.flush(); // every failure, known name or not, waits for a write alike
}

/** After the password was proved: may this role start a session now? Throws FATAL when not. */
export function admit(db: Database, u: UserDefinition, openSessions: number, address: string | null): void {
  let error: SqlError | null = null;
  if (!u.canLogin) error = new SqlError('28000', `role "${u.name}" is not permitted to log in`, { severity: 'FATAL' });
  else if (u.role !== 'system' && u.connectionLimit !== undefined && u.connectionLimit >= 0 && openSessions >= u.connectionLimit) {
    error = new SqlError('53300', `too many connections for role "${u.name}"`, { severity: 'FATAL' });
  }
  if (error) {
    db.audit.record({ actor: u.name, action: 'LOGIN FAILED', command: 'LOGIN', subject: u.name, details: error.message, sourceAddress: address, success: false });
    throw error;
  }
}

export async function recordSuccess(db: Database, u: UserDefinition, database: string, address: string | null): Promise<void> {
  await db.logins.succeeded(u.name);
  db.audit.record({ actor: u.name, action: 'LOGIN', command: 'LOGIN', subject: database, details: null, sourceAddress: address, success: true });
}
