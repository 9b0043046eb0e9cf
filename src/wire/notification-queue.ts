/**
 * A connection's asynchronous messages — NotificationResponse (LISTEN, live queries) and the
 * NoticeResponse that says why a live query ended — waiting for a moment PostgreSQL would send
 * them: when the session is idle outside a transaction block, or just before the ReadyForQuery
 * that ends one. A client that stops reading fills its socket first (OUTPUT_BACKLOG_LIMIT), then
 * this queue up to `maxBytes`; past that `notify` refuses, and the engine ends what overflowed
 * (never unbounded memory, never a writer waiting on a slow reader).
 */
import type { BackendSerializer } from './backend-serializer.js';
import type { NoticeMessage, NotificationOutlet } from './engine-port.js';

/** Default bytes queued per connection: what a client that does not read can make us hold here. */
export const DEFAULT_NOTIFICATION_QUEUE_BYTES = 8 * 1024 * 1024;

/** Message framing per NotificationResponse: type, length, pid and two terminators. */
const FRAME_BYTES = 11;

type Item =
  | { readonly kind: 'notification'; readonly pid: number; readonly channel: string; readonly payload: string; readonly bytes: number }
  | { readonly kind: 'notice'; readonly notice: NoticeMessage; readonly bytes: number };

export class NotificationQueue implements NotificationOutlet {
  private items: Item[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    /** Called when something was queued: the connection sends it as soon as it may. */
    private readonly wake: () => void,
    /**
     * Sends at once when the connection may (idle, outside a block, the client keeping up) and
     * says whether it did: a big transaction's notifications then stream to a reading client
     * instead of piling up here against the bound.
     */
    private readonly sendNow: (pid: number, channel: string, payload: string) => boolean = () => false,
  ) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  get length(): number {
    return this.items.length - this.head;
  }

  notify(pid: number, channel: string, payload: string): boolean {
    if (this.length === 0 && this.sendNow(pid, channel, payload)) return true;
    const bytes = FRAME_BYTES + Buffer.byteLength(channel) + Buffer.byteLength(payload);
    // One message always fits, however large: a bound must not make a big payload undeliverable.
    if (this.length > 0 && this.bytes + bytes > this.maxBytes) return false;
    this.push({ kind: 'notification', pid, channel, payload, bytes });
    return true;
  }

  notice(notice: NoticeMessage): void {
    this.push({ kind: 'notice', notice, bytes: 64 + notice.message.length + (notice.detail?.length ?? 0) + (notice.hint?.length ?? 0) });
  }

  discard(drop: (channel: string) => boolean): void {
    const kept = this.items.slice(this.head).filter((i) => i.kind !== 'notification' || !drop(i.channel));
    this.items = kept;
    this.head = 0;
    this.bytes = kept.reduce((n, i) => n + i.bytes, 0);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.bytes = 0;
  }

  /** Serialises queued messages until `full()` says the socket has enough; true when all went. */
  writeTo(serializer: BackendSerializer, full: () => boolean): boolean {
    while (this.head < this.items.length) {
      if (full()) return false;
      const item = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as Item; // let the payload go now
      this.bytes -= item.bytes;
      if (item.kind === 'notification') serializer.notificationResponse(item.pid, item.channel, item.payload);
      else serializer.noticeResponse(item.notice);
      if (serializer.length >= 64 * 1024) return false; // written in pieces: the caller flushes and comes back
    }
    this.items = [];
    this.head = 0;
    return true;
  }

  private push(item: Item): void {
    this.items.push(item);
    this.bytes += item.bytes;
    this.wake();
  }
}
