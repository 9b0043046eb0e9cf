/**
 * The 'p' message means what the server last asked for (PostgreSQL decodes it in auth.c the same
 * way): a NUL-terminated password, a SASLInitialResponse, or a bare SASLResponse. Every failure
 * here is FATAL, since it happens before the connection is usable.
 */
import { ProtocolError } from '../errors/sql-error.js';

/** PasswordMessage for cleartext and md5: exactly one NUL-terminated string. */
export function decodePasswordText(data: Uint8Array): string {
  const nul = data.indexOf(0);
  if (nul !== data.length - 1) throw new ProtocolError('invalid password packet size');
  return Buffer.from(data.buffer, data.byteOffset, nul).toString('utf8');
}

export interface SASLInitialResponse {
  readonly mechanism: string;
  /** null when the client sent length -1 (no initial response). */
  readonly response: Uint8Array | null;
}

/** SASLInitialResponse: mechanism name, int32 length (or -1), the client-first-message. */
export function decodeSASLInitialResponse(data: Uint8Array): SASLInitialResponse {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const nul = bytes.indexOf(0);
  if (nul < 0 || nul + 5 > bytes.length) throw new ProtocolError('malformed SASL message');
  const mechanism = bytes.toString('latin1', 0, nul);
  const length = bytes.readInt32BE(nul + 1);
  const rest = bytes.subarray(nul + 5);
  if (length === -1 && rest.length === 0) return { mechanism, response: null };
  if (length !== rest.length) throw new ProtocolError('malformed SASL message');
  return { mechanism, response: rest };
}
