/**
 * One connection's transaction: the write set, its start time (now()), the block state that
 * BEGIN/COMMIT/ROLLBACK move through, and savepoints as snapshots of the write set.
 *
 *   none ──BEGIN──▶ open ──error──▶ failed
 *    ▲               │                │
 *    └──COMMIT/ROLLBACK───────────────┘   (COMMIT of a failed block rolls back)
 */
import { SqlError } from '../errors/sql-error.js';
import type { Database } from '../executor/database.js';
import type { WriteSet } from '../storage/row-store.js';
import type { SessionAdvisoryLocks } from './advisory-locks.js';
import { DdlJournal } from './ddl-journal.js';
import type { SessionNotifications } from '../live/session-notifications.js';

export type BlockState = 'none' | 'open' | 'failed';

export class TransactionState {
  private tx: WriteSet | null = null;
  /**
   * The commit counter when the running statement began, kept until the transaction first writes:
   * read-only transactions (most point SELECTs) never create a write set, and one created in the
   * middle of a statement still checks conflicts from the statement's start.
   */
  private runningSince: number | null = null;
  private startedAt: bigint | null = null;
  private savepoints: {
    name: string; snapshot: ReturnType<WriteSet['snapshot']>; ddl: number; notes: ReturnType<SessionNotifications['mark']> | null;
  }[] = [];
  /** Catalog changes of the open block, to undo on ROLLBACK (ddl-journal.ts). */
  readonly ddl = new DdlJournal();
  block: BlockState = 'none';

  constructor(
    private readonly db: Database,
    /** The session's advisory locks: the _xact_ ones end with the transaction. */
    readonly advisory: SessionAdvisoryLocks,
    /** LISTEN/NOTIFY and live queries: announced when the transaction commits (live/). */
    readonly notifications: SessionNotifications | null = null,
  ) {
    db.rows.watchStatements(this);
  }

  /** The session is gone: abandons what is open and stops holding back conflict pruning. */
  close(): void {
    void this.end(false);
    this.notifications?.close();
    this.advisory.close();
    this.db.rows.unwatchStatements(this);
  }

  writeSet(): WriteSet {
    if (!this.tx) this.tx = this.db.rows.begin(this.runningSince ?? undefined);
    return this.tx;
  }

  /** StatementClock: the running statement's start while there is no write set yet. */
  get statementStart(): number | null {
    return this.runningSince;
  }

  pendingWrites(): WriteSet | undefined {
    return this.tx ?? undefined;
  }

  /** Called as each statement begins: what it reads and then writes is judged from now. */
  /** `arrived`: when the client's message arrived (µs), which starts a transaction that starts here. */
  beginStatement(arrived?: bigint | null): void {
    if (this.tx) this.tx.beginStatement();
    else this.runningSince = this.db.rows.commitCount;
    // The transaction starts with its first statement, as now() and xact_start see it in PostgreSQL.
    if (this.startedAt === null) this.startedAt = arrived ?? BigInt(Date.now()) * 1000n;
  }

  /** µs since epoch when the transaction began (set by its first use). */
  time(): bigint {
    if (this.startedAt === null) this.startedAt = BigInt(Date.now()) * 1000n;
    return this.startedAt;
  }

  /** When the open transaction began, or null between transactions (pg_stat_activity.xact_start). */
  startedAtIfAny(): bigint | null {
    return this.startedAt;
  }

  /** Commits (or abandons) whatever is open and returns to `none`. */
  async end(commit: boolean): Promise<void> {
    const tx = this.tx;
    this.tx = null;
    this.runningSince = null;
    this.startedAt = null;
    this.block = 'none';
    this.savepoints = [];
    this.advisory.transactionEnded();
    if (!commit) {
      this.notifications?.rollback();
      if (tx) this.db.rows.abandon(tx);
      await this.ddl.rollback();
      return;
    }
    const notifications = this.notifications;
    if (tx) {
      try {
        await this.db.sequences.settle();
        if (notifications) await notifications.commit(this.db.rows, tx, () => this.db.rows.commit(tx));
        else await this.db.rows.commit(tx);
      } catch (e) {
        await this.ddl.rollback(); // the block did not commit: neither does its DDL
        throw e;
      }
    } else if (notifications?.pending) {
      await notifications.commit(this.db.rows, null, async () => undefined);
    }
    await this.ddl.commit();
  }

  /** After a failed statement: a block fails, an implicit transaction rolls back. */
  fail(): void {
    if (this.block === 'open') this.block = 'failed';
    else if (this.block === 'none') void this.end(false);
  }

  savepoint(name: string): void {
    if (this.block === 'none') throw new SqlError('25P01', 'SAVEPOINT can only be used in transaction blocks');
    this.savepoints.push({ name, snapshot: this.writeSet().snapshot(), ddl: this.ddl.length, notes: this.notifications?.mark() ?? null });
  }

  async rollbackTo(name: string): Promise<void> {
    const i = this.find(name);
    this.writeSet().restore(this.savepoints[i]!.snapshot);
    const notes = this.savepoints[i]!.notes;
    if (notes) this.notifications?.rollbackTo(notes);
    this.savepoints.length = i + 1;
    this.block = 'open';
    await this.ddl.rollback(this.savepoints[i]!.ddl);
  }

  release(name: string): void {
    this.savepoints.length = this.find(name);
  }

  private find(name: string): number {
    const i = this.savepoints.map((s) => s.name).lastIndexOf(name);
    if (i < 0) throw new SqlError('3B001', `savepoint "${name}" does not exist`);
    return i;
  }
}
