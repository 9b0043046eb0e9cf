/**
 * A throwaway certificate authority and a server certificate it signed, made with the openssl
 * command line in a temporary directory: CN and subjectAltName `localhost` and `127.0.0.1`, so
 * clients that check the host name (sslmode=verify-full) accept it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  readonly dir: string;
  /** The CA certificate clients trust (PEM). */
  readonly caFile: string;
  /** The server's certificate (PEM) and key (PEM, unencrypted). */
  readonly certFile: string;
  readonly keyFile: string;
}

function openssl(cwd: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeTestCertificates(dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-tls-'))): TestCertificates {
  mkdirSync(dir, { recursive: true });
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', '/CN=kalamdb-pg test CA');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n');
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-sha256', '-extfile', 'server.ext');
  return { dir, caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key') };
}

/** A self-signed certificate of another key type or signature hash (`-newkey` and digest args). */
export function makeSelfSigned(dir: string, name: string, keyArgs: readonly string[], digest: string | null): string {
  const out = `${name}.pem`;
  openssl(dir, 'req', '-x509', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', out, '-days', '2',
    '-subj', `/CN=${name}`, ...(digest ? [`-${digest}`] : []));
  return join(dir, out);
}
