/**
 * Segments are plain Parquet: an independent engine (DuckDB, through @duckdb/node-api) reads a
 * segment written by our writer and gets the same rows and types. DuckDB's values are mapped back
 * to ours by the column's KalamDataType and compared exactly; the types it infers are pinned.
 * UUIDs read as 16-byte BLOBs (parquet-wasm writes no UUID logical type) and ARRAY columns as the
 * row codec's payload (segments/arrow-types.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DuckDBBlobValue, DuckDBDateValue, DuckDBInstance, DuckDBListValue, DuckDBStructValue, DuckDBTimeValue,
  DuckDBTimestampTZValue, DuckDBTimestampValue, type DuckDBConnection, type DuckDBValue,
} from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSegmentFile } from '../src/storage/segments/durable-file.js';
import { encodeSegment } from '../src/storage/segments/segment-writer.js';
import { tableAccess } from '../src/executor/table-access.js';
import { startTestServer } from '../test/e2e/harness.js';
import { flushAndWait, segmentFiles, storageDir } from '../test/e2e/flush-support.js';
import { decodeArrayValue } from '../src/storage/row-codec.js';
import { readUuidText } from '../src/storage/uuid-bytes.js';
import { Interval } from '../src/types/interval.js';
import { KalamDataType, type ColumnType, type Value } from '../src/types/kalam-type.js';
import { PgOid } from '../src/types/pg-oids.js';
import { ALL_TYPE_COLUMNS, allTypeRows } from '../test/storage/segments/all-types.js';
import { tableDef } from '../test/storage/segments/table-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-duckdb-'));
let conn: DuckDBConnection;
let instance: DuckDBInstance;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});
afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** A DuckDB value as our Value of `type`. */
function ours(v: DuckDBValue, type: ColumnType): Value {
  if (v === null) return null;
  switch (type.kalam) {
    case KalamDataType.UUID: return readUuidText((v as DuckDBBlobValue).bytes, 0);
    case KalamDataType.BYTES: return new Uint8Array((v as DuckDBBlobValue).bytes);
    case KalamDataType.ARRAY: return decodeArrayValue((v as DuckDBBlobValue).bytes);
    case KalamDataType.DATE: return (v as DuckDBDateValue).days;
    case KalamDataType.TIME: return (v as DuckDBTimeValue).micros;
    case KalamDataType.TIMESTAMP: return (v as DuckDBTimestampValue).micros;
    case KalamDataType.DATETIME: return (v as DuckDBTimestampTZValue).micros;
    case KalamDataType.EMBEDDING: return Float32Array.from((v as DuckDBListValue).items as number[]);
    case KalamDataType.INTERVAL: {
      const e = (v as DuckDBStructValue).entries;
      return new Interval(e.months as number, e.days as number, e.micros as bigint);
    }
    default: return v as Value;
  }
}

