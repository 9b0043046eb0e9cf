// The cold suite: the streamed rows are the same on every call and keep the shape the queries
// assume (100 groups, a 1 % ts window), a flush's job is found and timed from system.jobs'
// text, and the report never lets an unflushed run pass for a flushed one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { coldCsvChunks, formatTs, TS_FILTER } from '../../bench/lib/cold-dataset.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { filesUnder, jobIdIn, timestamptzMs } from '../../bench/lib/cold-flush.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { coldQueries } from '../../bench/lib/cold-queries.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { formatColdMarkdown } from '../../bench/lib/cold-report.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { runCommand } from '../../bench/lib/process.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { uniqueBaseName } from '../../bench/lib/result-files.mjs';

const csv = (rows: number, chunkChars?: number): string => [...coldCsvChunks(rows, chunkChars ? { chunkChars } : {})].join('');
const lines = (rows: number) => csv(rows).trimEnd().split('\n').map((l) => l.split(','));

describe('cold dataset', () => {
  it('streams the same rows on every call, whatever the chunk size', () => {
    expect(csv(5000)).toBe(csv(5000));
    expect(csv(5000, 100)).toBe(csv(5000));
    const chunks = [...coldCsvChunks(5000, { chunkChars: 1000 })] as string[];
    expect(chunks.length).toBeGreaterThan(100);
    expect(chunks.slice(0, -1).every((c) => c.length >= 1000 && c.endsWith('\n'))).toBe(true);
  });

  it('writes ids 1..n, 100 groups, 3-decimal vals in [0, 1000) and timestamps of 2025 in PostgreSQL\'s text form', () => {
    const rows = lines(100_000);
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 100_000 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r[1])).size).toBe(100);
    for (const [, , val, ts, name] of rows.slice(0, 1000)) {
      expect(Number(val)).toBeGreaterThanOrEqual(0);
      expect(Number(val)).toBeLessThan(1000);
      expect(val).toMatch(/^\d+(\.\d{1,3})?$/);
      expect(ts).toMatch(/^2025-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(name!.length).toBeLessThanOrEqual(12);
    }
  });

  it('keeps about 1 % of the rows in the ts window, spread over the whole id range', () => {
    const rows = lines(200_000);
    const kept = rows.filter((r) => r[3]! >= TS_FILTER.from && r[3]! < TS_FILTER.to);
    expect(kept.length / rows.length).toBeGreaterThan(0.009);
    expect(kept.length / rows.length).toBeLessThan(0.011);
    expect(Number(kept[0]![0])).toBeLessThan(1000);
    expect(Number(kept.at(-1)![0])).toBeGreaterThan(199_000);
    expect([TS_FILTER.from, TS_FILTER.to]).toEqual(['2025-06-01 00:00:00', '2025-06-04 15:36:00']);
    expect(formatTs(0)).toBe('2025-01-01 00:00:00');
  });

  it('runs the same SQL on both servers', () => {
    for (const q of coldQueries() as { kalamdb: string; postgres: string }[]) expect(q.kalamdb).toBe(q.postgres);
  });

  it('is streamed to a child process as it reads, not built whole first', async () => {
    const result = await runCommand('wc', ['-c'], { input: coldCsvChunks(50_000) });
    expect(Number(result.stdout.trim())).toBe(Buffer.byteLength(csv(50_000)));
  });
});

