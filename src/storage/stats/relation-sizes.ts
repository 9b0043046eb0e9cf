/**
 * RelationSizes: the bytes a table, an index or the whole database takes, hot and cold — what
 * pg_relation_size and friends, psql's `\dt+` and `\l+`, and system.stats report.
 *
 *   table     its rows in RocksDB (HotBytes: file estimate + memtable) + its segments' file bytes
 *   index     its entries in RocksDB; a primary key has none of its own (the row key is the index);
 *             an hnsw index, its last saved files (src/vector)
 *   database  everything RocksDB holds (rows, indexes, catalog) + every segment
 *
 * All synchronous reads of figures kept current elsewhere: no disk is touched per call.
 */
import type { SchemaStore } from '../../catalog/schema-store.js';
import type { IndexDefinition, TableDefinition } from '../../catalog/table-definition.js';
import type { ColdStore } from '../cold/cold-store.js';
import { indexAllPrefix, tablePrefix } from '../key-layout.js';
import type { HotBytes } from './hot-bytes.js';

export interface ColdTotals {
  readonly segments: number;
  /** Row versions in segments, tombstones not counted (a compaction drops superseded ones). */
  readonly rows: number;
  readonly bytes: number;
}

/** The key ranges whose sizes are kept: every table's rows and every secondary index's entries. */
export function* keySpaces(schema: SchemaStore): Generator<Buffer> {
  for (const t of schema.listTables()) {
    yield tablePrefix(t.id);
    for (const ix of t.indexes ?? []) if (!ix.primary) yield indexAllPrefix(ix.storageId);
  }
}

export class RelationSizes {
  /** The bytes of an hnsw index's saved files, by index oid (set once the vector indexes open). */
  graphBytes: (oid: number) => number = () => 0;

  constructor(readonly hot: HotBytes, private readonly cold: ColdStore, private readonly schema: SchemaStore) {}

  /** The bytes of a table's rows, hot and cold (pg_relation_size, pg_table_size). */
  tableBytes(table: TableDefinition): number {
    return this.hot.tableBytes(table.id) + this.coldOf(table.id).bytes;
  }

  indexBytes(index: IndexDefinition): number {
    if (index.method === 'hnsw') return this.graphBytes(index.oid);
    return index.primary ? 0 : this.hot.indexBytes(index.storageId);
  }

  /** pg_indexes_size: every index of the table. */
  indexesBytes(table: TableDefinition): number {
    return (table.indexes ?? []).reduce((sum, ix) => sum + this.indexBytes(ix), 0);
  }

  databaseBytes(): number {
    return this.hot.totalBytes() + this.coldTotals().bytes;
  }

  /** What a table's segments hold, every scope. */
  coldOf(tableId: number): ColdTotals {
    let segments = 0;
    let rows = 0;
    let bytes = 0;
    for (const scope of this.cold.scopes(tableId)) {
      for (const e of scope.manifest.segments) {
        segments++;
        rows += e.rows - e.deletedRows;
        bytes += e.bytes;
      }
    }
    return { segments, rows, bytes };
  }

  coldTotals(): ColdTotals {
    let segments = 0;
    let rows = 0;
    let bytes = 0;
    for (const t of this.schema.listTables()) {
      const c = this.coldOf(t.id);
      segments += c.segments;
      rows += c.rows;
      bytes += c.bytes;
    }
    return { segments, rows, bytes };
  }
}
