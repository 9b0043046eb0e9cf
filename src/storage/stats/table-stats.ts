/**
 * TableStats: what ANALYZE and VACUUM recorded about each table, and the write counters kept since.
 *
 * The recorded part — the exact live-row count (pg_class.reltuples), the size then in 8 kB pages
 * (relpages), when and how often the table was analyzed and vacuumed — is written to RocksDB at
 * each ANALYZE/VACUUM (`m/stats/<tableId>`), so it survives any restart, as pg_class does. The
 * counters (inserts, updates, deletes, live rows, changes since ANALYZE, inserts since VACUUM)
 * live in memory and are saved at a clean shutdown (`m/stats-activity`) and read back and removed
 * at start: a crash loses them, as it loses PostgreSQL 15's cumulative statistics.
 */
import type { SchemaStore } from '../../catalog/schema-store.js';
import type { KvStore } from '../kv-store.js';
import { metaKey } from '../key-layout.js';
import { prefixEnd } from '../keycode.js';
import type { KeyId, RowStoreListener } from '../row-store.js';
import { WriteCounters, type TableCounters } from './write-counters.js';

export interface MaintenanceRecord {
  /** Live rows the last ANALYZE or VACUUM counted. */
  readonly reltuples: number;
  /** The table's bytes then, in PostgreSQL's 8 kB pages. */
  readonly relpages: number;
  /** Each secondary index's bytes then, in pages, by the index's pg_class OID. */
  readonly indexPages: Readonly<Record<string, number>>;
  /** Milliseconds since the epoch, or null: never. */
  readonly lastAnalyze: number | null;
  readonly analyzeCount: number;
  readonly lastVacuum: number | null;
  readonly vacuumCount: number;
}

/** What one ANALYZE or VACUUM of a table found. */
export interface CountResult {
  readonly analyzed: boolean;
  readonly vacuumed: boolean;
  readonly liveRows: number;
  readonly relpages: number;
  readonly indexPages: Readonly<Record<string, number>>;
}

/** The counters as a count began: changes committed after it are added to what it counted. */
export interface CountStart {
  readonly tableId: number;
  readonly counters: Readonly<TableCounters>;
}

const RECORDS = metaKey('stats/');
const ACTIVITY = metaKey('stats-activity');

function recordKey(tableId: number): Buffer {
  return metaKey(`stats/${tableId}`);
}

export class TableStats implements RowStoreListener {
  readonly counters = new WriteCounters();
  private readonly records = new Map<number, MaintenanceRecord>();

  private constructor(private readonly kv: KvStore, private readonly onError: (e: unknown) => void) {}

  static async open(kv: KvStore, schema: SchemaStore, onError: (e: unknown) => void = () => {}): Promise<TableStats> {
    const stats = new TableStats(kv, onError);
    const gone: Buffer[] = [];
    for await (const batch of kv.scan({ gte: RECORDS, lt: prefixEnd(RECORDS) })) {
      for (const [k, v] of batch) {
        const tableId = Number(k.subarray(RECORDS.length).toString('utf8'));
        if (schema.tableById(tableId)) stats.records.set(tableId, JSON.parse(v.toString('utf8')) as MaintenanceRecord);
        else gone.push(k); // the table was dropped while its record was being written
      }
    }
    const saved = await kv.get(ACTIVITY);
    if (saved) {
      const entries = JSON.parse(saved.toString('utf8')) as [number, TableCounters][];
      stats.counters.restore(entries.filter(([id]) => schema.tableById(id) !== undefined));
    }
    await kv.write([...gone, ACTIVITY].map((key) => ({ type: 'del' as const, key })));
    return stats;
  }

  record(tableId: number): MaintenanceRecord | undefined {
    return this.records.get(tableId);
  }

  /** Every table ANALYZE or VACUUM has counted. */
  recorded(): IterableIterator<[number, MaintenanceRecord]> {
    return this.records.entries();
  }

  /** Call just before counting a table's rows from a snapshot taken now. */
  beginCount(tableId: number): CountStart {
    return { tableId, counters: { ...this.counters.of(tableId) } };
  }

  /**
   * Records what a count found: the live rows (plus the inserts minus the deletes committed while
   * it ran, which its snapshot did not see) and, for ANALYZE, no changes since; for VACUUM, no
   * inserts since.
   */
  async finishCount(start: CountStart, result: CountResult): Promise<void> {
    const c = this.counters.of(start.tableId);
    const before = start.counters;
    c.live = result.liveRows + (c.live - before.live);
    if (result.analyzed) c.modifiedSinceAnalyze -= before.modifiedSinceAnalyze;
    if (result.vacuumed) c.insertedSinceVacuum -= before.insertedSinceVacuum;
    const prev = this.records.get(start.tableId);
    const now = Date.now();
    const record: MaintenanceRecord = {
      reltuples: result.liveRows,
      relpages: result.relpages,
      indexPages: result.indexPages,
      lastAnalyze: result.analyzed ? now : prev?.lastAnalyze ?? null,
      analyzeCount: (prev?.analyzeCount ?? 0) + (result.analyzed ? 1 : 0),
      lastVacuum: result.vacuumed ? now : prev?.lastVacuum ?? null,
      vacuumCount: (prev?.vacuumCount ?? 0) + (result.vacuumed ? 1 : 0),
    };
    this.records.set(start.tableId, record);
    await this.kv.put(recordKey(start.tableId), Buffer.from(JSON.stringify(record), 'utf8'));
  }

  committed(writes: ReadonlyMap<KeyId, Buffer | null>, created?: () => Iterable<KeyId>): void {
    this.counters.committed(writes, created);
  }

  withdrawn(): void {}

  tableDropped(tableId: number): void {
    this.counters.tableDropped(tableId);
    if (!this.records.delete(tableId) || !this.kv.isOpen) return;
    this.kv.del(recordKey(tableId)).catch((e: unknown) => this.onError(e));
  }

  rowsLoaded(tableId: number, loaded?: { readonly rows: number; readonly bytes: number }): void {
    this.counters.rowsLoaded(tableId, loaded);
  }

  /** Saves the counters for the next start (a clean shutdown only; RocksDB must still be open). */
  async close(): Promise<void> {
    if (!this.kv.isOpen) return;
    await this.kv.put(ACTIVITY, Buffer.from(JSON.stringify([...this.counters.entries()]), 'utf8'));
  }
}
