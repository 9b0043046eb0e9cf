/**
 * TLS on the PostgreSQL port, the way PostgreSQL does it: the client sends SSLRequest in the
 * clear, the server answers the single byte `S`, and the same TCP connection continues as a TLS
 * session (server side) before the StartupMessage is read:
 *
 *   client                           server
 *   SSLRequest (8 bytes)      ───▶
 *                             ◀───   'S'
 *   ClientHello … Finished    ◀──▶   (TLS handshake on the same socket)
 *   StartupMessage (over TLS) ───▶
 *
 * Bytes the client sent after the SSLRequest but before reading `S` were not encrypted, and a
 * man in the middle could have put them there (CVE-2021-23214): the connection refuses them
 * instead of reading them as the start of the handshake or of the protocol.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { SqlError } from '../errors/sql-error.js';
import type { TlsSessionInfo } from './engine-port.js';
import type { StartupMessage } from './frontend-messages.js';

export interface WireTls {
  readonly secureContext: SecureContext;
  /** tls-server-end-point data of the certificate (SCRAM-SHA-256-PLUS), null when it has none. */
  readonly channelBinding: Buffer | null;
  /** A StartupMessage that did not come over TLS is refused (28000). */
  readonly required: boolean;
}

/**
 * Continues `raw` as the server side of a TLS session. The handshake runs on its own; a client
 * that abandons it makes the returned socket emit 'error' then 'close'.
 */
export function startTls(raw: Socket, tls: WireTls): TLSSocket {
  return new TLSSocket(raw, {
    isServer: true,
    secureContext: tls.secureContext,
    requestCert: false,
  });
}

/**
 * --tls-required and a StartupMessage that came in the clear: what PostgreSQL answers when
 * pg_hba.conf has only hostssl lines (28000, "… no encryption"), said plainly, with a hint.
 */
export function tlsRequiredError(host: string | undefined, user: string, m: StartupMessage): SqlError {
  const database = m.params.get('database') || user;
  const where = `host "${host ?? 'unknown'}", user "${user}", database "${database}", no encryption`;
  return new SqlError('28000', `connection refused: this server accepts only TLS connections (${where})`, {
    severity: 'FATAL',
    hint: 'Connect with TLS: sslmode=require (or verify-full) in libpq and psql, ssl=true in pgjdbc.',
  });
}

/** The negotiated protocol and cipher, once the handshake is done. */
export function describeTls(socket: TLSSocket): TlsSessionInfo | null {
  const cipher = socket.getCipher();
  const version = socket.getProtocol();
  if (!cipher || !version) return null;
  return { version, cipher: cipher.name, bits: cipherBits(cipher.name) };
}

/** The symmetric key size of an OpenSSL cipher suite name, as SSL_get_cipher_bits reports it. */
function cipherBits(name: string): number {
  const sized = /(?:AES|CAMELLIA|ARIA)[_-]?(128|256)/i.exec(name);
  if (sized) return Number(sized[1]);
  return /CHACHA20/i.test(name) ? 256 : 0;
}
