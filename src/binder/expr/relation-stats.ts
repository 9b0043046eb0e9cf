/**
 * What the statistics and size functions (pg_stat_get_*, pg_relation_size, pg_database_size, …) and
 * pg_class's reltuples/relpages read while a statement runs: figures the storage keeps current in
 * memory (src/storage/stats), looked up by pg_class OID. The executor builds one per statement
 * (src/executor/relation-stats-lookup.ts).
 */

/** A table's activity as pg_stat_all_tables shows it. */
export interface TableActivity {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly live: number;
  readonly modifiedSinceAnalyze: number;
  readonly insertedSinceVacuum: number;
  /** µs since the epoch (a timestamptz value), null: never. */
  readonly lastAnalyze: bigint | null;
  readonly analyzeCount: number;
  readonly lastVacuum: bigint | null;
  readonly vacuumCount: number;
}

/** pg_class's storage columns of a relation ANALYZE or VACUUM has counted (a table or one of its indexes). */
export interface CountedRelation {
  readonly oid: number;
  readonly reltuples: number;
  readonly relpages: number;
}

/** 'main': the relation itself (pg_relation_size, pg_table_size); 'indexes': its indexes; 'total': both. */
export type RelationPart = 'main' | 'indexes' | 'total';

export interface RelationStatsLookup {
  /** undefined when no table has that OID. */
  activity(oid: number): TableActivity | undefined;
  /** Bytes; null when no relation has that OID (PostgreSQL's size functions then answer NULL). */
  relationBytes(oid: number, part: RelationPart): number | null;
  /** Everything the server stores, hot and cold. */
  databaseBytes(): number;
  counted(): Iterable<CountedRelation>;
}
