/**
 * Which connection a CancelRequest means. Each connection gets a process id and a random secret
 * (sent in BackendKeyData); a CancelRequest arrives on a fresh socket with both, and only a match
 * cancels anything. The requester never learns whether it did (PostgreSQL sends no reply either).
 */
import { randomInt, timingSafeEqual } from 'node:crypto';

/** The one thing a cancel needs from a session. */
export interface Cancellable {
  cancel(): void;
}

interface Entry {
  readonly secret: number;
  readonly session: Cancellable;
}

export class CancelRegistry {
  private readonly entries = new Map<number, Entry>();
  private lastPid: number;

  constructor() {
    // Start somewhere unremarkable so pids don't look like a fresh-process counter.
    this.lastPid = randomInt(1000, 100_000);
  }

  /** A process id not in use, for BackendKeyData. Positive int32, like a real pid. */
  allocatePid(): number {
    do {
      this.lastPid = this.lastPid >= 0x7ffffffe ? 1000 : this.lastPid + 1;
    } while (this.entries.has(this.lastPid));
    return this.lastPid;
  }

  register(pid: number, secret: number, session: Cancellable): void {
    this.entries.set(pid, { secret, session });
  }

  unregister(pid: number): void {
    this.entries.delete(pid);
  }

  /** Cancels the session's running statement when pid and secret match; true if one matched. */
  cancel(pid: number, secret: number): boolean {
    const entry = this.entries.get(pid);
    if (!entry || !sameSecret(entry.secret, secret)) return false;
    try {
      entry.session.cancel();
    } catch {
      // A failing cancel must not reach the socket that asked for it.
    }
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}

function sameSecret(a: number, b: number): boolean {
  const x = Buffer.alloc(4);
  const y = Buffer.alloc(4);
  x.writeInt32BE(a | 0);
  y.writeInt32BE(b | 0);
  return timingSafeEqual(x, y);
}

/** A random int32 secret for BackendKeyData. */
export function randomSecret(): number {
  return randomInt(-0x80000000, 0x7fffffff);
}
