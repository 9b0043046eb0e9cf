// Repeated runs of a cell: the median stands for it, and a failure in any run is kept.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { medianRun } from '../../bench/lib/samples.mjs';

const sample = (tps: number | null, problems = '', failed = 0) => ({
  tps, problems, failed, abortedClients: 0, ok: problems === '',
});

describe('medianRun', () => {
  it('takes the middle sample by tps and lists every sample', () => {
    const run = medianRun([sample(300), sample(100), sample(200)]);
    expect(run.tps).toBe(200);
    expect(run.samples).toEqual([300, 100, 200]);
    expect(run.ok).toBe(true);
  });

  it('takes the lower middle of an even count rather than inventing a figure', () => {
    expect(medianRun([sample(400), sample(100), sample(300), sample(200)]).tps).toBe(200);
  });

  it('keeps a problem from any one run', () => {
    const run = medianRun([sample(100), sample(null, 'no tps'), sample(300, '2 failed txns', 2)]);
    expect(run.tps).toBe(100);
    expect(run.ok).toBe(false);
    expect(run.failed).toBe(2);
    expect(run.problems).toBe('run 2: no tps; run 3: 2 failed txns');
  });

  it('passes a single run through', () => {
    const run = medianRun([sample(123.456)]);
    expect(run).toMatchObject({ tps: 123.456, ok: true, samples: [123.46] });
  });
});
