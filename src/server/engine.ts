/** The engine as the wire sees it: who may log in, and a Session per connection. */
import { timingSafeEqual } from 'node:crypto';
import { md5PasswordHash } from '../auth/md5.js';
import { formatScramVerifier, makeScramVerifier, parseScramVerifier } from '../auth/scram-verifier.js';
import type { UserDefinition } from '../catalog/table-definition.js';
import { Errors } from '../errors/sql-error.js';
import type { Database } from '../executor/database.js';
import { Session } from '../session/session.js';
import type { AuthChallenge, EnginePort, EngineSession } from '../wire/engine-port.js';
import { admit, type GateLog, recordFailure, recordSuccess, refusalReason } from './login-gate.js';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Cleartext password login against a stored verifier of either kind. */
function checkCleartext(u: UserDefinition, password: string): boolean {
  const stored = u.password!;
  if (stored.startsWith('md5')) return sameText(md5PasswordHash(password, u.name), stored);
  const v = parseScramVerifier(stored);
  return !!v && sameText(formatScramVerifier(makeScramVerifier(password, v.iterations, v.salt)), stored);
}

export class Engine implements EnginePort {
  private readonly sessions = new Set<EngineSession>();
  /** Open sessions per role name, for CONNECTION LIMIT. */
  private readonly perRole = new Map<string, number>();

  constructor(
    readonly db: Database,
    /**
     * serverSettings: what the server was started with, as every session shows it (PostgreSQL's
     * postmaster-level settings: ssl, max_connections); log: where failed logins and lockouts are reported.
     */
    private readonly options: { readonly serverSettings?: Readonly<Record<string, string>>; readonly log?: GateLog } = {},
  ) {}

  /** NOLOGIN roles are asked for their password too: PostgreSQL refuses them (28000) only once it is proved. */
  authFor(user: string, clientAddress: string | null = null): AuthChallenge | null {
    const u = this.db.schema.user(user);
    const refuse = refusalReason(this.db, u, clientAddress) !== null;
    if (!u || !u.password) return null;
    if (u.authMethod === 'password') return { method: 'password', check: (pw) => checkCleartext(u, pw), refuse };
    if (u.password.startsWith('md5')) return { method: 'md5', md5Hash: u.password, refuse };
    const verifier = parseScramVerifier(u.password);
    return verifier ? { method: 'scram-sha-256', verifier, refuse } : null;
  }

  loginFailed(user: string, clientAddress: string | null): Promise<void> {
    this.db.metrics.connectionsRejected++;
    return recordFailure(this.db, this.options.log ?? { warn: () => {}, info: () => {} }, user, clientAddress);
  }

  async openSession(
    user: string, database: string, startupParams: ReadonlyMap<string, string>, clientAddress: string | null = null,
  ): Promise<EngineSession> {
    const u = this.db.schema.user(user);
    if (!u) throw Errors.invalidPassword(user);
    try {
      admit(this.db, u, this.perRole.get(u.name) ?? 0, clientAddress);
    } catch (e) {
      this.db.metrics.connectionsRejected++;
      throw e;
    }
    this.perRole.set(u.name, (this.perRole.get(u.name) ?? 0) + 1);
    let session: Session;
    try {
      await recordSuccess(this.db, u, database || user, clientAddress);
      session = new Session(this.db, u, database || user, startupParams, (s) => {
        this.sessions.delete(s);
        this.leave(u.name);
      });
    } catch (e) {
      this.leave(u.name);
      throw e;
    }
    for (const [name, value] of Object.entries(this.options.serverSettings ?? {})) session.settings.force(name, value);
    this.sessions.add(session);
    this.db.metrics.connectionsOpened++;
    return session;
  }

  private leave(name: string): void {
    const n = (this.perRole.get(name) ?? 1) - 1;
    if (n > 0) this.perRole.set(name, n);
    else this.perRole.delete(name);
  }

  get connectionCount(): number {
    return this.sessions.size;
  }
}
