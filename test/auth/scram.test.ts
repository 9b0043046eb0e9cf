/**
 * SCRAM-SHA-256: RFC 7677's example exchange, verifiers captured from PostgreSQL 15's
 * pg_authid.rolpassword, and the server's refusals.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mockScramVerifier, ScramServerExchange } from '../../src/auth/scram.js';
import {
  formatScramVerifier,
  makeScramVerifier,
  parseScramVerifier,
} from '../../src/auth/scram-verifier.js';
import { saslprep } from '../../src/auth/saslprep.js';
import { SqlError } from '../../src/errors/sql-error.js';
import { clientFinalFor } from '../support/scram-client.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('RFC 7677 §3 example', () => {
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const verifier = makeScramVerifier('pencil', 4096, salt);

  it('runs the exchange byte for byte', () => {
    const x = new ScramServerExchange(verifier, { serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0' });
    expect(x.clientFirst(b('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'))).toBe(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    expect(
      x.clientFinal(
        b('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='),
      ),
    ).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('a flipped proof bit fails (null, not an exception)', () => {
    const x = new ScramServerExchange(verifier, { serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0' });
    x.clientFirst(b('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
    expect(
      x.clientFinal(
        b('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVU='),
      ),
    ).toBeNull();
  });
});

describe('verifiers as PostgreSQL stores them', () => {
  // Captured from PostgreSQL 15.18 (password_encryption = scram-sha-256):
  //   CREATE ROLE scram_user LOGIN PASSWORD 'pencil';
  //   CREATE ROLE u_nfkc LOGIN PASSWORD E'p\u00e4ss \ufb01\u00a0x\u00ad';
  //   SELECT rolpassword FROM pg_authid WHERE rolname = …;
  const captured: Array<[string, string]> = [
    [
      'pencil',
      'SCRAM-SHA-256$4096:2O2z2h0TVPkdSZXLu6t/4Q==$Iu/ao6iiZvLTTcdIGLfnGxLODZTtJaalVO6hEkJmk0M=:Ix6CTO6BgtMGWGyAtOK1EnloSEfyahXWilhjD3xxm14=',
    ],
    [
      'p\u00e4ss \ufb01\u00a0x\u00ad',
      'SCRAM-SHA-256$4096:Bsu9ni8XBbpoMXiHCM9S2w==$ipP1x92Kxo9w9AGu2RJDk+I0OtgGPkFnAQWF3BOPhUs=:mhOqtWoxNSxs0ATAHe8UNeAvF7TKXGSNiZ9/mWNq1vw=',
    ],
  ];

  it.each(captured)('%j: same salt, same verifier text', (password, stored) => {
    const parsed = parseScramVerifier(stored)!;
    expect(parsed).not.toBeNull();
    expect(formatScramVerifier(makeScramVerifier(password, parsed.iterations, parsed.salt))).toBe(stored);
  });

  it('format/parse round trip with a random salt', () => {
    const v = makeScramVerifier('secret', 1000);
    expect(v.salt.length).toBe(16);
    const text = formatScramVerifier(v);
    expect(text).toMatch(/^SCRAM-SHA-256\$1000:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
    expect(parseScramVerifier(text)).toEqual(v);
  });

  it.each([
    'md5277a6b25477915df34bd74cd39325bbe',
    'SCRAM-SHA-256$0:c2FsdA==$Iu/ao6iiZvLTTcdIGLfnGxLODZTtJaalVO6hEkJmk0M=:Ix6CTO6BgtMGWGyAtOK1EnloSEfyahXWilhjD3xxm14=',
    'SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:Ix6CTO6BgtMGWGyAtOK1EnloSEfyahXWilhjD3xxm14=',
    'SCRAM-SHA-256$4096:c2Fsd===$Iu/ao6iiZvLTTcdIGLfnGxLODZTtJaalVO6hEkJmk0M=:Ix6CTO6BgtMGWGyAtOK1EnloSEfyahXWilhjD3xxm14=',
    'plain password',
  ])('rejects %s', (text) => {
    expect(parseScramVerifier(text)).toBeNull();
  });
});

describe('SASLprep', () => {
  it.each([
    ['pencil', 'pencil'],
    ['a\u00a0b', 'a b'], // non-ASCII space → space
    ['a\u00adb', 'ab'], // soft hyphen → nothing
    ['\ufb01', 'fi'], // NFKC
    ['\u2168', 'IX'], // ROMAN NUMERAL NINE → IX
    ['caf\u0065\u0301', 'caf\u00e9'], // composed
  ])('%j → %j', (input, output) => {
    expect(saslprep(input).toString('utf8')).toBe(output);
  });

  it('keeps the raw bytes when a prohibited character remains, as PostgreSQL does', () => {
    expect(saslprep('\u00e4\u0007').toString('utf8')).toBe('\u00e4\u0007');
    expect(saslprep('\u00e4\ue000').toString('utf8')).toBe('\u00e4\ue000');
  });

  it('ASCII control characters are passed through untouched', () => {
    expect(saslprep('a\tb').toString('utf8')).toBe('a\tb');
  });
});

describe('the exchange', () => {
  const verifier = makeScramVerifier('right', 4096);

  function start(clientFirst: string, v = verifier, doomed = false): { x: ScramServerExchange; serverFirst: string } {
    const x = new ScramServerExchange(v, { doomed });
    return { x, serverFirst: x.clientFirst(b(clientFirst)) };
  }

  it('the right password passes with fresh nonces; the server nonce extends the client one', () => {
    const nonce = randomBytes(18).toString('base64');
    const { x, serverFirst } = start(`n,,n=*,r=${nonce}`);
    expect(serverFirst.startsWith(`r=${nonce}`)).toBe(true);
    expect(serverFirst.length).toBeGreaterThan(`r=${nonce}`.length + 20);
    expect(x.clientFinal(b(clientFinalFor('right', `n=*,r=${nonce}`, serverFirst)))).toMatch(/^v=/);
  });

  it('two exchanges get different server nonces', () => {
    expect(start('n,,n=,r=abc').serverFirst).not.toBe(start('n,,n=,r=abc').serverFirst);
  });

  it('the y flag is accepted and must be echoed as eSws', () => {
    const { x, serverFirst } = start('y,,n=,r=abc');
    expect(x.clientFinal(b(clientFinalFor('right', 'n=,r=abc', serverFirst, 'y,,')))).toMatch(/^v=/);
  });

  it('a wrong password fails', () => {
    const { x, serverFirst } = start('n,,n=,r=abc');
    expect(x.clientFinal(b(clientFinalFor('wrong', 'n=,r=abc', serverFirst)))).toBeNull();
  });

  it('a doomed exchange fails even with the verifier\'s own password', () => {
    const { x, serverFirst } = start('n,,n=,r=abc', verifier, true);
    expect(x.clientFinal(b(clientFinalFor('right', 'n=,r=abc', serverFirst)))).toBeNull();
  });

  it('the fake verifier for an unknown user is stable per name and secret', () => {
    const secret = randomBytes(32);
    const a = mockScramVerifier('ghost', secret);
    expect(mockScramVerifier('ghost', secret)).toEqual(a);
    expect(mockScramVerifier('other', secret).salt).not.toEqual(a.salt);
    expect(a.salt.length).toBe(16);
    expect(a.iterations).toBe(4096);
  });

  const refusals: Array<[string, string, string, string?]> = [
    ['channel binding requested (p=)', 'p=tls-server-end-point,,n=,r=abc', '08P01', 'malformed SCRAM message'],
    ['an authorization identity', 'n,a=bob,n=,r=abc', '0A000', 'client uses authorization identity, but it is not supported'],
    ['a mandatory extension', 'n,,n=,r=abc,m=ext', '0A000', 'client requires an unsupported SCRAM extension'],
    ['a bad flag', 'x,,n=,r=abc', '08P01', 'malformed SCRAM message'],
    ['no nonce', 'n,,n=', '08P01', 'malformed SCRAM message'],
    ['a nonce with a control character', 'n,,n=,r=a\x01b', '08P01', 'malformed SCRAM message'],
  ];
  it.each(refusals)('client-first with %s is refused', (_n, msg, code, message) => {
    const x = new ScramServerExchange(verifier);
    let err: unknown;
    try {
      x.clientFirst(b(msg));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlError);
    expect(err).toMatchObject({ code, message, severity: 'FATAL' });
  });

  it.each([
    ['a nonce that does not match', (f: string) => f.replace(/r=abc/, 'r=abd'), 'invalid SCRAM response'],
    ['channel binding of the other flag', (f: string) => f.replace('c=biws', 'c=eSws'), 'unexpected SCRAM channel-binding attribute in client-final-message'],
    ['garbage after the proof', (f: string) => f + ',x=1', 'malformed SCRAM message'],
    ['a short proof', (f: string) => f.replace(/p=.*$/, 'p=AAAA'), 'malformed SCRAM message'],
    ['no proof', (f: string) => f.replace(/,p=.*$/, ''), 'malformed SCRAM message'],
  ])('client-final with %s is refused', (_n, mangle, message) => {
    const { x, serverFirst } = start('n,,n=,r=abc');
    const final = mangle(clientFinalFor('right', 'n=,r=abc', serverFirst));
    expect(() => x.clientFinal(b(final))).toThrow(message);
  });

  it('messages out of order are refused', () => {
    const x = new ScramServerExchange(verifier);
    expect(() => x.clientFinal(b('c=biws,r=abc,p=AAAA'))).toThrow(SqlError);
  });
});
