/**
 * --tls-cert / --tls-key / --tls-required made into what the wire needs, checked at start so a
 * wrong file stops the server with a clear message instead of failing every handshake later.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { tlsServerEndPointHash } from '../auth/channel-binding.js';
import type { WireTls } from '../wire/wire-tls.js';
import type { ServerConfig } from './config.js';

export class TlsSetupError extends Error {}

/** undefined: no TLS (SSLRequest is answered `N`). */
export function loadTls(config: Pick<ServerConfig, 'tlsCert' | 'tlsKey' | 'tlsRequired'>): WireTls | undefined {
  const { tlsCert, tlsKey, tlsRequired } = config;
  if (!tlsCert && !tlsKey) {
    if (tlsRequired) throw new TlsSetupError('--tls-required needs --tls-cert and --tls-key (KALAM_TLS_CERT, KALAM_TLS_KEY)');
    return undefined;
  }
  if (!tlsCert || !tlsKey) throw new TlsSetupError('TLS needs both --tls-cert and --tls-key');
  const certPem = readPem(tlsCert, 'certificate');
  const keyPem = readPem(tlsKey, 'key');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(certPem); // the first certificate of the file: the server's own
  } catch (e) {
    throw new TlsSetupError(`${tlsCert} holds no PEM certificate: ${message(e)}`);
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(keyPem))) {
      throw new TlsSetupError(`the key in ${tlsKey} does not belong to the certificate in ${tlsCert}`);
    }
  } catch (e) {
    if (e instanceof TlsSetupError) throw e;
    throw new TlsSetupError(`${tlsKey} holds no usable private key (an encrypted key is not supported): ${message(e)}`);
  }
  const secureContext = createSecureContext({ cert: certPem, key: keyPem, minVersion: 'TLSv1.2' });
  let channelBinding: Buffer | null;
  try {
    channelBinding = tlsServerEndPointHash(leaf.raw);
  } catch {
    channelBinding = null; // a certificate we cannot walk: plain SCRAM-SHA-256 still works
  }
  return { secureContext, channelBinding, required: tlsRequired === true };
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new TlsSetupError(`could not read TLS ${what} file ${file}: ${message(e)}`);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
