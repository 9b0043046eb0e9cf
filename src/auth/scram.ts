/**
 * The server side of a SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), with or without the
 * `tls-server-end-point` channel binding of SCRAM-SHA-256-PLUS, the way PostgreSQL runs it
 * (src/backend/libpq/auth-scram.c):
 *
 *   client-first  n,,n=<ignored>,r=<client nonce>          (PLUS: p=tls-server-end-point,,n=…)
 *   server-first  r=<client nonce><server nonce>,s=<salt>,i=<iterations>
 *   client-final  c=biws,r=<both nonces>,p=<ClientProof>   (PLUS: c=base64(gs2 header + cert hash))
 *   server-final  v=<ServerSignature>
 *
 * The gs2 flag must agree with the mechanism: `p=` only under -PLUS, and `y` ("I could bind but
 * think you cannot") is refused when -PLUS was offered, since that means someone removed it.
 *
 * The user name comes from the startup packet; the `n=` attribute is ignored, as PostgreSQL does.
 * Messages are handled as latin1 strings so every byte survives into AuthMessage unchanged.
 * A "doomed" exchange (unknown user) runs the same steps against a fake verifier and fails at the
 * proof, so it cannot be told apart from a wrong password.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { SqlError } from '../errors/sql-error.js';
import type { ScramVerifierData } from '../wire/engine-port.js';
import { TLS_SERVER_END_POINT } from './channel-binding.js';
import { hmac, sha256, strictBase64 } from './scram-verifier.js';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';
export const SCRAM_SHA_256_PLUS = 'SCRAM-SHA-256-PLUS';

/** PostgreSQL's SCRAM_RAW_NONCE_LEN: 18 random bytes, base64 encoded. */
const SERVER_NONCE_BYTES = 18;

export interface ScramExchangeOptions {
  /** Fail at the proof whatever the client sends (unknown user). */
  readonly doomed?: boolean;
  /** The server's part of the nonce; random unless given (tests use RFC 7677's vector). */
  readonly serverNonce?: string;
  /**
   * The tls-server-end-point binding data (the server certificate's hash) when the connection is
   * TLS and SCRAM-SHA-256-PLUS was offered; absent otherwise.
   */
  readonly channelBinding?: Uint8Array;
}

export class ScramServerExchange {
  private gs2Flag: 'n' | 'y' | 'p' = 'n';
  private clientFirstBare = '';
  private serverFirst = '';
  private nonce = '';
  private step: 'first' | 'final' | 'done' = 'first';

  constructor(
    private readonly verifier: ScramVerifierData,
    private readonly options: ScramExchangeOptions = {},
  ) {}

  /**
   * Reads the client-first-message and returns the server-first-message. `mechanism` is the one
   * the client chose in SASLInitialResponse (the caller has checked it was offered).
   */
  clientFirst(message: Uint8Array, mechanism: string = SCRAM_SHA_256): string {
    if (this.step !== 'first') throw malformed('Unexpected client-first-message.');
    const text = latin1(message);
    const reader = new AttributeReader(text);
    this.gs2Flag = readGs2Flag(reader, mechanism === SCRAM_SHA_256_PLUS, this.options.channelBinding !== undefined);
    if (reader.peek() === 'a') {
      throw fatal('0A000', 'client uses authorization identity, but it is not supported');
    }
    reader.expectComma();
    this.clientFirstBare = reader.rest();
    reader.value('n'); // user name: PostgreSQL takes it from the startup packet instead
    const clientNonce = reader.value('r');
    if (!isPrintableNonce(clientNonce)) throw malformed('Invalid nonce.');
    while (!reader.atEnd()) {
      const [attr] = reader.anyAttribute();
      if (attr === 'm') throw fatal('0A000', 'client requires an unsupported SCRAM extension');
    }
    const serverNonce = this.options.serverNonce ?? randomBytes(SERVER_NONCE_BYTES).toString('base64');
    this.nonce = clientNonce + serverNonce;
    const salt = Buffer.from(this.verifier.salt).toString('base64');
    this.serverFirst = `r=${this.nonce},s=${salt},i=${this.verifier.iterations}`;
    this.step = 'final';
    return this.serverFirst;
  }

  /**
   * Reads the client-final-message. Returns the server-final-message when the proof is right,
   * null when it is wrong (the caller reports 28P01); throws on a malformed message.
   */
  clientFinal(message: Uint8Array): string | null {
    if (this.step !== 'final') throw malformed('Unexpected client-final-message.');
    this.step = 'done';
    const text = latin1(message);
    const reader = new AttributeReader(text);
    const binding = reader.value('c');
    if (this.gs2Flag === 'p') {
      const cbindInput = Buffer.concat([Buffer.from(`p=${TLS_SERVER_END_POINT},,`), this.options.channelBinding!]);
      if (!sameText(binding, cbindInput.toString('base64'))) {
        throw fatal('28000', 'SCRAM channel binding check failed');
      }
    } else if (binding !== (this.gs2Flag === 'n' ? 'biws' : 'eSws')) { // base64 of "n,," / "y,,"
      throw fatal('08P01', 'unexpected SCRAM channel-binding attribute in client-final-message');
    }
    const nonce = reader.value('r');
    let proofAt: number;
    let attr: string;
    let proofText: string;
    do {
      proofAt = reader.position;
      [attr, proofText] = reader.anyAttribute();
    } while (attr !== 'p');
    if (!reader.atEnd()) throw malformed('Garbage found at the end of client-final-message.');
    const proof = strictBase64(proofText);
    if (!proof || proof.length !== 32) throw malformed('Malformed proof in client-final-message.');
    if (nonce !== this.nonce) throw fatal('08P01', 'invalid SCRAM response', 'Nonce does not match.');

    const withoutProof = text.slice(0, proofAt - 1); // drop the comma before p=
    const authMessage = Buffer.from(
      `${this.clientFirstBare},${this.serverFirst},${withoutProof}`,
      'latin1',
    );
    if (!this.proofMatches(proof, authMessage) || this.options.doomed) return null;
    const serverSignature = hmac(this.verifier.serverKey, authMessage);
    return `v=${serverSignature.toString('base64')}`;
  }

