/**
 * One session's side of LISTEN/NOTIFY and live queries, with PostgreSQL's transaction rules:
 * LISTEN, UNLISTEN and NOTIFY take effect when the transaction commits and vanish if it rolls
 * back (also to a savepoint); a transaction's NOTIFYs with the same channel and payload fold
 * into one; its notifications go out in commit order, after its row changes. A live query is a
 * channel of its own (its id): pg_listening_channels() lists it and UNLISTEN ends it.
 */
import type { EvalContext } from '../binder/expr/bound-expr.js';
import type { RowStore, WriteSet } from '../storage/row-store.js';
import type { TypeContext } from '../types/type-context.js';
import type { NotificationOutlet } from '../wire/engine-port.js';
import type { CommitTicket } from './commit-order.js';
import type { CapturedWrites, LiveHub } from './live-hub.js';
import type { LiveQueryOwner } from './live-query.js';
import type { Listener, Notification } from './notify-hub.js';

type Action = { readonly kind: 'listen' | 'unlisten'; readonly channel: string } | { readonly kind: 'unlistenAll' };

/** What the session gives: how its values print and how its WHERE clauses evaluate. */
export interface SessionEvaluation {
  typeContext(): TypeContext;
  evalContext(): EvalContext;
}

/** Before the wire attaches (or with no wire): notifications have nowhere to go. */
const NOWHERE: NotificationOutlet = { notify: () => true, notice: () => undefined, discard: () => undefined, queuedBytes: 0 };

export class SessionNotifications implements Listener, LiveQueryOwner {
  pid = 0;
  outlet: NotificationOutlet = NOWHERE;
  private attached = false;
  private readonly channels = new Set<string>();
  private readonly live = new Set<string>();
  private actions: Action[] = [];
  private notes: Notification[] = [];
  private readonly noteKeys = new Set<string>();
  private cachedEval: { readonly typeCtx: TypeContext; readonly ctx: EvalContext } | null = null;

  constructor(
    private readonly hub: LiveHub,
    private readonly evaluation: SessionEvaluation,
    /** current_database(): LISTEN/NOTIFY channels are per database, as in PostgreSQL. */
    readonly database: string,
  ) {}

  /** The wire gave the session its process id and its outlet. */
  attach(pid: number, outlet: NotificationOutlet | undefined): void {
    this.pid = pid;
    if (outlet) {
      this.outlet = outlet;
      this.attached = true;
    }
  }

  /** Whether notifications reach a client (SUBSCRIBE needs one). */
  get connected(): boolean {
    return this.attached;
  }

  // ── LiveQueryOwner ────────────────────────────────────────────────────────
  typeContext(): TypeContext {
    return this.evaluation.typeContext();
  }

  /** One evaluation context per settings state: a WHERE evaluated per change must not build one each time. */
  evalContext(): EvalContext {
    const typeCtx = this.evaluation.typeContext();
    if (this.cachedEval?.typeCtx !== typeCtx) this.cachedEval = { typeCtx, ctx: this.evaluation.evalContext() };
    return this.cachedEval.ctx;
  }

  forget(id: string): void {
    this.live.delete(id);
  }

  /** A live query of this session started (SUBSCRIBE takes effect at once, never inside a block). */
  subscribed(id: string): void {
    this.live.add(id);
  }

  // ── statements ────────────────────────────────────────────────────────────
  listen(channel: string): void {
    this.actions.push({ kind: 'listen', channel });
  }

  unlisten(channel: string | null): void {
    this.actions.push(channel === null ? { kind: 'unlistenAll' } : { kind: 'unlisten', channel });
  }

  notify(channel: string, payload: string): void {
    const key = `${channel}\u0000${payload}`;
    if (this.noteKeys.has(key)) return;
    this.noteKeys.add(key);
    this.notes.push({ channel, payload });
  }

  /** LISTEN, UNLISTEN or NOTIFY wait for the transaction's end. */
  get pending(): boolean {
    return this.actions.length > 0 || this.notes.length > 0;
  }

  /** pg_listening_channels(): what this session listens on now (committed LISTENs, then live queries). */
  listening(): string[] {
    return [...this.channels, ...this.live];
  }

