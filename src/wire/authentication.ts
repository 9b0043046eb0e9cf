/**
 * The authentication dialog for one connection, per the method the engine chose for the user:
 *
 *   trust          → (nothing)                                     → AuthenticationOk
 *   password       → AuthenticationCleartextPassword ← 'p' password → AuthenticationOk
 *   md5            → AuthenticationMD5Password(salt) ← 'p' md5…     → AuthenticationOk
 *   scram-sha-256  → AuthenticationSASL ← SASLInitialResponse → SASLContinue ← SASLResponse
 *                    → SASLFinal                                   → AuthenticationOk
 *
 * Over TLS, when the certificate allows it, SCRAM offers SCRAM-SHA-256-PLUS (channel binding
 * `tls-server-end-point`) before SCRAM-SHA-256, as PostgreSQL does; over plaintext only the latter.
 *
 * An unknown user gets SCRAM against a stable fake verifier and fails at the proof, exactly like
 * a wrong password: FATAL 28P01 either way. AuthenticationOk itself is the caller's to send.
 */
import { randomBytes } from 'node:crypto';
import { Errors, SqlError } from '../errors/sql-error.js';
import { verifyMd5Response } from '../auth/md5.js';
import { mockScramVerifier, SCRAM_SHA_256, SCRAM_SHA_256_PLUS, ScramServerExchange } from '../auth/scram.js';
import type { AuthChallenge, ScramVerifierData } from './engine-port.js';
import type { BackendSerializer } from './backend-serializer.js';
import { decodePasswordText, decodeSASLInitialResponse } from './password-messages.js';

/** Per process: the same unknown name gets the same fake salt for as long as the server runs. */
const PROCESS_MOCK_SECRET = randomBytes(32);

type Step =
  | { readonly kind: 'password'; readonly check: (password: string) => boolean }
  | { readonly kind: 'md5'; readonly hash: string; readonly salt: Buffer; readonly refuse: boolean }
  | { readonly kind: 'scram-initial'; readonly exchange: ScramServerExchange }
  | { readonly kind: 'scram-final'; readonly exchange: ScramServerExchange }
  | { readonly kind: 'done' };

export class Authenticator {
  private step: Step = { kind: 'done' };

  constructor(
    private readonly user: string,
    private readonly challenge: AuthChallenge | null,
    private readonly mockSecret: Uint8Array = PROCESS_MOCK_SECRET,
    /** The TLS connection's tls-server-end-point data, when it has one: SCRAM-SHA-256-PLUS is offered. */
    private readonly channelBinding?: Uint8Array,
  ) {}

  private get mechanisms(): string[] {
    return this.channelBinding ? [SCRAM_SHA_256_PLUS, SCRAM_SHA_256] : [SCRAM_SHA_256];
  }

  private scram(verifier: ScramVerifierData, doomed = false): ScramServerExchange {
    return new ScramServerExchange(verifier, { doomed, channelBinding: this.channelBinding });
  }

  /** Sends the first request. Returns true when no proof is needed (trust). */
  begin(out: BackendSerializer): boolean {
    const c = this.challenge;
    if (c === null) {
      this.step = { kind: 'scram-initial', exchange: this.scram(mockScramVerifier(this.user, this.mockSecret), true) };
      out.authenticationSASL(this.mechanisms);
      return false;
    }
    switch (c.method) {
      case 'trust':
        return true;
      case 'password':
        // A refused login still pays for the check, so its answer takes as long.
        this.step = { kind: 'password', check: c.refuse ? (pw) => c.check(pw) && false : c.check };
        out.authenticationCleartextPassword();
        return false;
      case 'md5': {
        const salt = randomBytes(4);
        this.step = { kind: 'md5', hash: c.md5Hash, salt, refuse: !!c.refuse };
        out.authenticationMD5Password(salt);
        return false;
      }
      case 'scram-sha-256':
        this.step = { kind: 'scram-initial', exchange: this.scram(c.verifier, !!c.refuse) };
        out.authenticationSASL(this.mechanisms);
        return false;
    }
  }

  /**
   * Handles one 'p' message. Returns true once the user is authenticated; throws a FATAL
   * SqlError (28P01 for a wrong password) or ProtocolError otherwise.
   */
  onPassword(data: Uint8Array, out: BackendSerializer): boolean {
    const step = this.step;
    switch (step.kind) {
      case 'password': {
        const password = decodePasswordText(data);
        this.step = { kind: 'done' };
        if (password === '' || !safeCheck(step.check, password)) throw this.failed();
        return true;
      }
      case 'md5': {
        const response = decodePasswordText(data);
        this.step = { kind: 'done' };
        if (!verifyMd5Response(step.hash, step.salt, response) || step.refuse) throw this.failed();
        return true;
      }
      case 'scram-initial': {
        const initial = decodeSASLInitialResponse(data);
        if (!this.mechanisms.includes(initial.mechanism)) {
          throw new SqlError('08P01', 'client selected an invalid SASL authentication mechanism', {
            severity: 'FATAL',
          });
        }
        if (initial.response === null) {
          throw new SqlError('08P01', 'malformed SCRAM message', {
            severity: 'FATAL',
            detail: 'The message is empty.',
          });
        }
        out.authenticationSASLContinue(step.exchange.clientFirst(initial.response, initial.mechanism));
        this.step = { kind: 'scram-final', exchange: step.exchange };
        return false;
      }
      case 'scram-final': {
        this.step = { kind: 'done' };
        const serverFinal = step.exchange.clientFinal(data);
        if (serverFinal === null) throw this.failed();
        out.authenticationSASLFinal(serverFinal);
        return true;
      }
      case 'done':
        throw new SqlError('08P01', 'unexpected password message', { severity: 'FATAL' });
    }
  }

  private failed(): SqlError {
    return Errors.invalidPassword(this.user);
  }
}

function safeCheck(check: (password: string) => boolean, password: string): boolean {
  try {
    return check(password) === true;
  } catch {
    return false;
  }
}
