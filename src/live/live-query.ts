/**
 * One live query: `SUBSCRIBE TO ns.t [WHERE …]` of one session. Each committed change of its
 * table (its own partition, for USER tables) is matched against the WHERE on the old and the
 * new row, and arrives as a NotificationResponse on channel = its id:
 *
 *   old ✓ new ✓ → {"op":"update","row":{…},"old":{…}}
 *   old ✗ new ✓ → {"op":"insert","row":{…}}          (inserted, or moved into the filter)
 *   old ✓ new ✗ → {"op":"delete","row":{…old}}       (deleted, or moved out of the filter)
 *
 * While its initial rows are read it is `starting`: changes are held, and once the read is done
 * those the read already reflects are dropped (start()), so each change reaches it exactly once.
 */
import type { TableDefinition, UserDefinition } from '../catalog/table-definition.js';
import type { BoundExpr, EvalContext } from '../binder/expr/bound-expr.js';
import type { NotificationOutlet } from '../wire/engine-port.js';
import type { TypeContext } from '../types/type-context.js';
import type { Value } from '../types/kalam-type.js';
import type { LiveChange } from './live-change.js';
import type { LiveQueryView } from '../system/system-live-queries.js';

/** The session a live query belongs to. */
export interface LiveQueryOwner {
  readonly pid: number;
  readonly outlet: NotificationOutlet;
  typeContext(): TypeContext;
  evalContext(): EvalContext;
  /** The live query ended (any reason): the session stops counting it among its channels. */
  forget(id: string): void;
}

export type EndReason = 'killed' | 'unlistened' | 'overflow' | 'dropped' | 'altered' | 'error' | 'closed';

interface Held {
  readonly change: LiveChange;
  readonly fromPid: number;
  readonly was: boolean;
  readonly is: boolean;
}

export class LiveQuery {
  changes = 0;
  lastChange: number | null = null;
  readonly created = Date.now();
  private held: Held[] | null = [];

  constructor(
    readonly id: string,
    readonly table: TableDefinition,
    /** The subscriber's partition of a USER/STREAM table; null: every row of a SHARED table. */
    readonly partition: string | null,
    readonly user: UserDefinition,
    readonly query: string,
    readonly options: string,
    private readonly predicate: BoundExpr | null,
    readonly owner: LiveQueryOwner,
    /** Commits up to this one were visible before the initial read began: never announced. */
    private readonly since: number,
  ) {}

  /**
   * A committed change of the table. Anything but 'ok' means the live query cannot go on (its
   * client's queue is full, or the table's columns changed); a WHERE that throws on the row
   * does too. The caller (LiveHub.step) ends it.
   */
  offer(change: LiveChange, fromPid: number): 'ok' | 'overflow' | 'altered' {
    if (change.stamp <= this.since) return 'ok';
    // Its WHERE reads columns by position: once they moved, only a new SUBSCRIBE reads them right.
    if (change.table !== this.table && !sameColumns(change.table, this.table)) return 'altered';
    if (this.partition !== null && change.partition !== this.partition) return 'ok';
    const ctx = this.owner.evalContext();
    const was = change.old !== null && this.matches(change.old, ctx);
    const is = change.row !== null && this.matches(change.row, ctx);
    if (!was && !is) return 'ok';
    if (this.held) {
      this.held.push({ change, fromPid, was, is });
      return 'ok';
    }
    return this.send(change, fromPid, was, is);
  }

  /**
   * The initial read is done: `seen` maps each row key it returned to that row's `_seq`. Held
   * changes the read reflects go; the rest are sent. Per key, the read saw the state after some
   * prefix of the key's held changes: the one whose new row it returned, or (row absent) the
   * first that made it absent or unmatched — unless it was absent before them all.
   */
  start(seen: ReadonlyMap<string, bigint>): 'ok' | 'overflow' {
    const held = this.held ?? [];
    this.held = null;
    const byKey = new Map<string, number[]>();
    held.forEach((h, i) => {
      const list = byKey.get(h.change.key);
      if (list) list.push(i);
      else byKey.set(h.change.key, [i]);
    });
    const drop = new Set<number>();
    for (const [key, list] of byKey) {
      const seq = seen.get(key);
      let upTo = -1;
      if (seq !== undefined) {
        for (let j = list.length - 1; j >= 0; j--) if (held[list[j]!]!.is && held[list[j]!]!.change.seqOf('row') === seq) { upTo = j; break; }
      } else if (held[list[0]!]!.was) {
        upTo = list.findIndex((i) => !held[i]!.is);
      }
      for (let j = 0; j <= upTo; j++) drop.add(list[j]!);
    }
    for (let i = 0; i < held.length; i++) {
      if (drop.has(i)) continue;
      const h = held[i]!;
      if (this.send(h.change, h.fromPid, h.was, h.is) === 'overflow') return 'overflow';
    }
    return 'ok';
  }

  /** What system.live_queries shows of it. */
  view(): LiveQueryView {
    return {
      id: this.id, pid: this.owner.pid, userId: this.user.id, userName: this.user.name,
      namespace: this.table.namespace, table: this.table.name, query: this.query, options: this.options,
      created: this.created, lastChange: this.lastChange, changes: this.changes, queuedBytes: this.owner.outlet.queuedBytes,
    };
  }

  private matches(row: readonly Value[], ctx: EvalContext): boolean {
    return this.predicate === null || this.predicate.eval(row, ctx) === true;
  }

  private send(change: LiveChange, fromPid: number, was: boolean, is: boolean): 'ok' | 'overflow' {
    const ctx = this.owner.typeContext();
    const payload = was && is
      ? `{"op":"update","row":${change.rowJson('row', ctx)},"old":${change.rowJson('old', ctx)}}`
      : is
        ? `{"op":"insert","row":${change.rowJson('row', ctx)}}`
        : `{"op":"delete","row":${change.rowJson('old', ctx)}}`;
    if (!this.owner.outlet.notify(fromPid, this.id, payload)) return 'overflow';
    this.changes++;
    this.lastChange = Date.now();
    return 'ok';
  }
}

function sameColumns(a: TableDefinition, b: TableDefinition): boolean {
  return a.columns.length === b.columns.length &&
    a.columns.every((c, i) => c.ordinal === b.columns[i]!.ordinal && c.type.oid === b.columns[i]!.type.oid && c.type.typmod === b.columns[i]!.type.typmod);
}
