/**
 * The socket side of a connection's output: messages are serialised into one buffer and written
 * in batches — at ReadyForQuery, Flush, an authentication step, or once the buffer passes a
 * threshold — never one write per message. `drained()` lets a producer wait for the client to
 * catch up instead of piling a huge result into the socket's memory.
 */
import type { Socket } from 'node:net';
import { BackendSerializer } from './backend-serializer.js';

export const DEFAULT_FLUSH_THRESHOLD = 64 * 1024;

const RESOLVED = Promise.resolve();

export class BackendOutput {
  readonly serializer = new BackendSerializer();
  private waitingForDrain: Promise<void> | null = null;

  constructor(
    private socket: Socket,
    private readonly flushThreshold: number = DEFAULT_FLUSH_THRESHOLD,
  ) {}

  /** Writes go to `socket` from now on (the connection switched to TLS). Call with nothing buffered. */
  moveTo(socket: Socket): void {
    this.socket = socket;
  }

  /** The peer can no longer be written to. */
  get closed(): boolean {
    return !this.socket.writable;
  }

  /** Sends everything serialised so far. */
  flush(): void {
    if (this.serializer.length === 0) return;
    const chunk = this.serializer.take();
    if (this.socket.writable) this.socket.write(chunk);
  }

  /** Sends once enough has piled up to be worth a write. */
  flushIfLarge(): void {
    if (this.serializer.length >= this.flushThreshold) this.flush();
  }

  /** True while the socket holds more than its high-water mark. */
  get congested(): boolean {
    return this.socket.writable && this.socket.writableNeedDrain;
  }

  /** Resolves when the socket has room again, or is gone. */
  drained(): Promise<void> {
    if (!this.congested) return RESOLVED;
    if (!this.waitingForDrain) {
      this.waitingForDrain = new Promise<void>((resolve) => {
        const done = () => {
          this.socket.off('drain', done);
          this.socket.off('close', done);
          this.waitingForDrain = null;
          resolve();
        };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    }
    return this.waitingForDrain;
  }

  /** Writes what is left and closes our side; the socket is destroyed once that is sent. */
  end(): void {
    this.flush();
    const socket = this.socket;
    if (socket.writable) socket.end(() => socket.destroy());
    else socket.destroy();
  }
}
