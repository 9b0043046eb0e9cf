/**
 * The fuzzer's end of one connection: a raw socket that sends whatever it is given and reads the
 * server's answers just far enough to know what happened — ReadyForQuery, the SQLSTATE of each
 * ErrorResponse, a DataRow carrying the probe's marker, the socket closing.
 */
import net from 'node:net';

export interface ServerError {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

export class FuzzSocket {
  private buf: Buffer = Buffer.alloc(0);
  /** The single 'N'/'S' byte answering an SSLRequest comes before any framed message. */
  private expectSslAnswer = 0;
  private waiters: Array<() => void> = [];
  closed = false;
  readyForQuery = 0;
  readonly errors: ServerError[] = [];
  /** The salt of an AuthenticationMD5Password, once asked. */
  md5Salt: Buffer | null = null;
  authOk = false;
  /** What the server sent that is not a backend frame (a server bug). */
  malformed: string | null = null;
  /** DataRows whose first column was the probe's marker. */
  markers = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.scan();
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port: number): Promise<FuzzSocket> {
    return new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve(new FuzzSocket(s));
      });
      s.once('error', reject);
    });
  }

  /** The next `n` SSLRequests we sent get a one-byte answer. */
  expectSslAnswers(n: number): void {
    this.expectSslAnswer += n;
  }

  send(bytes: Buffer): void {
    if (!this.closed && this.socket.writable) this.socket.write(bytes);
  }

  /** Writes `bytes` in pieces cut at random places: the server must not care where reads split. */
  sendChunked(bytes: Buffer, rnd: () => number): void {
    let at = 0;
    while (at < bytes.length) {
      const n = rnd() < 0.5 ? bytes.length - at : 1 + Math.floor(rnd() * Math.min(64, bytes.length - at));
      this.send(bytes.subarray(at, at + n));
      at += n;
    }
  }

  /** Resolves true when `done()` holds, false on timeout; stops early once the socket closed. */
  async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (this.closed || Date.now() >= deadline) return done();
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now())));
      });
    }
    return true;
  }

  terminate(): void {
    this.send(Buffer.from([0x58, 0, 0, 0, 4]));
    this.socket.end();
  }

  halfClose(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Goes away with a TCP reset: the server sees no 'end', only the socket closing. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private scan(): void {
    let at = 0;
    const b = this.buf;
    while (this.expectSslAnswer > 0 && at < b.length) {
      at++;
      this.expectSslAnswer--;
    }
    while (b.length - at >= 5) {
      const type = b[at]!;
      const length = b.readInt32BE(at + 1);
      if (length < 4) {
        this.malformed ??= `server sent a frame of type ${type} and length ${length}`;
        this.buf = Buffer.alloc(0);
        return;
      }
      if (b.length - at < length + 1) break;
      this.onFrame(type, b.subarray(at + 5, at + 1 + length));
      at += length + 1;
    }
    this.buf = at === b.length ? Buffer.alloc(0) : b.subarray(at);
  }

  private onFrame(type: number, body: Buffer): void {
    switch (type) {
      case 0x5a: // ReadyForQuery
        this.readyForQuery++;
        return;
      case 0x45: // ErrorResponse
        this.errors.push(errorFields(body));
        return;
      case 0x52: { // Authentication
        const code = body.readInt32BE(0);
        if (code === 5) this.md5Salt = Buffer.from(body.subarray(4, 8));
        if (code === 0) this.authOk = true;
        return;
      }
      case 0x44: { // DataRow: is its first column the marker?
        if (body.readInt16BE(0) >= 1 && body.readInt32BE(2) === 4 && body.toString('latin1', 6, 10) === '4242') this.markers++;
        return;
      }
    }
  }
}

function errorFields(body: Buffer): ServerError {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < body.length && body[at] !== 0) {
    const key = String.fromCharCode(body[at]!);
    const end = body.indexOf(0, at + 1);
    fields.set(key, body.toString('utf8', at + 1, end));
    at = end + 1;
  }
  return { severity: fields.get('V') ?? fields.get('S') ?? '', code: fields.get('C') ?? '', message: fields.get('M') ?? '' };
}
