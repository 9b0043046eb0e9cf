import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SegmentBuilder, encodeSegment, segmentFileName } from '../../../src/storage/segments/segment-writer.js';
import { writeSegmentFile } from '../../../src/storage/segments/durable-file.js';
import { openSegment, readSegmentBatches, readSegmentRows } from '../../../src/storage/segments/segment-reader.js';
import { readParquetFooter } from '../../../src/storage/segments/parquet-io.js';
import { KalamDataType } from '../../../src/types/kalam-type.js';
import { PgOid } from '../../../src/types/pg-oids.js';
import { ALL_TYPE_COLUMNS, allTypeRows } from './all-types.js';
import { tableDef } from './table-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-rt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('segment round trip', () => {
  const table = tableDef(ALL_TYPE_COLUMNS, { id: 11, schemaVersion: 4 });
  const rows = allTypeRows();

  for (const compression of ['zstd', 'snappy'] as const) {
    it(`reads back every type exactly, NULLs and edge values included (${compression}, row groups of 2)`, async () => {
      const { bytes, meta } = encodeSegment(table, rows, { rowGroupRows: 2, compression, partition: 'u1' });
      const path = await writeSegmentFile(dir, segmentFileName(meta), bytes);
      const seg = await openSegment(path);
      expect(seg.meta.rowGroups.map((g) => g.rows)).toEqual([2, 2, 2]);
      expect(await readSegmentRows(seg, table)).toEqual(rows);
    });
  }

  it('records schema version, table, partition, row and tombstone counts and the _seq range in the footer', async () => {
    const { bytes, meta } = encodeSegment(table, rows, { partition: 'u1' });
    const path = await writeSegmentFile(dir, 'meta.parquet', bytes);
    const footer = await readParquetFooter(path);
    expect(Object.fromEntries([...footer.keyValues].filter(([k]) => !k.startsWith('kalam_row')))).toEqual({
      kalam_segment_format: '1', table_id: '11', table_name: 'app.t', partition: 'u1', schema_version: '4',
      row_count: '6', deleted_count: '1', min_seq: '100', max_seq: '105',
    });
    expect(meta.rowGroups).toHaveLength(1);
    const f = footer.schema.fields;
    expect(f.map((x) => x.name)).toEqual([...ALL_TYPE_COLUMNS.map((c) => c.name), '_seq', '_deleted', '_key']);
    const vc = f.find((x) => x.name === 'vc')!;
    expect(Object.fromEntries(vc.metadata)).toEqual({
      kalam_data_type: 'TEXT', kalam_pg_type: 'character varying(10)', kalam_pg_oid: String(PgOid.VARCHAR),
      kalam_pg_typmod: '14', kalam_ordinal: '9',
    });
    expect(f.find((x) => x.name === 'num102')!.metadata.get('kalam_pg_type')).toBe('numeric(10,2)');
    expect(f.find((x) => x.name === 'tz')!.metadata.get('kalam_pg_type')).toBe('timestamp with time zone');
    expect(f.find((x) => x.name === '_seq')!.metadata.get('kalam_system_column')).toBe('_seq');
    expect(String(f.find((x) => x.name === 'tz')!.type)).toBe('Timestamp<MICROSECOND, UTC>');
  });

  it('decodes into the executor column shapes: typed arrays with null flags for int, float and bool', async () => {
    const { bytes } = encodeSegment(table, rows);
    const seg = await openSegment(await writeSegmentFile(dir, 'shapes.parquet', bytes));
    const byName = (n: string): number => table.columns.find((c) => c.name === n)!.ordinal;
    const batches = [];
    for await (const b of readSegmentBatches(seg, table, { ordinals: [byName('i2'), byName('f4'), byName('b'), byName('txt')] })) batches.push(b);
    expect(batches).toHaveLength(1);
    const [i2, f4, b, txt] = batches[0]!.columns;
    expect(i2!.kind).toBe('int');
    expect(i2!.kind === 'int' && [...i2.values]).toEqual([-32768, 32767, 0, 0, 1, 0]);
    expect(i2!.kind === 'int' && [...i2.nulls]).toEqual([0, 0, 1, 0, 0, 1]);
    expect(f4!.kind === 'float' && f4.values).toBeInstanceOf(Float64Array);
    expect(b!.kind === 'bool' && [...b.values]).toEqual([1, 0, 0, 1, 0, 0]);
    expect(txt!.kind).toBe('utf8');
    expect([...batches[0]!.seq]).toEqual([100n, 101n, 102n, 103n, 104n, 105n]);
    expect([...batches[0]!.deleted]).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('writes 200k rows in row groups of 64k and reads them back, a column at a time', async () => {
    const t = tableDef([
      { name: 'id', type: { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 }, primaryKey: true },
      { name: 'name', type: { kalam: KalamDataType.TEXT, oid: PgOid.TEXT, typmod: -1 } },
    ]);
    const n = 200_000;
    const big = Array.from({ length: n }, (_, i) => [BigInt(i), `name-${i % 977}`, BigInt(1_000_000 + i), false]);
    const { bytes, meta } = encodeSegment(t, big, { rowGroupRows: 65_536 });
    expect(meta.rowGroups.map((g) => g.rows)).toEqual([65_536, 65_536, 65_536, 3_392]);
    const seg = await openSegment(await writeSegmentFile(dir, 'big.parquet', bytes));
    const back = await readSegmentRows(seg, t, { ordinals: [2], rowGroups: [3] });
    expect(back).toHaveLength(3_392);
    expect(back[0]).toEqual([null, `name-${196_608 % 977}`, 1_196_608n, false]);
  });

  it('builds the same segment from rows added in slices of any size as from all at once', async () => {
    const t = tableDef([
      { name: 'id', type: { kalam: KalamDataType.BIGINT, oid: PgOid.INT8, typmod: -1 }, primaryKey: true },
      { name: 'v', type: { kalam: KalamDataType.INT, oid: PgOid.INT4, typmod: -1 } },
    ]);
    const all = Array.from({ length: 1_000 }, (_, i) => [BigInt(i), i % 7 === 0 ? null : i, BigInt(5_000 + i), i % 10 === 0]);
    const b = new SegmentBuilder(t, { rowGroupRows: 100 });
    let at = 0;
    for (const size of [7, 1, 0, 300, 92, 100, 500]) {
      b.add(all.slice(at, at + size));
      at += size;
    }
    expect(b.rows).toBe(1_000);
    const sliced = b.finish();
    const whole = encodeSegment(t, all, { rowGroupRows: 100 });
    expect(sliced.meta).toEqual(whole.meta);
    expect(sliced.meta.deletedCount).toBe(100);
    const seg = await openSegment(await writeSegmentFile(dir, 'sliced.parquet', sliced.bytes));
    expect(await readSegmentRows(seg, t)).toEqual(all);
  });
});

describe('encoding on the worker thread', () => {
  it('gives a file that reads back as the one encoded in place does', async () => {
    const table = tableDef(ALL_TYPE_COLUMNS, { id: 12, schemaVersion: 1 });
    const rows = allTypeRows();
    const inPlace = new SegmentBuilder(table, { rowGroupRows: 2 });
    inPlace.add(rows);
    const onWorker = new SegmentBuilder(table, { rowGroupRows: 2 });
    onWorker.add(rows);
    const a = inPlace.finish();
    const b = await onWorker.finishAsync();
    expect(b.meta).toEqual(a.meta);
    const viaWorker = await openSegment(await writeSegmentFile(dir, 'worker.parquet', b.bytes));
    const inThread = await openSegment(await writeSegmentFile(dir, 'in-place.parquet', a.bytes));
    expect(viaWorker.meta).toEqual(inThread.meta);
    expect(await readSegmentRows(viaWorker, table)).toEqual(rows);
  });
});
