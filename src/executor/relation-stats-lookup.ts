/**
 * The RelationStatsLookup of a session: pg_class OIDs resolved through the cached catalog model to
 * tables and indexes, whose counters, ANALYZE/VACUUM records and sizes the storage keeps
 * (src/storage/stats). Relations without storage of their own — views, sequences, system catalogs —
 * read 0 bytes.
 */
import type { CountedRelation, RelationPart, RelationStatsLookup, TableActivity } from '../binder/expr/relation-stats.js';
import type { CatalogModel } from '../system/catalog-model.js';
import type { Database } from './database.js';

/** PostgreSQL's block size: relpages counts the bytes in these. */
export const PAGE_BYTES = 8192;

export function pagesOf(bytes: number): number {
  return Math.ceil(bytes / PAGE_BYTES);
}

const micros = (ms: number | null): bigint | null => (ms === null ? null : BigInt(ms) * 1000n);

export function relationStatsLookup(db: Database, model: () => CatalogModel): RelationStatsLookup {
  return {
    activity(oid: number): TableActivity | undefined {
      const table = model().relationByOid(oid)?.table;
      if (!table) return undefined;
      const c = db.stats.counters.peek(table.id);
      const r = db.stats.record(table.id);
      return {
        inserted: c?.inserted ?? 0,
        updated: Math.max(0, c?.updated ?? 0),
        deleted: c?.deleted ?? 0,
        // Rows that existed before the counters started (a crash) can make the sum go below 0.
        live: Math.max(0, c?.live ?? 0),
        modifiedSinceAnalyze: c?.modifiedSinceAnalyze ?? 0,
        insertedSinceVacuum: c?.insertedSinceVacuum ?? 0,
        lastAnalyze: micros(r?.lastAnalyze ?? null),
        analyzeCount: r?.analyzeCount ?? 0,
        lastVacuum: micros(r?.lastVacuum ?? null),
        vacuumCount: r?.vacuumCount ?? 0,
      };
    },

    relationBytes(oid: number, part: RelationPart): number | null {
      const rel = model().relationByOid(oid);
      if (!rel) return null;
      const sizes = db.sizes;
      if (rel.table) {
        const main = part === 'indexes' ? 0 : sizes.tableBytes(rel.table);
        return part === 'main' ? main : main + sizes.indexesBytes(rel.table);
      }
      if (rel.index) return part === 'indexes' ? 0 : sizes.indexBytes(rel.index.def);
      return 0;
    },

    databaseBytes: () => db.sizes.databaseBytes(),

    *counted(): Generator<CountedRelation> {
      const m = model();
      for (const [tableId, r] of db.stats.recorded()) {
        const table = db.schema.tableById(tableId);
        if (!table || !m.relationByOid(table.oid)) continue;
        yield { oid: table.oid, reltuples: r.reltuples, relpages: r.relpages };
        // PostgreSQL's ANALYZE gives each index the table's row count; a btree has at least its metapage.
        for (const ix of table.indexes ?? []) yield { oid: ix.oid, reltuples: r.reltuples, relpages: Math.max(1, r.indexPages[ix.oid] ?? 1) };
      }
    },
  };
}
