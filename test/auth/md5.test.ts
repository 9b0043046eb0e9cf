import { describe, expect, it } from 'vitest';
import { md5ChallengeResponse, md5PasswordHash, verifyMd5Response } from '../../src/auth/md5.js';

describe('md5', () => {
  it('hashes as PostgreSQL stores it', () => {
    // Captured from PostgreSQL 15: SET password_encryption = 'md5'; CREATE ROLE md5_user PASSWORD 'pw';
    expect(md5PasswordHash('pw', 'md5_user')).toBe('md5277a6b25477915df34bd74cd39325bbe');
  });

  it('checks a challenge response against the stored hash and the salt', () => {
    const stored = md5PasswordHash('pw', 'md5_user');
    const salt = Buffer.from([1, 2, 3, 4]);
    const response = md5ChallengeResponse(stored, salt);
    expect(response).toMatch(/^md5[0-9a-f]{32}$/);
    expect(verifyMd5Response(stored, salt, response)).toBe(true);
    expect(verifyMd5Response(stored, Buffer.from([1, 2, 3, 5]), response)).toBe(false);
    expect(verifyMd5Response(md5PasswordHash('px', 'md5_user'), salt, response)).toBe(false);
    expect(verifyMd5Response(stored, salt, response.toUpperCase())).toBe(false);
    expect(verifyMd5Response(stored, salt, '')).toBe(false);
    expect(verifyMd5Response('not-a-hash', salt, response)).toBe(false);
  });
});
