/** FLUSH_POLICY queues flushes on its own: after N rows written, or S seconds after a write. */
import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import { withServerAndClient } from './harness.js';
import { segmentFiles, storageDir, waitForJob } from './flush-support.js';

const s = withServerAndClient();

async function flushJobs(c: pg.Client, table: string): Promise<string[]> {
  const r = await c.query<{ job_id: string }>("SELECT job_id FROM system.jobs WHERE job_type = 'flush' AND table_name = $1 ORDER BY created_at", [table]);
  return r.rows.map((x) => x.job_id);
}

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('FLUSH_POLICY', () => {
  it('rows:N queues a flush once N rows were written, and not before', async () => {
    const { c, t } = s;
    await c.query("CREATE SHARED TABLE by_rows (id INT PRIMARY KEY, v TEXT) WITH (FLUSH_POLICY = 'rows:500')");
    await c.query("INSERT INTO by_rows SELECT g, 'x' FROM generate_series(1, 300) g");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await flushJobs(c, 'by_rows')).toEqual([]);
    await c.query("INSERT INTO by_rows SELECT g, 'x' FROM generate_series(301, 600) g");
    const jobs = await eventually(() => flushJobs(c, 'by_rows'), (j) => j.length > 0, 5000);
    expect(jobs).toHaveLength(1);
    expect((await waitForJob(c, jobs[0]!)).status).toBe('completed');
    expect(segmentFiles(storageDir(t.dataDir, 'public', 'by_rows'))).toHaveLength(1);
    expect((await c.query('SELECT count(*)::int AS n FROM by_rows')).rows).toEqual([{ n: 600 }]);
  });

  it('interval:S queues a flush S seconds after a write, and none while nothing is written', async () => {
    const { c, t } = s;
    await c.query("CREATE SHARED TABLE by_time (id INT PRIMARY KEY) WITH (FLUSH_POLICY = 'interval:1')");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await flushJobs(c, 'by_time')).toEqual([]);
    await c.query('INSERT INTO by_time VALUES (1), (2)');
    const jobs = await eventually(() => flushJobs(c, 'by_time'), (j) => j.length > 0, 5000);
    expect(jobs).toHaveLength(1);
    expect((await waitForJob(c, jobs[0]!)).status).toBe('completed');
    expect(segmentFiles(storageDir(t.dataDir, 'public', 'by_time'))).toHaveLength(1);
  });
});
