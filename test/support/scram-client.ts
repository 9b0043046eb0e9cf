import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';

/**
 * A SCRAM client, written from the RFC, to drive the server with random nonces. `cbindInput` is
 * the gs2 header, followed by the channel binding data under SCRAM-SHA-256-PLUS.
 */
export function clientFinalFor(password: string, clientFirstBare: string, serverFirst: string, cbindInput: string | Buffer = 'n,,'): string {
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const saltedPassword = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
  const clientKey = createHmac('sha256', saltedPassword).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=${Buffer.from(cbindInput).toString('base64')},r=${attrs.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac('sha256', storedKey).update(authMessage).digest();
  const proof = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) proof[i] = clientKey[i]! ^ signature[i]!;
  return `${withoutProof},p=${proof.toString('base64')}`;
}
