/**
 * SCRAM-SHA-256 stored credentials (RFC 5802 §3, RFC 7677), in the text form PostgreSQL keeps in
 * pg_authid.rolpassword:
 *
 *   SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>
 *
 * The password itself is never kept: StoredKey lets the server check a client proof, ServerKey
 * lets it prove itself back.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { ScramVerifierData } from '../wire/engine-port.js';
import { saslprep } from './saslprep.js';

export type { ScramVerifierData };

/** PostgreSQL's defaults: scram_iterations = 4096, SCRAM_DEFAULT_SALT_LEN = 16. */
export const DEFAULT_SCRAM_ITERATIONS = 4096;
export const SCRAM_SALT_LENGTH = 16;

const SCRAM_PREFIX = 'SCRAM-SHA-256$';

/** Derives a verifier from a password; a fresh random salt unless one is given. */
export function makeScramVerifier(
  password: string,
  iterations: number = DEFAULT_SCRAM_ITERATIONS,
  salt: Uint8Array = randomBytes(SCRAM_SALT_LENGTH),
): ScramVerifierData {
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`SCRAM iteration count must be a positive integer, got ${iterations}`);
  }
  const saltedPassword = pbkdf2Sync(saslprep(password), salt, iterations, 32, 'sha256');
  const clientKey = hmac(saltedPassword, 'Client Key');
  return {
    iterations,
    salt: Buffer.from(salt),
    storedKey: sha256(clientKey),
    serverKey: hmac(saltedPassword, 'Server Key'),
  };
}

/** The pg_authid.rolpassword text of a verifier. */
export function formatScramVerifier(v: ScramVerifierData): string {
  return (
    `${SCRAM_PREFIX}${v.iterations}:${b64(v.salt)}` + `$${b64(v.storedKey)}:${b64(v.serverKey)}`
  );
}

/** Parses PostgreSQL's verifier text; null when it is not a well-formed SCRAM-SHA-256 verifier. */
export function parseScramVerifier(text: string): ScramVerifierData | null {
  const m = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(text);
  if (!m) return null;
  const iterations = Number(m[1]);
  const salt = strictBase64(m[2]!);
  const storedKey = strictBase64(m[3]!);
  const serverKey = strictBase64(m[4]!);
  if (!Number.isSafeInteger(iterations) || iterations < 1) return null;
  if (!salt || salt.length === 0 || storedKey?.length !== 32 || serverKey?.length !== 32) return null;
  return { iterations, salt, storedKey, serverKey };
}

/** True when `text` looks like a SCRAM verifier rather than a plaintext password. */
export function isScramVerifier(text: string): boolean {
  return parseScramVerifier(text) !== null;
}

export function hmac(key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Node's base64 decoder skips junk silently; a verifier must round-trip exactly. */
export function strictBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