  private proofMatches(proof: Buffer, authMessage: Buffer): boolean {
    const clientSignature = hmac(this.verifier.storedKey, authMessage);
    const clientKey = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    const stored = Buffer.from(this.verifier.storedKey);
    return stored.length === 32 && timingSafeEqual(sha256(clientKey), stored);
  }
}

/**
 * A stable fake verifier for a user that does not exist: the same salt every time for the same
 * name (per `secret`), so probing twice reveals nothing.
 */
export function mockScramVerifier(user: string, secret: Uint8Array, iterations = 4096): ScramVerifierData {
  const seed = (label: string) => sha256(Buffer.concat([Buffer.from(label + '\0'), secret, Buffer.from(user, 'utf8')]));
  return {
    iterations,
    salt: seed('salt').subarray(0, 16),
    storedKey: seed('stored'),
    serverKey: seed('server'),
  };
}

/**
 * The gs2-cbind-flag, checked against the chosen mechanism (`plus`) and whether -PLUS was offered,
 * with PostgreSQL's errors.
 */
function readGs2Flag(reader: AttributeReader, plus: boolean, plusOffered: boolean): 'n' | 'y' | 'p' {
  const flag = reader.peek();
  if (flag === 'n' || flag === 'y') {
    if (plus) {
      throw malformed('The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.');
    }
    if (flag === 'y' && plusOffered) {
      throw new SqlError('28000', 'SCRAM channel binding negotiation error', {
        severity: 'FATAL',
        detail: 'The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.',
      });
    }
    reader.next();
    reader.expectComma();
    return flag;
  }
  if (flag === 'p') {
    if (!plus) {
      throw malformed(
        'The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.',
      );
    }
    const type = reader.value('p');
    if (type !== TLS_SERVER_END_POINT) {
      throw fatal('08P01', `unsupported SCRAM channel-binding type "${sanitizeText(type)}"`);
    }
    return 'p';
  }
  throw malformed(`Unexpected channel-binding flag "${sanitize(flag)}".`);
}

/** Both texts equal, compared in constant time. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Printable ASCII kept, anything else '?', at most 30 characters (PostgreSQL's sanitize_str). */
function sanitizeText(s: string): string {
  return [...s.slice(0, 30)].map((c) => (c >= '!' && c <= '~' ? c : '?')).join('');
}

function isPrintableNonce(nonce: string): boolean {
  if (nonce.length === 0) return false;
  for (let i = 0; i < nonce.length; i++) {
    const c = nonce.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x2c) return false;
  }
  return true;
}

/** Walks `attr=value,attr=value` text. */
class AttributeReader {
  position = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }
  peek(): string {
    return this.text[this.position] ?? '';
  }
  next(): string {
    return this.text[this.position++] ?? '';
  }
  rest(): string {
    return this.text.slice(this.position);
  }
  expectComma(): void {
    const c = this.next();
    if (c !== ',') throw malformed(`Comma expected, but found character "${sanitize(c)}".`);
  }
  /** Reads `name=value` for a required attribute, and the comma after it unless at the end. */
  value(name: string): string {
    const attr = this.next();
    if (attr !== name) {
      throw malformed(`Expected attribute "${name}" but found "${sanitize(attr)}".`);
    }
    return this.afterName(name);
  }
  anyAttribute(): [string, string] {
    const attr = this.next();
    if (!/^[A-Za-z]$/.test(attr)) {
      throw malformed(`Attribute expected, but found invalid character "${sanitize(attr)}".`);
    }
    return [attr, this.afterName(attr)];
  }
  private afterName(name: string): string {
    if (this.next() !== '=') throw malformed(`Expected character "=" for attribute "${name}".`);
    const end = this.text.indexOf(',', this.position);
    const value = this.text.slice(this.position, end < 0 ? undefined : end);
    this.position = end < 0 ? this.text.length : end + 1;
    return value;
  }
}

function sanitize(c: string): string {
  if (c === '') return 'end of string';
  const code = c.charCodeAt(0);
  return code >= 0x21 && code <= 0x7e ? c : `0x${code.toString(16).padStart(2, '0')}`;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function malformed(detail: string): SqlError {
  return fatal('08P01', 'malformed SCRAM message', detail);
}

function fatal(code: string, message: string, detail?: string): SqlError {
  return new SqlError(code, message, { severity: 'FATAL', detail });
}
