/**
 * The server's live queries and LISTEN channels (DESIGN.md §6): every committed change of a
 * watched table goes, in commit order, to the live queries on it; every committed NOTIFY to the
 * sessions listening on its channel. Tables nobody watches cost a commit one map lookup per
 * written key; with no live query at all, nothing.
 */
import type { SchemaStore } from '../catalog/schema-store.js';
import { SqlError } from '../errors/sql-error.js';
import { tableAccess } from '../executor/table-access.js';
import { parseRowKey } from '../storage/key-layout.js';
import { isRowKey, tableIdOf } from '../storage/row-cache.js';
import { keyFromId, type KeyId, type RowStore, type WriteSet } from '../storage/row-store.js';
import type { NoticeMessage } from '../wire/engine-port.js';
import { CommitOrder } from './commit-order.js';
import { LiveChange } from './live-change.js';
import type { EndReason, LiveQuery } from './live-query.js';
import { type Notification, NotifyHub } from './notify-hub.js';

/** A transaction's writes to watched tables, with the rows they replaced. */
export interface CapturedWrites {
  readonly ids: readonly KeyId[];
  readonly old: readonly (Buffer | undefined)[];
  readonly now: readonly (Buffer | null)[];
}

export class LiveHub {
  readonly order: CommitOrder;
  readonly notify = new NotifyHub();
  private readonly byTable = new Map<number, Set<LiveQuery>>();
  private readonly byId = new Map<string, LiveQuery>();
  private serial = 0;

  constructor(
    private readonly schema: SchemaStore,
    onError: (e: unknown) => void,
    /** Bytes of notifications a connection may have queued (the wire's bound), for the overflow notice. */
    private readonly queueBound = 8 * 1024 * 1024,
  ) {
    this.order = new CommitOrder(onError);
  }

  get size(): number {
    return this.byId.size;
  }

  /** A fresh live query id, usable unquoted as a channel name (UNLISTEN lq_…). */
  newId(): string {
    return `lq_${Date.now().toString(36)}${(++this.serial).toString(36).padStart(4, '0')}`;
  }

  watches(tableId: number): boolean {
    return (this.byTable.get(tableId)?.size ?? 0) > 0;
  }

  add(lq: LiveQuery): void {
    this.byId.set(lq.id, lq);
    let set = this.byTable.get(lq.table.id);
    if (!set) this.byTable.set(lq.table.id, (set = new Set()));
    set.add(lq);
  }

  get(id: string): LiveQuery | undefined {
    return this.byId.get(id);
  }

  list(): LiveQuery[] {
    return [...this.byId.values()];
  }

  /** Ends a live query, telling its session why (except when the session itself ended it). */
  end(lq: LiveQuery, reason: EndReason, detail?: string): void {
    if (!this.byId.delete(lq.id)) return;
    const set = this.byTable.get(lq.table.id);
    set?.delete(lq);
    if (set?.size === 0) this.byTable.delete(lq.table.id);
    lq.owner.forget(lq.id);
    const notice = endNotice(lq, reason, detail, this.queueBound);
    if (reason === 'overflow') lq.owner.outlet.discard((ch) => ch === lq.id);
    if (notice) lq.owner.outlet.notice(notice);
  }

  /** The table is gone: its live queries end. */
  tableDropped(tableId: number): void {
    for (const lq of [...(this.byTable.get(tableId) ?? [])]) this.end(lq, 'dropped');
  }

  /**
   * Before a commit: the keys it writes in watched tables and what they hold now (the rows
   * the commit replaces). Read before the commit becomes visible; a commit of the same keys in
   * between would make this one fail its conflict check, so what is read is what it replaces.
   */
  async capture(rows: RowStore, ws: WriteSet): Promise<CapturedWrites | null> {
    if (this.byId.size === 0) return null;
    const ids: KeyId[] = [];
    const now: (Buffer | null)[] = [];
    for (const [id, value] of ws.writes) {
      if (isRowKey(id) && this.watches(tableIdOf(id))) {
        ids.push(id);
        now.push(value);
      }
    }
    if (ids.length === 0) return null;
    const old = await rows.getMany(ids.map(keyFromId), undefined, ids);
    return { ids, old, now };
  }

  /** A durable commit, in commit order: its row changes to live queries, then its NOTIFYs. */
  deliver(fromPid: number, database: string, stamp: number, writes: CapturedWrites | null, notes: readonly Notification[]): void {
    if (writes) this.deliverWrites(fromPid, stamp, writes);
    if (notes.length > 0) this.notify.publish(fromPid, database, notes);
  }

  private deliverWrites(fromPid: number, stamp: number, w: CapturedWrites): void {
    for (let i = 0; i < w.ids.length; i++) {
      const id = w.ids[i]!;
      const set = this.byTable.get(tableIdOf(id));
      if (!set || set.size === 0) continue;
      const table = this.schema.tableById(tableIdOf(id));
      if (!table) continue;
      const access = tableAccess(table);
      const oldBuf = w.old[i];
      const newBuf = w.now[i];
      if (!oldBuf && !newBuf) continue; // inserted and deleted again in one transaction
      const { partition } = parseRowKey(keyFromId(id), access.partitioned);
      const change = new LiveChange(table, partition, oldBuf ? access.decode(oldBuf) : null, newBuf ? access.decode(newBuf) : null, id, stamp);
      for (const lq of [...set]) this.step(lq, () => lq.offer(change, fromPid));
    }
  }

  /** Runs one live query's step; a full queue or a failing WHERE ends that live query only. */
  step(lq: LiveQuery, step: () => 'ok' | 'overflow' | 'altered'): void {
    try {
      const r = step();
      if (r !== 'ok') this.end(lq, r);
    } catch (e) {
      this.end(lq, 'error', e instanceof Error ? e.message : String(e));
    }
  }
}

function endNotice(lq: LiveQuery, reason: EndReason, detail: string | undefined, bound: number): NoticeMessage | null {
  const name = `${lq.table.namespace}.${lq.table.name}`;
  switch (reason) {
    case 'overflow':
      return {
        severity: 'WARNING', code: '54000',
        message: `live query ${lq.id} on ${name} ended: the client is not reading its notifications`,
        detail: `More than ${bound} bytes of notifications were waiting to be sent.`,
        hint: 'Read notifications as they arrive, or SUBSCRIBE again with a narrower WHERE.',
      };
    case 'dropped':
      return { severity: 'WARNING', code: '01000', message: `live query ${lq.id} ended: table ${name} was dropped` };
    case 'altered':
      return {
        severity: 'WARNING', code: '01000', message: `live query ${lq.id} ended: the columns of table ${name} changed`,
        hint: 'SUBSCRIBE again to watch the table as it is now.',
      };
    case 'killed':
      return { severity: 'NOTICE', code: '00000', message: `live query ${lq.id} on ${name} was ended by KILL LIVE QUERY` };
    case 'error':
      return { severity: 'WARNING', code: '01000', message: `live query ${lq.id} on ${name} ended: ${detail ?? 'its WHERE failed'}` };
    default:
      return null;
  }
}

/** 42704-style error for an unknown live query id. */
export function unknownLiveQuery(id: string): SqlError {
  return new SqlError('42704', `live query "${id}" does not exist`);
}
