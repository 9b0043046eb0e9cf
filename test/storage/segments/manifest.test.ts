import { mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSegmentFile } from '../../../src/storage/segments/durable-file.js';
import { MANIFEST_FILE, emptyManifest, manifestEntryOf, readManifest, withSegments, writeManifest, type Manifest } from '../../../src/storage/segments/manifest.js';
import { loadManifest, rebuildManifest } from '../../../src/storage/segments/manifest-recovery.js';
import { encodeSegment, segmentFileName } from '../../../src/storage/segments/segment-writer.js';
import type { Value } from '../../../src/types/kalam-type.js';
import { INT8, TEXT, tableDef } from './table-fixture.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const table = tableDef([{ name: 'id', type: INT8, primaryKey: true }, { name: 'name', type: TEXT }], { id: 9 });
const scope = { tableId: 9, partition: 'alice' };

/** A scope directory with three flushes recorded in its manifest. */
async function scopeWithSegments(): Promise<{ dir: string; manifest: Manifest }> {
  const dir = mkdtempSync(join(tmpdir(), 'seg-manifest-'));
  dirs.push(dir);
  let manifest = emptyManifest(9, 'alice');
  for (let flush = 0; flush < 3; flush++) {
    const rows: Value[][] = Array.from({ length: 10 }, (_, i) => [BigInt(flush * 10 + i), i === 0 ? null : `n${i}`, BigInt(1000 * (flush + 1) + i), i === 9]);
    const { bytes, meta } = encodeSegment(table, rows, { partition: 'alice' });
    const file = segmentFileName(meta);
    await writeSegmentFile(dir, file, bytes);
    manifest = withSegments(manifest, [manifestEntryOf(file, bytes.length, meta)]);
    await writeManifest(dir, manifest);
  }
  return { dir, manifest };
}

describe('segment manifest', () => {
  it('lists each segment with rows, bytes, _seq range and column min/max, and reads back equal', async () => {
    const { dir, manifest } = await scopeWithSegments();
    const back = await readManifest(dir);
    expect(back).toEqual(manifest);
    expect(back!.segments.map((s) => [s.rows, s.deletedRows, s.minSeq, s.maxSeq])).toEqual([
      [10, 1, 1000n, 1009n], [10, 1, 2000n, 2009n], [10, 1, 3000n, 3009n],
    ]);
    expect(back!.segments[1]!.stats.get(1)).toEqual({ rows: 10, nulls: 0, min: 10n, max: 19n });
    expect(back!.segments[1]!.stats.get(2)).toEqual({ rows: 10, nulls: 1, min: 'n1', max: 'n9' });
    expect(back!.segments[0]!.file).toBe('seg-0000000000000001000-0000000000000001009.parquet');
    const json = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
    expect(json.segments[0].columns[1]).toMatchObject({ ordinal: 2, name: 'name', kalam: 'TEXT', stats: { min: 'n1', max: 'n9' } });
  });

  it('is rebuilt from the segment footers when missing, to the same content', async () => {
    const { dir, manifest } = await scopeWithSegments();
    unlinkSync(join(dir, MANIFEST_FILE));
    const report = await loadManifest(dir, scope);
    expect(report.rebuilt).toBe(true);
    expect(report.manifest).toEqual(manifest);
    expect(await readManifest(dir)).toEqual(manifest); // and written back
  });

  it('is rebuilt when corrupt (truncated or garbage)', async () => {
    const { dir, manifest } = await scopeWithSegments();
    truncateSync(join(dir, MANIFEST_FILE), 100);
    expect((await loadManifest(dir, scope)).manifest).toEqual(manifest);
    writeFileSync(join(dir, MANIFEST_FILE), '{"format": 99}');
    const report = await loadManifest(dir, scope);
    expect(report.rebuilt).toBe(true);
    expect(report.manifest).toEqual(manifest);
  });

  it('reports segments it does not list, listed files that are gone, temporary and unreadable files', async () => {
    const { dir, manifest } = await scopeWithSegments();
    await writeManifest(dir, withSegments(manifest, [], [manifest.segments[2]!.file]));
    unlinkSync(join(dir, manifest.segments[0]!.file));
    writeFileSync(join(dir, '.seg-x.parquet.0123456789ab.tmp'), 'partial');
    const report = await loadManifest(dir, scope);
    expect(report.rebuilt).toBe(false);
    expect(report.unlisted).toEqual([manifest.segments[2]!.file]);
    expect(report.missing).toEqual([manifest.segments[0]!.file]);
    expect(report.temporaryFiles).toEqual(['.seg-x.parquet.0123456789ab.tmp']);

    // a rebuild skips what it cannot read, and another table's segments, and says so
    writeFileSync(join(dir, 'seg-broken.parquet'), 'PAR1 not really');
    const other = tableDef(table.columns.map((c) => ({ name: c.name, type: c.type, primaryKey: c.primaryKey })), { id: 10 });
    const { bytes } = encodeSegment(other, [[1n, 'x', 5n, false]], { partition: 'alice' });
    await writeSegmentFile(dir, 'seg-other.parquet', bytes);
    const rebuilt = await rebuildManifest(dir, scope);
    expect(rebuilt.manifest.segments.map((s) => s.file)).toEqual(manifest.segments.slice(1).map((s) => s.file));
    expect(rebuilt.unreadable.map((u) => u.file)).toEqual(['seg-broken.parquet']);
    expect(rebuilt.unreadable[0]!.error).toMatch(/corrupt/);
    expect(rebuilt.foreign).toEqual(['seg-other.parquet']);
    expect(rebuilt.temporaryFiles).toEqual(['.seg-x.parquet.0123456789ab.tmp']);
  });

  it('a scope never flushed has an empty manifest and nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-empty-'));
    dirs.push(dir);
    const report = await loadManifest(join(dir, 'none'), scope);
    expect(report.manifest.segments).toEqual([]);
    expect(report.rebuilt).toBe(false);
  });
});
