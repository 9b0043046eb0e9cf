/**
 * The schema cache (seed 004's memoised per-table schemas): what the executor derives from a
 * table's definition — the row codec, key layout, column positions (TableAccess) — built once per
 * table and schema version and then looked up by every statement that reads or writes the table.
 *
 * Keyed by table id; an entry answers only for the very definition it was built from, so any
 * DDL (which gives the schema store a new definition, with a new schema version when the columns
 * change) makes the next lookup a miss that rebuilds it. The hit and miss counts are system.stats'
 * schema_cache_*; one lookup in 64 is timed (two clock reads would cost more than the lookup), and
 * the timed ones that hit make schema_cache_lookup_p50_us / _p99_us.
 */
import type { TableDefinition } from '../catalog/table-definition.js';
import { LogHistogram } from '../metrics/log-histogram.js';

/** Past this many entries (dropped tables leave theirs behind) the cache starts again empty. */
const MAX_ENTRIES = 10_000;
const TIME_ONE_IN = 64;

export interface SchemaCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
  /** Timed lookups that hit, in nanoseconds. */
  readonly lookupNs: LogHistogram;
}

export class SchemaCache<T> {
  private readonly entries = new Map<number, { readonly table: TableDefinition; readonly value: T }>();
  hits = 0;
  misses = 0;
  readonly lookupNs = new LogHistogram();

  constructor(private readonly build: (table: TableDefinition) => T) {}

  get(table: TableDefinition): T {
    if ((this.hits + this.misses) % TIME_ONE_IN !== 0) return this.lookup(table);
    const misses = this.misses;
    const start = performance.now();
    const value = this.lookup(table);
    const ns = (performance.now() - start) * 1e6;
    if (this.misses === misses) this.lookupNs.record(ns); // a cached lookup: what the figure is about
    return value;
  }

  private lookup(table: TableDefinition): T {
    const e = this.entries.get(table.id);
    if (e !== undefined && e.table === table) {
      this.hits++;
      return e.value;
    }
    this.misses++;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = this.build(table);
    this.entries.set(table.id, { table, value });
    return value;
  }

  stats(): SchemaCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, lookupNs: this.lookupNs };
  }
}
