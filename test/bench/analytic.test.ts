// The analytic suite: both servers get the same rows, answers are compared fairly, and the
// report never hides a timeout or a differing answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { factRows, seededRandom, writeLoadScript, VECTOR_DIMS } from '../../bench/lib/analytic-dataset.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { analyticQueries, compareAnswers } from '../../bench/lib/analytic-queries.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { formatAnalyticMarkdown, ratioCell, timeCell } from '../../bench/lib/analytic-report.mjs';

type Query = { id: string; kalamdb: string; tolerance: number };
const query = (id: string): Query => (analyticQueries() as Query[]).find((q) => q.id === id)!;

describe('analytic dataset', () => {
  it('is the same on every call (seeded)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    for (let i = 0; i < 100; i++) expect(a()).toBe(b());
    expect(factRows(1000)).toEqual(factRows(1000));
  });

  it('keeps about 0.1 % of the rows in the filter and 100 groups', () => {
    const rows = factRows(100_000) as [number, number, number, string][];
    expect(new Set(rows.map((r) => r[1])).size).toBe(100);
    const kept = rows.filter((r) => r[2] >= 500 && r[2] <= 501).length;
    expect(kept).toBeGreaterThan(50);
    expect(kept).toBeLessThan(150);
  });

  it('writes the same vectors as INSERTs for kalamdb-pg and as COPY for PostgreSQL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analytic-test-'));
    try {
      writeLoadScript(path.join(dir, 'k.sql'), 'kalamdb-pg', 'bench_vec', 3, { rowsPerInsert: 2 });
      writeLoadScript(path.join(dir, 'p.sql'), 'postgres', 'bench_vec', 3);
      const inserts = fs.readFileSync(path.join(dir, 'k.sql'), 'utf8');
      const copy = fs.readFileSync(path.join(dir, 'p.sql'), 'utf8');
      expect(inserts.split('\n').filter((l) => l.startsWith('INSERT INTO bench_vec (id, v) VALUES')).length).toBe(2);
      const ours = [...inserts.matchAll(/\((\d+),'\[([^\]]+)\]'\)/g)].map((m) => [m[1], m[2]]);
      const theirs = copy.split('\n').slice(1, 4).map((l) => {
        const [id, v] = l.split('\t');
        return [id, v!.slice(1, -1)];
      });
      expect(ours).toEqual(theirs);
      expect(ours[0]![1]!.split(',').length).toBe(VECTOR_DIMS);
      expect(copy.endsWith('\\.\n')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compareAnswers', () => {
  it('ignores row order without ORDER BY, but not with it', () => {
    expect(compareAnswers(query('filter'), [['1', 'a'], ['2', 'b']], [['2', 'b'], ['1', 'a']])).toBeNull();
    expect(compareAnswers(query('top-10'), [['1', '9'], ['2', '8']], [['2', '8'], ['1', '9']])).toMatch(/row 1/);
  });

  it('lets floating-point sums differ in their last digits only', () => {
    const q = query('sum-avg');
    expect(compareAnswers(q, [['499865915.5349703', '499.86591553497027']], [['499865915.53497', '499.86591553497']])).toBeNull();
    expect(compareAnswers(q, [['499865915.5', '499.8']], [['499865916.5', '499.8']])).toMatch(/column 1/);
  });

  it('never lets a count or an id differ', () => {
    expect(compareAnswers(query('count'), [['1000000']], [['999999']])).toMatch(/"1000000" vs "999999"/);
    expect(compareAnswers(query('count'), [], [['1']])).toBe('0 rows vs 1');
  });
});

describe('analytic report', () => {
  const ok = (ms: number[], medianMs: number) => ({ status: 'ok', ms, medianMs });

  it('divides our time by PostgreSQL time, and bounds a timeout from below', () => {
    expect(ratioCell(ok([200], 200), ok([50], 50))).toBe('4.00×');
    expect(ratioCell({ status: 'timeout', timeoutSeconds: 60 }, ok([30], 30))).toBe('> 2,000×');
    expect(ratioCell({ status: 'error' }, ok([30], 30))).toBe('n/a');
    expect(timeCell(ok([1200, 1300, 1250], 1250), 3)).toBe('1,250 (1,200–1,300)');
    expect(timeCell({ status: 'timeout', timeoutSeconds: 60 }, 3)).toBe('timeout (> 60 s)');
  });

  it('lists every timeout and differing answer under Problems', () => {
    const markdown = formatAnalyticMarkdown({
      title: 't', date: '2026-12-06', commit: 'abc', loadAverage: '1, 1, 1',
      machine: { nproc: 2, cpuModel: 'cpu', memoryGiB: 24, os: 'linux', node: 'v20' },
      postgresVersion: '15', postgresSettings: 'defaults', subjectPeakRssMiB: 1000,
      settings: { factRows: 10, dimRows: 10, vectorRows: 10, runs: 1, timeoutSeconds: 60 },
      loads: [{ table: 'bench_fact', rows: 10, ours: { seconds: 1, rowsPerSecond: 10, method: 'INSERT' }, theirs: { seconds: 0.1, rowsPerSecond: 100, method: 'COPY' } }],
      rows: [
        { name: 'join', ours: { status: 'timeout', timeoutSeconds: 60 }, theirs: ok([5], 5), mismatch: null },
        { name: 'count', ours: ok([5], 5), theirs: ok([5], 5), mismatch: 'row 1, column 1: "1" vs "2"' },
      ],
      problems: ['join: kalamdb-pg: timeout: no answer within 60 s'],
      queries: [{ id: 'count', name: 'count', kalamdb: 'SELECT 1', postgres: 'SELECT 1' }],
    });
    expect(markdown).toContain('| join | timeout (> 60 s) | 5.00 | > 12,000× | – |');
    expect(markdown).toContain('| count | 5.00 | 5.00 | 1.00× | **differ** |');
    expect(markdown).toContain('- join: kalamdb-pg: timeout: no answer within 60 s');
  });
});