describe('cold flush', () => {
  it('finds the job id in whatever cell of the answer holds it', () => {
    expect(jobIdIn([['FL-318512345678901248']])).toBe('FL-318512345678901248');
    expect(jobIdIn([['public.bench_cold', 'Flush started, job FL-42']])).toBe('FL-42');
    expect(jobIdIn([['ok']])).toBeNull();
    expect(jobIdIn([])).toBeNull();
  });

  it('reads timestamptz text as PostgreSQL prints it', () => {
    expect(timestamptzMs('2026-12-06 13:03:56.133+00')).toBe(Date.UTC(2026, 11, 6, 13, 3, 56, 133));
    expect(timestamptzMs('2026-12-06 13:03:56+05:30')).toBe(Date.UTC(2026, 11, 6, 7, 33, 56));
    expect(timestamptzMs(null)).toBeNull();
  });

  it('sums the Parquet files under a directory, at any depth', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-test-'));
    try {
      fs.mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'a', 'seg-1.parquet'), Buffer.alloc(100));
      fs.writeFileSync(path.join(dir, 'a', 'b', 'seg-2.parquet'), Buffer.alloc(50));
      fs.writeFileSync(path.join(dir, 'a', 'manifest.json'), '{}');
      expect(filesUnder(dir, (n: string) => n.endsWith('.parquet'))).toEqual({ bytes: 150, files: 2 });
      expect(filesUnder(dir)).toEqual({ bytes: 152, files: 3 });
      expect(filesUnder(path.join(dir, 'none'))).toEqual({ bytes: 0, files: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cold report', () => {
  const ok = (ms: number[], medianMs: number, warmUpMs = 900) => ({ status: 'ok', ms, medianMs, warmUpMs });
  const report = (flush: object, segments: object | null) => ({
    title: 't', date: '2026-12-06', commit: 'abc',
    machine: { nproc: 2, cpuModel: 'cpu', memoryGiB: 24, os: 'linux', node: 'v20' },
    before: { loadAverage: '0.1, 0.1, 0.1', otherCores: 0.02 },
    queryPhase: { loadAverage: '1, 1, 1', otherCores: 0.5 },
    postgresVersion: '15', postgresSettings: 'defaults',
    settings: { rows: 10_000_000, groups: 100, schema: 'CREATE TABLE bench_cold (…)', runs: 3, timeoutSeconds: 300 },
    load: {
      ours: { seconds: 20, rowsPerSecond: 500_000, generatorCpuSeconds: 9 },
      theirs: { seconds: 25, rowsPerSecond: 400_000, generatorCpuSeconds: 9 },
      postgresSettleSeconds: 4,
    },
    flush,
    sizes: { segments, kalamdbRocksdbAfterLoadBytes: 600 * 2 ** 20, postgres: { heapBytes: 500 * 2 ** 20, totalBytes: 714 * 2 ** 20, indexBytes: 214 * 2 ** 20 } },
    peakRssMiB: { load: 300, flush: 800, queries: 900 },
    rows: [{ name: 'count(*)', ours: ok([200, 210, 190], 200), theirs: ok([400, 390, 410], 400, 500), mismatch: null }],
    problems: [],
    queries: [{ id: 'count', name: 'count(*)', kalamdb: 'SELECT count(*) FROM bench_cold', postgres: 'SELECT count(*) FROM bench_cold' }],
  });

  it('gives flush rows/s, the job and the segments against PostgreSQL\'s heap and total', () => {
    const md = formatColdMarkdown(report(
      { status: 'flushed', jobId: 'FL-7', wallSeconds: 10, jobSeconds: 9.5, rows: 10_000_000, bytes: 250 * 2 ** 20, rowsPerSecond: 1_000_000 },
      { dir: '/tmp/x/data/storage/public/bench_cold', bytes: 250 * 2 ** 20, files: 1 },
    ));
    expect(md).toContain('The rows were flushed: `STORAGE FLUSH TABLE public.bench_cold` ran as job FL-7');
    expect(md).toContain('10.0 s wall, **1,000,000 rows/s**');
    expect(md).toContain('250.0 MiB in 1 file(s): 0.50× the heap, 0.35× the total');
    expect(md).toContain('| count(*) | 200 (190–210) | 400 (390–410) | 0.50× | same |');
    expect(md).toContain('| 900 ms | 500 ms |');
    expect(md).toContain('load 300 MiB, flush 800 MiB, queries 900 MiB');
    expect(md).toContain('**500,000 rows/s**');
    expect(md).not.toContain('NOT flushed');
  });

  it('says the rows were not flushed when the server refused or the run skipped the flush', () => {
    const refused = formatColdMarkdown(report({ status: 'unsupported', code: '0A000', message: 'STORAGE FLUSH is not supported yet' }, null));
    expect(refused.split('\n')[2]).toMatch(/^\*\*The rows were NOT flushed\*\*: `STORAGE FLUSH TABLE` answered 0A000/);
    expect(refused).toContain('| kalamdb-pg Parquet segments | none: the rows were not flushed | |');
    const skipped = formatColdMarkdown(report({ status: 'skipped', message: 'BENCH_COLD_FLUSH=0' }, null));
    expect(skipped).toContain('**The rows were NOT flushed** (BENCH_COLD_FLUSH=0)');
  });
});

describe('result files', () => {
  it('never reuses a base name that has a .md or a .json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cold-test-'));
    try {
      expect(uniqueBaseName(dir, 'r')).toBe('r');
      fs.writeFileSync(path.join(dir, 'r.json'), '');
      expect(uniqueBaseName(dir, 'r')).toBe('r-2');
      fs.writeFileSync(path.join(dir, 'r-2.md'), '');
      expect(uniqueBaseName(dir, 'r')).toBe('r-3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
