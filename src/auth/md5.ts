/**
 * PostgreSQL's legacy md5 password method. The stored hash is 'md5' + md5(password + user); the
 * client answers an AuthenticationMD5Password(salt) with 'md5' + md5(hex(md5(password + user)) +
 * salt), so the server checks it from the stored hash alone.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The pg_authid.rolpassword form: 'md5' followed by 32 hex digits. */
export function md5PasswordHash(password: string, user: string): string {
  return 'md5' + md5Hex(Buffer.from(password + user, 'utf8'));
}

/** What a client should send for `storedHash` and `salt` (the client's side of the challenge). */
export function md5ChallengeResponse(storedHash: string, salt: Uint8Array): string {
  const inner = Buffer.from(stripPrefix(storedHash), 'utf8');
  return 'md5' + md5Hex(Buffer.concat([inner, salt]));
}

/** Checks a client's PasswordMessage against the stored hash and the salt we sent. */
export function verifyMd5Response(storedHash: string, salt: Uint8Array, response: string): boolean {
  if (!/^md5[0-9a-f]{32}$/.test(storedHash)) return false;
  const expected = Buffer.from(md5ChallengeResponse(storedHash, salt), 'utf8');
  const actual = Buffer.from(response, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function md5Hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

function stripPrefix(hash: string): string {
  return hash.startsWith('md5') ? hash.slice(3) : hash;
}
