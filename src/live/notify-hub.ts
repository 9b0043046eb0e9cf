/**
 * LISTEN/NOTIFY across sessions: which sessions listen on which channel, and the fan-out of a
 * committed transaction's notifications to them (PostgreSQL's async.c, minus its shared queue:
 * every session is in this process, so a notification goes straight to each listener's outlet).
 */
import type { NotificationOutlet } from '../wire/engine-port.js';

/** A session as a listener: where its notifications go, and what to do when it cannot take more. */
export interface Listener {
  readonly pid: number;
  /** The database it connected to: as in PostgreSQL, a NOTIFY reaches listeners of its own database only. */
  readonly database: string;
  readonly outlet: NotificationOutlet;
  /** The outlet refused a notification on `channel` (the client is not reading). */
  overflowed(channel: string): void;
}

export interface Notification {
  readonly channel: string;
  readonly payload: string;
}

export class NotifyHub {
  private readonly channels = new Map<string, Set<Listener>>();

  listen(channel: string, listener: Listener): void {
    const key = channelKey(listener.database, channel);
    let set = this.channels.get(key);
    if (!set) this.channels.set(key, (set = new Set()));
    set.add(listener);
  }

  unlisten(channel: string, listener: Listener): void {
    const key = channelKey(listener.database, channel);
    const set = this.channels.get(key);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.channels.delete(key);
  }

  /** Sends one committed transaction's notifications, in the order it made them. */
  publish(fromPid: number, database: string, notifications: readonly Notification[]): void {
    for (const n of notifications) {
      const set = this.channels.get(channelKey(database, n.channel));
      if (!set) continue;
      for (const l of [...set]) if (!l.outlet.notify(fromPid, n.channel, n.payload)) l.overflowed(n.channel);
    }
  }
}

function channelKey(database: string, channel: string): string {
  return `${database}\u0000${channel}`;
}