describe('an independent Parquet reader (DuckDB) reads our segments', () => {
  it('gets the same rows, every type, NULLs and edge values included', async () => {
    const table = tableDef(ALL_TYPE_COLUMNS);
    const rows = allTypeRows();
    const { bytes } = encodeSegment(table, rows, { rowGroupRows: 4 });
    const path = await writeSegmentFile(dir, 'all-types.parquet', bytes);
    const r = await conn.runAndReadAll(`SELECT * FROM read_parquet('${path}') ORDER BY id`);
    expect(r.columnNames()).toEqual([...ALL_TYPE_COLUMNS.map((c) => c.name), '_seq', '_deleted', '_key']);
    expect(r.columnTypes().map(String)).toEqual([
      'BIGINT', 'BOOLEAN', 'SMALLINT', 'INTEGER', 'BIGINT', 'FLOAT', 'DOUBLE', 'VARCHAR', 'VARCHAR', 'VARCHAR',
      'VARCHAR', 'VARCHAR', 'BLOB', 'BLOB', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE',
      'STRUCT("months" INTEGER, "days" INTEGER, "micros" BIGINT)', 'FLOAT[]', 'FLOAT[]', 'BLOB', 'BLOB', 'BIGINT', 'BOOLEAN', 'BLOB',
    ]);
    const types = [...table.columns.map((c) => c.type), { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 }, { kalam: KalamDataType.BOOLEAN, oid: PgOid.BOOL, typmod: -1 }];
    const got = r.getRows().map((row) => row.slice(0, -1).map((v, i) => ours(v, types[i]!)));
    expect(got).toEqual(rows);
    // _key is the row store's key of each row (after the partition prefix), byte for byte.
    const keys = r.getRows().map((row) => Buffer.from((row.at(-1) as DuckDBBlobValue).bytes));
    expect(keys).toEqual(rows.map((row) => tableAccess(table).pkBytes(null, row)));
  });

  it('reads a 300k-row analytic segment (several row groups, delta-encoded int64s) with the same aggregates and footer metadata', async () => {
    const table = tableDef([
      { name: 'id', type: { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 }, primaryKey: true },
      { name: 'grp', type: { kalam: KalamDataType.INT, oid: PgOid.INT4, typmod: -1 } },
      { name: 'val', type: { kalam: KalamDataType.DOUBLE, oid: PgOid.FLOAT8, typmod: -1 } },
      { name: 'ts', type: { kalam: KalamDataType.TIMESTAMP, oid: PgOid.TIMESTAMP, typmod: -1 } },
      { name: 'name', type: { kalam: KalamDataType.TEXT, oid: PgOid.TEXT, typmod: -1 } },
    ], { schemaVersion: 5 });
    const n = 300_000;
    const rows: Value[][] = Array.from({ length: n }, (_, i) => [
      BigInt(i), i % 100, i / 4, 1_700_000_000_000_000n + BigInt(i) * 1_000_000n, `name-${i % 1000}`, BigInt(5_000_000 + i), false,
    ]);
    const { bytes } = encodeSegment(table, rows);
    const path = await writeSegmentFile(dir, 'analytic.parquet', bytes);
    const r = await conn.runAndReadAll(
      `SELECT count(*)::BIGINT, sum(id)::BIGINT, sum(val), count(DISTINCT grp)::BIGINT, max(ts), min(name), max(_seq) FROM read_parquet('${path}')`);
    const [row] = r.getRows();
    expect(row!.slice(0, 4)).toEqual([300_000n, BigInt((n * (n - 1)) / 2), (n * (n - 1)) / 2 / 4, 100n]);
    expect((row![4] as DuckDBTimestampValue).micros).toBe(1_700_000_000_000_000n + BigInt(n - 1) * 1_000_000n);
    expect(row!.slice(5)).toEqual(['name-0', BigInt(5_000_000 + n - 1)]);
    const kv = await conn.runAndReadAll(`SELECT decode(key)::VARCHAR, decode(value)::VARCHAR FROM parquet_kv_metadata('${path}') WHERE decode(key)::VARCHAR IN ('schema_version', 'row_count', 'min_seq', 'max_seq') ORDER BY 1`);
    expect(kv.getRows()).toEqual([['max_seq', '5299999'], ['min_seq', '5000000'], ['row_count', '300000'], ['schema_version', '5']]);
    const rg = await conn.runAndReadAll(`SELECT count(DISTINCT row_group_id)::BIGINT, max(compression) FROM parquet_metadata('${path}')`);
    expect(rg.getRows()).toEqual([[3n, 'ZSTD']]);
  });
});

describe('a segment written by STORAGE FLUSH', () => {
  it('reads in DuckDB as the same rows, with the same types, that the server returns', async () => {
    const server = await startTestServer();
    try {
      const c = await server.client();
      await c.query(`CREATE TABLE app_flushed (id BIGINT PRIMARY KEY, i INT, d DOUBLE PRECISION, t TEXT, ts TIMESTAMP,
        b BOOLEAN, n NUMERIC(10, 2), dt DATE)`);
      await c.query(`INSERT INTO app_flushed SELECT g, g % 7, g / 8.0, 'text ' || g, TIMESTAMP '2026-01-01 00:00:00' + g * INTERVAL '1 hour',
        g % 2 = 0, g * 1.25, DATE '2026-01-01' + g FROM generate_series(1, 500) g`);
      await c.query("INSERT INTO app_flushed (id) VALUES (1000)"); // NULLs
      expect((await flushAndWait(c, 'app_flushed')).status).toBe('completed');
      const files = segmentFiles(storageDir(server.dataDir, 'public', 'app_flushed'));
      expect(files).toHaveLength(1);
      const path = join(storageDir(server.dataDir, 'public', 'app_flushed'), files[0]!);
      const duck = await conn.runAndReadAll(`SELECT id, i, d, t, CAST(ts AS VARCHAR), b, n, CAST(dt AS VARCHAR)
        FROM read_parquet('${path}') WHERE NOT _deleted ORDER BY id`);
      expect(duck.columnTypes().map(String)).toEqual(['BIGINT', 'INTEGER', 'DOUBLE', 'VARCHAR', 'VARCHAR', 'BOOLEAN', 'VARCHAR', 'VARCHAR']);
      const ours = await c.query({ text: 'SELECT id, i, d, t, ts::text, b, n::text, dt::text FROM app_flushed ORDER BY id', rowMode: 'array' });
      const duckRows = duck.getRows().map((r) => r.map((v) => (typeof v === 'bigint' ? String(v) : v)));
      expect(duckRows).toEqual(ours.rows);
      expect(duckRows).toHaveLength(501);
    } finally {
      await server.stop();
    }
  });
});
