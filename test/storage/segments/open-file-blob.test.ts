/**
 * Segments are read through an open file handle (open-file-blob.ts): a read that loses the file's
 * name halfway — DROP TABLE removing the directory, a compaction deleting a retired file — still
 * gets its rows, where a Blob opened by path made parquet-wasm abort with an uncaught exception.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSegmentFile } from '../../../src/storage/segments/durable-file.js';
import { openFileBlob } from '../../../src/storage/segments/open-file-blob.js';
import { readParquet } from '../../../src/storage/segments/parquet-io.js';
import { encodeSegment } from '../../../src/storage/segments/segment-writer.js';
import { INT8, TEXT, tableDef } from './table-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-blob-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a segment read through its open file', () => {
  it('slices as a Blob does: relative, negative from the end, clamped', async () => {
    const path = join(dir, 'bytes');
    writeFileSync(path, Buffer.from('0123456789'));
    const { blob, close } = await openFileBlob(path);
    try {
      const text = async (b: Blob): Promise<string> => Buffer.from(await b.arrayBuffer()).toString();
      expect(blob.size).toBe(10);
      expect(await text(blob.slice(2, 5))).toBe('234');
      expect(await text(blob.slice(-3))).toBe('789');
      expect(await text(blob.slice(4, 100).slice(1, 3))).toBe('56');
      expect(await text(blob.slice(7, 3))).toBe('');
    } finally {
      await close();
    }
  });

  it('still reads every row when the file is deleted while the read runs', async () => {
    const table = tableDef([{ name: 'id', type: INT8, primaryKey: true }, { name: 's', type: TEXT }]);
    const rows = Array.from({ length: 50_000 }, (_, i) => [BigInt(i), `row ${i}`, BigInt(1000 + i), false]);
    const { bytes } = encodeSegment(table, rows, { rowGroupRows: 10_000 });
    let readWhole = 0;
    for (let delayMs = 0; delayMs < 8; delayMs++) {
      const path = await writeSegmentFile(dir, `gone-${delayMs}.parquet`, bytes);
      const read = readParquet(path, { columns: ['id', 's'] }, 10_000);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      unlinkSync(path);
      const t = await read.catch((e: unknown) => e as NodeJS.ErrnoException);
      if (t instanceof Error) {
        expect(t.code).toBe('ENOENT'); // gone before the read opened it: a clean error, never a crash
        continue;
      }
      expect(t.numRows).toBe(50_000);
      expect(String(t.getChild('s')!.get(49_999))).toBe('row 49999');
      readWhole++;
    }
    expect(readWhole).toBeGreaterThan(0);
  });
});
