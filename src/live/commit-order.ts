/**
 * Delivers what commits produce (notifications, live-query changes) in commit order. A commit
 * takes a ticket in the synchronous step that makes it visible, and hands its deliveries over
 * once its commit-log write succeeded (or drops the ticket if it failed); deliveries run in
 * ticket order, so a commit acknowledged later is never announced earlier.
 */
export interface CommitTicket {
  /** The commit is durable: run `deliver` once every earlier ticket is done. */
  done(deliver: () => void): void;
  /** The commit did not happen: later tickets need not wait for it. */
  cancel(): void;
}

export class CommitOrder {
  private next = 0;
  private head = 0;
  /** Finished tickets waiting for an earlier one, by number: their delivery, or null if cancelled. */
  private readonly waiting = new Map<number, (() => void) | null>();

  constructor(private readonly onError: (e: unknown) => void) {}

  reserve(): CommitTicket {
    const n = this.next++;
    let settled = false;
    const settle = (deliver: (() => void) | null) => {
      if (settled) return;
      settled = true;
      this.waiting.set(n, deliver);
      this.release();
    };
    return { done: (deliver) => settle(deliver), cancel: () => settle(null) };
  }

  private release(): void {
    while (this.waiting.has(this.head)) {
      const deliver = this.waiting.get(this.head)!;
      this.waiting.delete(this.head);
      this.head++;
      if (!deliver) continue;
      try {
        deliver();
      } catch (e) {
        this.onError(e); // one subscriber's failure must not stop the commits behind it
      }
    }
  }
}
