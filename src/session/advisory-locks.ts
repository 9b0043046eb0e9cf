/**
 * Advisory locks (pg_advisory_lock and friends): application-defined exclusive locks on a
 * bigint key or a pair of int4 keys, held by a session until unlocked or until the session ends,
 * or (the _xact_ forms) until its transaction ends. Re-entrant: a session locking a key twice
 * must unlock it twice. Kysely's Migrator takes one around its migrations.
 *
 * One table for the server; one SessionAdvisoryLocks per session, which the session's
 * transaction tells when it ends.
 */
import { Errors } from '../errors/sql-error.js';

/** `b:5` for pg_advisory_lock(5); `i:1:2` for pg_advisory_lock(1, 2) — two different locks. */
export type AdvisoryKey = string;

interface Held {
  readonly owner: SessionAdvisoryLocks;
  session: number;
  transaction: number;
}

export class AdvisoryLockTable {
  readonly held = new Map<AdvisoryKey, Held>();
}

export class SessionAdvisoryLocks {
  constructor(
    private readonly table: AdvisoryLockTable,
    private readonly warn: (message: string) => void,
  ) {}

  /** pg_try_advisory_lock / pg_try_advisory_xact_lock: false when another session holds it. */
  tryLock(key: AdvisoryKey, scope: 'session' | 'transaction'): boolean {
    let h = this.table.held.get(key);
    if (h && h.owner !== this) return false;
    if (!h) this.table.held.set(key, (h = { owner: this, session: 0, transaction: 0 }));
    h[scope]++;
    return true;
  }

  /** pg_advisory_lock / pg_advisory_xact_lock: PostgreSQL waits for the holder; we cannot yet. */
  lock(key: AdvisoryKey, scope: 'session' | 'transaction'): void {
    if (!this.tryLock(key, scope)) {
      throw Errors.featureNotSupported(
        'waiting for an advisory lock held by another session is not supported yet',
        'Use pg_try_advisory_lock, which answers false while another session holds the lock.',
      );
    }
  }

  /** pg_advisory_unlock: one session-level hold released; a warning and false if there was none. */
  unlock(key: AdvisoryKey): boolean {
    const h = this.table.held.get(key);
    if (!h || h.owner !== this || h.session === 0) {
      this.warn("you don't own a lock of type ExclusiveLock");
      return false;
    }
    h.session--;
    this.forgetIfFree(key, h);
    return true;
  }

  /** pg_advisory_unlock_all, and the session's end. */
  unlockAll(): void {
    this.release((h) => (h.session = 0));
  }

  /** The transaction ended (committed or not): its _xact_ locks go. */
  transactionEnded(): void {
    this.release((h) => (h.transaction = 0));
  }

  /** The session ended. */
  close(): void {
    this.release((h) => {
      h.session = 0;
      h.transaction = 0;
    });
  }

  private release(clear: (h: Held) => void): void {
    for (const [key, h] of this.table.held) {
      if (h.owner !== this) continue;
      clear(h);
      this.forgetIfFree(key, h);
    }
  }

  private forgetIfFree(key: AdvisoryKey, h: Held): void {
    if (h.session === 0 && h.transaction === 0) this.table.held.delete(key);
  }
}
