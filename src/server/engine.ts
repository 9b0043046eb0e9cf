/** The engine as the wire sees it: who may log in, and a Session per connection. */
import { timingSafeEqual } from 'node:crypto';
import { md5PasswordHash } from '../auth/md5.js';
import { formatScramVerifier, makeScramVerifier, parseScramVerifier } from '../auth/scram-verifier.js';
import type { UserDefinition } from '../catalog/table-definition.js';
import { Errors } from '../errors/sql-error.js';
import type { Database } from '../executor/database.js';
import { Session } from '../session/session.js';
import type { AuthChallenge, EnginePort, EngineSession } from '../wire/engine-port.js';

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

  constructor(
    readonly db: Database,
    /** ssl: TLS is configured, so SHOW ssl says on (for every session, as PostgreSQL's server-wide setting). */
    private readonly options: { readonly ssl?: boolean } = {},
  ) {}

  authFor(user: string): AuthChallenge | null {
    const u = this.db.schema.user(user);
    if (!u || !u.canLogin || !u.password) return null;
    if (u.authMethod === 'password') return { method: 'password', check: (pw) => checkCleartext(u, pw) };
    if (u.password.startsWith('md5')) return { method: 'md5', md5Hash: u.password };
    const verifier = parseScramVerifier(u.password);
    return verifier ? { method: 'scram-sha-256', verifier } : null;
  }

  async openSession(user: string, database: string, startupParams: ReadonlyMap<string, string>): Promise<EngineSession> {
    const u = this.db.schema.user(user);
    if (!u) throw Errors.invalidPassword(user);
    const session = new Session(this.db, u, database || user, startupParams, (s) => this.sessions.delete(s));
    if (this.options.ssl) session.settings.force('ssl', 'on');
    this.sessions.add(session);
    return session;
  }

  get connectionCount(): number {
    return this.sessions.size;
  }
}
