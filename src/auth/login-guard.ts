/**
 * Failed logins, counted per user and per source address:
 *
 * - a user that fails `maxFailedLogins` times in a row is locked for `lockoutSeconds`; while
 *   locked even the right password fails, with the same 28P01 as a wrong one (the reason goes to
 *   the server log and system.audit_log, never to the client). A success resets the count; a dba
 *   lifts a lock early with `ALTER USER 'x' UNLOCK`. Counts and locks are kept in RocksDB
 *   (`m/login/<user>`), so a restart does not lift a lock.
 * - an address that fails `maxFailuresPerAddress` times within `lockoutSeconds` (whatever user
 *   names it tries, unknown ones included) is refused the same way until the window passes — in
 *   memory only: an address is not an identity worth keeping.
 *
 * PostgreSQL itself has neither; the credcheck extension's `max_auth_failure` bans a user
 * (rejecting with a message of its own) and auth_delay slows every failure down.
 */
import type { KvStore } from '../storage/kv-store.js';
import { metaKey } from '../storage/key-layout.js';
import { prefixEnd } from '../storage/keycode.js';
import { decodeRecord, encodeRecord } from '../catalog/catalog-codec.js';

export interface LoginPolicy {
  readonly maxFailedLogins: number;
  readonly lockoutSeconds: number;
  readonly maxFailuresPerAddress: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = { maxFailedLogins: 5, lockoutSeconds: 900, maxFailuresPerAddress: 20 };

export interface LoginState {
  readonly failedAttempts: number;
  /** ISO time; null when not locked (an expired lock reads as null too). */
  readonly lockedUntil: string | null;
  readonly lastLoginAt: string | null;
  readonly lastFailureAt: string | null;
}

const EMPTY: LoginState = { failedAttempts: 0, lockedUntil: null, lastLoginAt: null, lastFailureAt: null };
const PREFIX = 'login/';
/** Addresses remembered at most; the oldest window is forgotten first. */
const MAX_ADDRESSES = 10_000;

export class LoginGuard {
  private readonly users = new Map<string, LoginState>();
  private readonly addresses = new Map<string, { failures: number; since: number }>();
  private pending = Promise.resolve();

  private constructor(
    private readonly kv: KvStore,
    readonly policy: LoginPolicy,
  ) {}

  static async open(kv: KvStore, policy: LoginPolicy = DEFAULT_LOGIN_POLICY): Promise<LoginGuard> {
    const guard = new LoginGuard(kv, policy);
    const prefix = metaKey(PREFIX);
    for await (const batch of kv.scan({ gte: prefix, lt: prefixEnd(prefix) })) {
      for (const [key, value] of batch) guard.users.set(key.subarray(prefix.length).toString('utf8'), decodeRecord<LoginState>(value));
    }
    return guard;
  }

  state(user: string, now = Date.now()): LoginState {
    const s = this.users.get(user) ?? EMPTY;
    return s.lockedUntil !== null && Date.parse(s.lockedUntil) <= now ? { ...s, lockedUntil: null } : s;
  }

  isLocked(user: string, now = Date.now()): boolean {
    return this.state(user, now).lockedUntil !== null;
  }

  addressBlocked(address: string | null, now = Date.now()): boolean {
    if (address === null) return false;
    const a = this.addresses.get(address);
    return !!a && this.policy.maxFailuresPerAddress > 0 && now - a.since < this.policy.lockoutSeconds * 1000 && a.failures >= this.policy.maxFailuresPerAddress;
  }

  /** A failed login; `user` is null when no such login role exists. Returns true when it locked the user now. */
  async failed(user: string | null, address: string | null, now = Date.now()): Promise<boolean> {
    if (address !== null) this.countAddress(address, now);
    if (user === null) return false;
    const s = this.state(user, now);
    if (s.lockedUntil !== null) {
      await this.put(user, { ...s, lastFailureAt: new Date(now).toISOString() }, false);
      return false;
    }
    const failedAttempts = s.failedAttempts + 1;
    const locks = this.policy.maxFailedLogins > 0 && failedAttempts >= this.policy.maxFailedLogins;
    const lockedUntil = locks ? new Date(now + this.policy.lockoutSeconds * 1000).toISOString() : null;
    // Waited for (and synced) only when it locks: a failure of a known user must not take longer to
    // answer than one of an unknown user, or the delay would tell which names exist. RocksDB's WAL
    // keeps unsynced counts across a process crash anyway.
    await this.put(user, { ...s, failedAttempts, lockedUntil, lastFailureAt: new Date(now).toISOString() }, locks);
    return locks;
  }

  async succeeded(user: string, now = Date.now()): Promise<void> {
    const s = this.state(user, now);
    // Not synced: losing a last-login time to a crash is harmless, an fsync per login is not free.
    await this.put(user, { ...s, failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date(now).toISOString() }, false);
  }

  async unlock(user: string): Promise<void> {
    const s = this.users.get(user);
    if (s) await this.put(user, { ...s, failedAttempts: 0, lockedUntil: null });
  }

  /** The role was dropped (or renamed away): its counts go with it. */
  async forget(user: string): Promise<void> {
    if (!this.users.delete(user)) return;
    await this.kv.write([{ type: 'del', key: metaKey(PREFIX + user) }]);
  }

  async rename(from: string, to: string): Promise<void> {
    const s = this.users.get(from);
    if (!s) return;
    await this.forget(from);
    await this.put(to, s);
  }

  /** Synced writes are waited for; the others finish in the background (flush() waits for them). */
  private async put(user: string, s: LoginState, sync = true): Promise<void> {
    this.users.set(user, s);
    const write = this.kv.write([{ type: 'put', key: metaKey(PREFIX + user), value: encodeRecord(s) }], { sync });
    if (sync) return write;
    this.pending = Promise.all([this.pending, write.catch(() => undefined)]).then(() => undefined);
  }

  /** Resolves when every change is in RocksDB. */
  flush(): Promise<void> {
    return this.pending;
  }

  private countAddress(address: string, now: number): void {
    const a = this.addresses.get(address);
    if (a && now - a.since < this.policy.lockoutSeconds * 1000) {
      a.failures++;
      return;
    }
    this.addresses.delete(address);
    if (this.addresses.size >= MAX_ADDRESSES) this.addresses.delete(this.addresses.keys().next().value!);
    this.addresses.set(address, { failures: 1, since: now });
  }
}
