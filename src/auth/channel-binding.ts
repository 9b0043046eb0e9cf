/**
 * The `tls-server-end-point` channel binding of SCRAM-SHA-256-PLUS (RFC 5929 section 4.1): the
 * hash of the server's certificate, with the hash function its signature uses — SHA-256 when
 * that is MD5 or SHA-1. A client that sees a different certificate (a man in the middle holding
 * its own) computes a different hash, and its proof no longer matches.
 *
 * The signature algorithm is read from the certificate's DER (Node's X509Certificate does not
 * name it):
 *
 *   Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm SEQUENCE { OID, … }, … }
 *
 * Algorithms whose hash is not fixed by the OID (RSASSA-PSS, Ed25519, Ed448) give null: the
 * server then does not offer channel binding, where PostgreSQL would fail the login instead.
 */
import { createHash } from 'node:crypto';

export const TLS_SERVER_END_POINT = 'tls-server-end-point';

/** Signature algorithm OID → the hash RFC 5929 binds with. */
const BINDING_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'sha256', // md5WithRSAEncryption
  '1.2.840.113549.1.1.5': 'sha256', // sha1WithRSAEncryption
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha256', // ecdsa-with-SHA1
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10040.4.3': 'sha256', // dsa-with-sha1
  '2.16.840.1.101.3.4.3.1': 'sha224', // dsa-with-sha224
  '2.16.840.1.101.3.4.3.2': 'sha256', // dsa-with-sha256
};

/** The binding data for a certificate (DER), or null when its signature algorithm fixes no hash. */
export function tlsServerEndPointHash(certificateDer: Uint8Array): Buffer | null {
  const hash = BINDING_HASH[signatureAlgorithmOid(certificateDer)];
  return hash ? createHash(hash).update(certificateDer).digest() : null;
}

/** The dotted OID of a certificate's outer signatureAlgorithm. Throws on DER it cannot walk. */
export function signatureAlgorithmOid(der: Uint8Array): string {
  const certificate = readElement(der, 0, 0x30);
  const tbs = readElement(der, certificate.contentStart, 0x30);
  const algorithm = readElement(der, tbs.end, 0x30);
  const oid = readElement(der, algorithm.contentStart, 0x06);
  return decodeOid(der.subarray(oid.contentStart, oid.end));
}

interface Element {
  readonly contentStart: number;
  readonly end: number;
}

function readElement(der: Uint8Array, at: number, tag: number): Element {
  if (der[at] !== tag) throw new Error(`certificate DER: expected tag 0x${tag.toString(16)} at byte ${at}`);
  let length = der[at + 1];
  let contentStart = at + 2;
  if (length === undefined) throw new Error('certificate DER: truncated');
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) throw new Error('certificate DER: unsupported length');
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + (der[contentStart + i] ?? 0);
    contentStart += octets;
  }
  const end = contentStart + length;
  if (end > der.length) throw new Error('certificate DER: truncated');
  return { contentStart, end };
}

function decodeOid(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new Error('certificate DER: empty OID');
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (b & 0x80) continue;
    if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else parts.push(value);
    value = 0;
  }
  return parts.join('.');
}