  /** SAVEPOINT: how much is pending, to go back to. */
  mark(): { readonly actions: number; readonly notes: number } {
    return { actions: this.actions.length, notes: this.notes.length };
  }

  rollbackTo(mark: { readonly actions: number; readonly notes: number }): void {
    this.actions.length = mark.actions;
    for (const n of this.notes.splice(mark.notes)) this.noteKeys.delete(`${n.channel}\u0000${n.payload}`);
  }

  rollback(): void {
    this.actions = [];
    this.notes = [];
    this.noteKeys.clear();
  }

  /**
   * Commits the transaction through `commitRows` and then, in commit order, announces it: its
   * changes of watched tables to live queries, its NOTIFYs to listeners. LISTEN/UNLISTEN apply
   * once it committed, so a session that LISTENs and NOTIFYs in one transaction hears itself.
   */
  async commit(rows: RowStore, tx: WriteSet | null, commitRows: () => Promise<void>): Promise<void> {
    if (!this.pending && this.hub.size === 0) return commitRows(); // the common case costs nothing
    const notes = this.notes;
    const actions = this.actions;
    this.rollback();
    const writes: CapturedWrites | null = tx ? await this.hub.capture(rows, tx) : null;
    if (!tx) {
      this.apply(actions);
      if (notes.length > 0) this.hub.order.reserve().done(() => this.hub.deliver(this.pid, this.database, rows.commitCount, null, notes));
      return;
    }
    // Set where the commit becomes visible (RowStore.commit): its turn in the commit order.
    const turn: { ticket: CommitTicket | null; stamp: number } = { ticket: null, stamp: 0 };
    if (writes || notes.length > 0) {
      tx.onPublish = (stamp) => {
        turn.stamp = stamp;
        turn.ticket = this.hub.order.reserve();
      };
    }
    try {
      await commitRows();
    } catch (e) {
      turn.ticket?.cancel();
      throw e;
    }
    this.apply(actions);
    // A write set that ended up empty (UPDATE of no rows, a SAVEPOINT) never became visible: its
    // notifications take their turn now, as a transaction without writes does.
    const ticket = turn.ticket ?? (notes.length > 0 ? this.hub.order.reserve() : null);
    const { pid, database } = this;
    ticket?.done(() => this.hub.deliver(pid, database, turn.stamp || rows.commitCount, writes, notes));
  }

  private apply(actions: readonly Action[]): void {
    for (const a of actions) {
      if (a.kind === 'listen') {
        if (!this.channels.has(a.channel)) this.hub.notify.listen(a.channel, this);
        this.channels.add(a.channel);
      } else if (a.kind === 'unlisten') {
        this.stopListening(a.channel);
      } else {
        for (const ch of [...this.channels, ...this.live]) this.stopListening(ch);
      }
    }
  }

  private stopListening(channel: string): void {
    if (this.live.has(channel)) {
      const lq = this.hub.get(channel);
      if (lq) this.hub.end(lq, 'unlistened');
      this.live.delete(channel);
      this.outlet.discard((ch) => ch === channel);
      return;
    }
    if (this.channels.delete(channel)) {
      this.hub.notify.unlisten(channel, this);
      // Like PostgreSQL, which checks the channel as it reads each notification: none is
      // delivered for a channel no longer listened on, even one committed before the UNLISTEN.
      this.outlet.discard((ch) => ch === channel);
    }
  }

  /** The client is not reading: this channel stops, and the client is told why. */
  overflowed(channel: string): void {
    this.stopListening(channel);
    this.outlet.discard((ch) => ch === channel);
    this.outlet.notice({
      severity: 'WARNING', code: '54000',
      message: `stopped listening on channel "${channel}": the client is not reading its notifications`,
      hint: `LISTEN ${channel} again once notifications are read as they arrive.`,
    });
  }

  /** The session ended: every channel and live query of it goes. */
  close(): void {
    this.rollback();
    for (const ch of [...this.channels, ...this.live]) {
      const lq = this.live.has(ch) ? this.hub.get(ch) : undefined;
      if (lq) this.hub.end(lq, 'closed');
      else this.stopListening(ch);
    }
    this.live.clear();
  }
}
