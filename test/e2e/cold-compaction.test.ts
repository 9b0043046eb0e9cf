/**
 * The automatic compaction a flush starts: with many small segments beside big ones, it merges only
 * the small ones and keeps their tombstones, which still hide rows in the big segments it leaves
 * alone. Segments are capped at 1,000 rows here so "big" needs few rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SegmentLimits } from '../../src/storage/cold/flush.js';
import { withServerAndClient } from './harness.js';
import { flushAndWait, segmentFiles, storageDir } from './flush-support.js';

const saved = SegmentLimits.maxRows;
SegmentLimits.maxRows = 1000;
afterAll(() => void (SegmentLimits.maxRows = saved));

const s = withServerAndClient();

describe('automatic compaction of small segments', () => {
  it('merges the small segments, keeps the big ones, and deleted rows stay deleted', async () => {
    const { c, t } = s;
    await c.query('CREATE SHARED TABLE items (id INT PRIMARY KEY, v INT)');
    await c.query('INSERT INTO items SELECT g, 0 FROM generate_series(1, 3000) g');
    const model = new Map<number, number>();
    for (let i = 1; i <= 3000; i++) model.set(i, 0);
    expect((await flushAndWait(c, 'items')).status).toBe('completed');
    const dir = storageDir(t.dataDir, 'public', 'items');
    expect(segmentFiles(dir)).toHaveLength(3);
    for (let round = 1; round <= 9; round++) {
      // Deletes of rows in the big segments (tombstones), an update, an insert: one small segment a round.
      await c.query('DELETE FROM items WHERE id = $1 OR id = $2', [round * 100, 2000 + round]);
      model.delete(round * 100);
      model.delete(2000 + round);
      await c.query('UPDATE items SET v = $1 WHERE id = $2', [round, 1500 + round]);
      model.set(1500 + round, round);
      await c.query('INSERT INTO items VALUES ($1, $2)', [5000 + round, round]);
      model.set(5000 + round, round);
      expect((await flushAndWait(c, 'items')).status).toBe('completed');
    }
    // The ninth small segment made the flush queue a compaction of the small ones.
    const jobs = await c.query<{ status: string; parameters: string | null }>("SELECT status, parameters::text AS parameters FROM system.jobs WHERE job_type = 'compact'");
    expect(jobs.rows).toHaveLength(1);
    const done = await t.server.db.jobs.whenFinished((await c.query("SELECT job_id FROM system.jobs WHERE job_type = 'compact'")).rows[0].job_id);
    expect(done).toMatchObject({ status: 'completed', params: { small: true } });
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { segments: { rows: number; deletedRows: number }[] };
    expect(manifest.segments.map((x) => x.rows)).toEqual([1000, 1000, 1000, 36]); // 9 rounds x (2 tombstones, an update, an insert)
    expect(manifest.segments[3]!.deletedRows).toBe(18); // the tombstones, kept
    const r = await c.query<{ id: number; v: number }>('SELECT id, v FROM items ORDER BY id');
    expect(r.rows.map((x) => [x.id, x.v])).toEqual([...model].sort((a, b) => a[0] - b[0]));
    // The merged-away files go once nothing holds them: no read, and no column mirror (the scan
    // above laid the table out anew and let the old segments go).
    for (let i = 0; i < 100 && segmentFiles(dir).length > 4; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(segmentFiles(dir)).toHaveLength(4);
    expect((await c.query('SELECT v FROM items WHERE id = 300')).rows).toEqual([]);
  });
});
