import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isTemporaryFile, writeSegmentFile } from '../../../src/storage/segments/durable-file.js';
import { loadManifest } from '../../../src/storage/segments/manifest-recovery.js';
import { openSegment } from '../../../src/storage/segments/segment-reader.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function crashWriter(step: string): string {
  const dir = mkdtempSync(join(tmpdir(), `seg-crash-${step}-`));
  dirs.push(dir);
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite-node/vite-node.mjs'), join(root, 'test/storage/fixtures/segment-crash-writer.ts'), dir, step], { cwd: root, encoding: 'utf8' });
  expect(r.signal, r.stderr).toBe('SIGKILL');
  expect(r.stdout).not.toContain('survived');
  return dir;
}

describe('durable segment write', () => {
  it('leaves the final name absent and only a temporary file after a crash before the rename', async () => {
    for (const step of ['written', 'synced']) {
      const dir = crashWriter(step);
      const names = readdirSync(dir);
      expect(names).not.toContain('seg-crash.parquet');
      const temps = names.filter(isTemporaryFile);
      expect(temps).toHaveLength(1);
      expect(temps[0]).toMatch(/^\.seg-crash\.parquet\.[0-9a-f]{12}\.tmp$/);
      const report = await loadManifest(dir, { tableId: 7, partition: null });
      expect(report.rebuilt).toBe(false);
      expect(report.manifest.segments).toEqual([]);
      expect(report.unlisted).toEqual([]);
      expect(report.temporaryFiles).toEqual(temps);
    }
  });

  it('after a crash right after the rename the file is whole, and reported as not yet in the manifest', async () => {
    const dir = crashWriter('renamed');
    expect(readdirSync(dir).filter(isTemporaryFile)).toEqual([]);
    const seg = await openSegment(join(dir, 'seg-crash.parquet'));
    expect(seg.meta.rowCount).toBe(50_000);
    const report = await loadManifest(dir, { tableId: 7, partition: null });
    expect(report.unlisted).toEqual(['seg-crash.parquet']);
    expect(report.temporaryFiles).toEqual([]);
  });

  it('writes without leaving anything behind, and replaces a file whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-durable-'));
    dirs.push(dir);
    await writeSegmentFile(dir, 'x.parquet', new Uint8Array([1, 2, 3]));
    await writeSegmentFile(dir, 'x.parquet', new Uint8Array([4, 5]));
    expect(readdirSync(dir)).toEqual(['x.parquet']);
    await expect(writeSegmentFile(join(dir, 'no-such-dir'), 'y.parquet', new Uint8Array(1))).rejects.toThrow(/ENOENT/);
  });
});
