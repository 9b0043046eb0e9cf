/**
 * A raw socket speaking the client side through pg-protocol's own serializer and parser, to see
 * the exact backend messages (and send the wrong ones on purpose).
 */
import { once } from 'node:events';
import net from 'node:net';
import tls from 'node:tls';
import { serialize } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage } from 'pg-protocol/dist/messages.js';

export { serialize };

export class RawClient {
  readonly messages: BackendMessage[] = [];
  raw = Buffer.alloc(0);
  private parser = new Parser();
  private waiters: Array<() => void> = [];
  readonly closed: Promise<void>;
  private parseRaw = true;
  readyForQuerySeen = 0;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      // Raw bytes are kept for the first 64 KiB only: enough for any assertion on them.
      if (this.raw.length < 65536) this.raw = Buffer.concat([this.raw, d]);
      if (this.parseRaw) {
        try {
          this.parser.parse(d, (m) => {
            this.messages.push(m);
            if (m.name === 'readyForQuery') this.readyForQuerySeen++;
          });
        } catch {
          /* the test reads `raw` instead */
        }
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => (this.wake(), resolve())));
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** SSLRequest, its `S`, then a TLS session on the same socket that trusts `ca` (for host localhost). */
  static async connectTls(port: number, ca: Buffer): Promise<RawClient> {
    const plain = net.connect(port, '127.0.0.1');
    await once(plain, 'connect');
    plain.write(serialize.requestSsl());
    const [answer] = (await once(plain, 'data')) as [Buffer];
    if (answer.toString('latin1') !== 'S') throw new Error(`SSLRequest answered ${answer.toString('latin1')}`);
    const secure = tls.connect({ socket: plain, ca, servername: 'localhost' });
    await once(secure, 'secureConnect');
    return new RawClient(secure);
  }

  /** For answers outside the message framing (the 'N' to SSLRequest). */
  rawOnly(): this {
    this.parseRaw = false;
    return this;
  }
  parseFromNowOn(): void {
    this.parser = new Parser();
    this.parseRaw = true;
  }

  send(...bufs: Buffer[]): void {
    for (const b of bufs) this.socket.write(b);
  }

  names(): string[] {
    return this.messages.map((m) => m.name);
  }

  /** For failure messages: the first names only. */
  private summary(): string {
    const n = this.names();
    return n.length > 30 ? `${n.slice(0, 30).join(',')}… (${n.length} messages)` : n.join(',');
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      if (this.socket.destroyed && !pred()) throw new Error(`socket closed; got ${this.summary()}`);
      if (Date.now() > deadline) throw new Error(`timeout; got ${this.summary()}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  /** Waits for the n-th ReadyForQuery overall. */
  async readyCount(n: number): Promise<void> {
    await this.until(() => this.readyForQuerySeen >= n);
  }

  /** Startup as a trust user and wait for ReadyForQuery. */
  static async login(port: number, user = 'trust_user'): Promise<RawClient> {
    const c = await RawClient.connect(port);
    c.send(serialize.startup({ user, database: 'db' }));
    await c.readyCount(1);
    return c;
  }

  /** Messages after the n-th ReadyForQuery. */
  after(n: number): BackendMessage[] {
    let seen = 0;
    const out: BackendMessage[] = [];
    for (const m of this.messages) {
      if (seen >= n) out.push(m);
      if (m.name === 'readyForQuery') seen++;
    }
    return out;
  }

  end(): void {
    this.socket.destroy();
  }
}

/** A regular frame by hand: type letter, int32 length, body. */
export function frame(type: string, body: Buffer | number[] = []): Buffer {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(b.length + 4, 1);
  return Buffer.concat([head, b]);
}

/** A startup-phase packet by hand: int32 length, int32 code, body. */
export function startupPacket(code: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32BE(body.length + 8, 0);
  head.writeInt32BE(code, 4);
  return Buffer.concat([head, body]);
}

export function startupParams(params: Record<string, string>): Buffer {
  return Buffer.concat([...Object.entries(params).map(([k, v]) => Buffer.from(`${k}\0${v}\0`)), Buffer.from([0])]);
}
