/**
 * SCRAM-SHA-256-PLUS with tls-server-end-point (RFC 5929): the certificate hash for each kind of
 * signature, checked against node-postgres' own reading of the certificate, and the exchange
 * accepting exactly the binding of this server's certificate.
 */
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureAlgorithmOid, tlsServerEndPointHash } from '../../src/auth/channel-binding.js';
import { ScramServerExchange, SCRAM_SHA_256, SCRAM_SHA_256_PLUS } from '../../src/auth/scram.js';
import { makeScramVerifier } from '../../src/auth/scram-verifier.js';
import { SqlError } from '../../src/errors/sql-error.js';
import { clientFinalFor } from '../support/scram-client.js';
import { makeSelfSigned, makeTestCertificates } from '../support/tls-certs.js';
// node-postgres' independent parser of the signature algorithm (what its client binds with).
// @ts-expect-error no type declarations for this internal module
import { signatureAlgorithmHashFromCertificate } from 'pg/lib/crypto/cert-signatures.js';

const certs = makeTestCertificates();
afterAll(() => rmSync(certs.dir, { recursive: true, force: true }));
const der = (file: string) => new X509Certificate(readFileSync(file)).raw;

describe('tls-server-end-point hash', () => {
  const rsa = ['-newkey', 'rsa:2048'];
  const cases: Array<[string, () => string, string | null]> = [
    ['RSA, SHA-256 (the CA-signed server certificate)', () => certs.certFile, 'sha256'],
    ['RSA, SHA-1: SHA-256 instead', () => makeSelfSigned(certs.dir, 'rsa-sha1', rsa, 'sha1'), 'sha256'],
    ['RSA, SHA-384', () => makeSelfSigned(certs.dir, 'rsa-sha384', rsa, 'sha384'), 'sha384'],
    ['RSA, SHA-512', () => makeSelfSigned(certs.dir, 'rsa-sha512', rsa, 'sha512'), 'sha512'],
    ['ECDSA P-384, SHA-384', () => makeSelfSigned(certs.dir, 'ec-sha384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'sha384'), 'sha384'],
    ['ECDSA P-256, SHA-256', () => makeSelfSigned(certs.dir, 'ec-sha256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'sha256'), 'sha256'],
    ['Ed25519: no hash, so no binding', () => makeSelfSigned(certs.dir, 'ed25519', ['-newkey', 'ed25519'], null), null],
  ];

  it.each(cases)('%s', (_name, make, hash) => {
    const cert = der(make());
    const got = tlsServerEndPointHash(cert);
    if (hash === null) {
      expect(got).toBeNull();
      return;
    }
    expect(got).toEqual(createHash(hash).update(cert).digest());
    // node-postgres names the signature's hash; RFC 5929 moves MD5 and SHA-1 to SHA-256.
    const theirs = String(signatureAlgorithmHashFromCertificate(cert)).replace('-', '').toLowerCase();
    expect(theirs === 'sha1' || theirs === 'md5' ? 'sha256' : theirs).toBe(hash);
  });

  it('reads the signature algorithm OID of the outer certificate', () => {
    expect(signatureAlgorithmOid(der(certs.certFile))).toBe('1.2.840.113549.1.1.11');
    expect(() => signatureAlgorithmOid(Buffer.from([0x30, 0x03, 0x02, 0x01]))).toThrow(/certificate DER/);
  });
});

describe('the exchange under SCRAM-SHA-256-PLUS', () => {
  const verifier = makeScramVerifier('right', 4096);
  const binding = tlsServerEndPointHash(der(certs.certFile))!;
  const header = 'p=tls-server-end-point,,';

  /** `offered`: the binding data when -PLUS was offered, null when it was not. */
  function start(clientFirst: string, mechanism: string, offered: Buffer | null = binding) {
    const x = new ScramServerExchange(verifier, { channelBinding: offered ?? undefined });
    return { x, serverFirst: x.clientFirst(Buffer.from(clientFirst, 'latin1'), mechanism) };
  }
  function refusal(f: () => unknown): { code?: string; message?: string; detail?: string } {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(SqlError);
      return e as SqlError;
    }
    throw new Error('not refused');
  }

  it('the binding of this certificate passes', () => {
    const nonce = randomBytes(18).toString('base64');
    const { x, serverFirst } = start(`${header}n=*,r=${nonce}`, SCRAM_SHA_256_PLUS);
    const final = clientFinalFor('right', `n=*,r=${nonce}`, serverFirst, Buffer.concat([Buffer.from(header), binding]));
    expect(x.clientFinal(Buffer.from(final, 'latin1'))).toMatch(/^v=/);
  });

  it('the binding of another certificate fails with 28000, whatever the password', () => {
    const other = createHash('sha256').update(der(certs.caFile)).digest();
    const { x, serverFirst } = start(`${header}n=*,r=abc`, SCRAM_SHA_256_PLUS);
    const final = clientFinalFor('right', 'n=*,r=abc', serverFirst, Buffer.concat([Buffer.from(header), other]));
    expect(refusal(() => x.clientFinal(Buffer.from(final, 'latin1')))).toMatchObject({ code: '28000', message: 'SCRAM channel binding check failed' });
  });

  it('a binding without its data (the header alone) fails', () => {
    const { x, serverFirst } = start(`${header}n=*,r=abc`, SCRAM_SHA_256_PLUS);
    const final = clientFinalFor('right', 'n=*,r=abc', serverFirst, header);
    expect(refusal(() => x.clientFinal(Buffer.from(final, 'latin1')))).toMatchObject({ code: '28000' });
  });

  it.each([
    ['-PLUS chosen but the client says n', 'n,,n=*,r=abc', SCRAM_SHA_256_PLUS, binding, '08P01', 'The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.'],
    ['-PLUS offered but the client says y (a downgrade)', 'y,,n=*,r=abc', SCRAM_SHA_256, binding, '28000', 'The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.'],
    ['p= under plain SCRAM-SHA-256', `${header}n=*,r=abc`, SCRAM_SHA_256, binding, '08P01', 'The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.'],
    ['p= over plaintext (nothing offered)', `${header}n=*,r=abc`, SCRAM_SHA_256, null, '08P01', 'The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.'],
  ])('%s is refused', (_name, first, mechanism, offered, code, detail) => {
    expect(refusal(() => start(first, mechanism, offered))).toMatchObject({ code, detail });
  });

  it('another binding type is refused by name', () => {
    expect(refusal(() => start('p=tls-unique,,n=*,r=abc', SCRAM_SHA_256_PLUS))).toMatchObject({
      code: '08P01',
      message: 'unsupported SCRAM channel-binding type "tls-unique"',
    });
  });

  it('y is accepted when -PLUS was not offered (plaintext, or a certificate without a binding hash)', () => {
    const { x, serverFirst } = start('y,,n=*,r=abc', SCRAM_SHA_256, null);
    expect(x.clientFinal(Buffer.from(clientFinalFor('right', 'n=*,r=abc', serverFirst, 'y,,'), 'latin1'))).toMatch(/^v=/);
  });

  it('plain SCRAM-SHA-256 with n still works over TLS', () => {
    const { x, serverFirst } = start('n,,n=*,r=abc', SCRAM_SHA_256);
    expect(x.clientFinal(Buffer.from(clientFinalFor('right', 'n=*,r=abc', serverFirst), 'latin1'))).toMatch(/^v=/);
  });
});
