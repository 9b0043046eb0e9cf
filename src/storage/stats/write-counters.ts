/**
 * WriteCounters: each table's committed inserts, updates and deletes, counted from the commits the
 * row store publishes (one pass over the commit's keys: no row is read or decoded), and the live-row
 * estimate PostgreSQL keeps beside them (pg_stat_user_tables.n_live_tup): the count of the last
 * ANALYZE or VACUUM plus the inserts minus the deletes committed since.
 *
 * A put of a key the transaction created (WriteSet.markInsert) is an insert, any other put an
 * update, a null a delete. So an UPDATE that changes a row's primary key counts as a delete and an
 * insert (the row moves to another key), where PostgreSQL counts one update. Unlike PostgreSQL,
 * only committed writes count (PostgreSQL counts rolled-back ones in n_tup_ins/upd/del too).
 */
import type { KeyId, RowStoreListener } from '../row-store.js';
import { isRowKey, tableIdOf } from '../row-cache.js';

export interface TableCounters {
  inserted: number;
  updated: number;
  deleted: number;
  /** Live rows: the last ANALYZE or VACUUM's count, plus inserts minus deletes committed since. */
  live: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
}

export function zeroCounters(): TableCounters {
  return { inserted: 0, updated: 0, deleted: 0, live: 0, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0 };
}

export class WriteCounters implements RowStoreListener {
  private readonly tables = new Map<number, TableCounters>();

  /** The table's counters, made (all zero) on first use. */
  of(tableId: number): TableCounters {
    let c = this.tables.get(tableId);
    if (!c) this.tables.set(tableId, (c = zeroCounters()));
    return c;
  }

  /** The counters of a table written since they started, without making any. */
  peek(tableId: number): Readonly<TableCounters> | undefined {
    return this.tables.get(tableId);
  }

  entries(): IterableIterator<[number, TableCounters]> {
    return this.tables.entries();
  }

  committed(writes: ReadonlyMap<KeyId, Buffer | null>, created?: () => Iterable<KeyId>): void {
    let lastTable = -1;
    let c: TableCounters | undefined;
    const counters = (id: KeyId): TableCounters => {
      const t = tableIdOf(id);
      if (t !== lastTable) {
        lastTable = t;
        c = this.of(t);
      }
      return c!;
    };
    let deletes = false;
    for (const [id, value] of writes) {
      if (!isRowKey(id)) continue;
      const t = counters(id);
      t.modifiedSinceAnalyze++;
      if (value === null) {
        t.deleted++;
        t.live--;
        deletes = true;
      } else t.updated++;
    }
    if (!created) return;
    for (const id of created()) {
      if (!isRowKey(id)) continue;
      const t = counters(id);
      t.inserted++;
      t.live++;
      // Created and deleted again by the same transaction: PostgreSQL counts an insert and a delete.
      // (Looked up only when the commit deleted something: a million-row INSERT skips a million lookups.)
      if (deletes && writes.get(id) === null) t.modifiedSinceAnalyze++;
      else {
        t.updated--;
        t.insertedSinceVacuum++;
      }
    }
  }

  /** A commit withdrawn after its log write failed: too rare to undo its counts for. */
  withdrawn(): void {}

  tableDropped(tableId: number): void {
    this.tables.delete(tableId);
  }

  rowsLoaded(tableId: number, loaded?: { readonly rows: number; readonly bytes: number }): void {
    if (!loaded) return;
    const t = this.of(tableId);
    t.inserted += loaded.rows;
    t.live += loaded.rows;
    t.modifiedSinceAnalyze += loaded.rows;
    t.insertedSinceVacuum += loaded.rows;
  }

  /** Replaces every table's counters (loaded at start). */
  restore(saved: Iterable<[number, TableCounters]>): void {
    this.tables.clear();
    for (const [id, c] of saved) this.tables.set(id, { ...c });
  }
}
