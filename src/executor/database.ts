/**
 * Database: the one application context (seed 004) — the RocksDB store, the schema store, the
 * row store with its transaction rules, sequences and id generators — shared by every session.
 */
import { mkdirSync } from 'node:fs';
import { SchemaStore } from '../catalog/schema-store.js';
import { KvStore } from '../storage/kv-store.js';
import { RowStore } from '../storage/row-store.js';
import { SequenceValues } from '../storage/sequence-values.js';
import { SnowflakeGenerator } from '../util/ids.js';

export class Database {
  readonly startedAt = Date.now();
  private closed = false;

  private constructor(
    readonly dataDir: string,
    readonly kv: KvStore,
    readonly schema: SchemaStore,
    readonly rows: RowStore,
    readonly sequences: SequenceValues,
    readonly snowflake: SnowflakeGenerator,
  ) {}

  static async open(dataDir: string): Promise<Database> {
    mkdirSync(dataDir, { recursive: true });
    const kv = await KvStore.open(`${dataDir}/rocksdb`);
    const schema = await SchemaStore.open(kv);
    const rows = new RowStore(kv);
    await rows.warm(schema.listTables().map((t) => t.id));
    return new Database(dataDir, kv, schema, rows, new SequenceValues(kv), new SnowflakeGenerator());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.sequences.close();
    await this.kv.close();
  }
}
