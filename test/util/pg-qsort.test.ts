import { describe, expect, it } from 'vitest';
import { pgQsort, pgQsortSliced } from '../../src/util/pg-qsort.js';
import { seededRandom as rng } from '../support/seeded-random.js';


describe('pgQsort', () => {
  it('sorts arrays of every size around its thresholds (7, 40) and beyond', () => {
    const next = rng(42);
    for (const n of [0, 1, 2, 6, 7, 8, 39, 40, 41, 100, 1000, 5000]) {
      for (const distinct of [1, 3, 50, 10_000]) {
        const data = Array.from({ length: n }, (_, i) => ({ key: Math.floor(next() * distinct), id: i }));
        const sorted = pgQsort(data.slice(), (a, b) => a.key - b.key);
        expect(sorted.map((x) => x.key)).toEqual(data.map((x) => x.key).sort((a, b) => a - b));
        expect(new Set(sorted.map((x) => x.id)).size).toBe(n);
      }
    }
  });

  it('is an insertion sort (stable) below 7 elements and leaves sorted input alone', () => {
    const ties = [{ k: 1, id: 'a' }, { k: 0, id: 'b' }, { k: 1, id: 'c' }, { k: 0, id: 'd' }];
    expect(pgQsort(ties, (a, b) => a.k - b.k).map((x) => x.id)).toEqual(['b', 'd', 'a', 'c']);
    const sorted = Array.from({ length: 50 }, (_, i) => ({ k: i >> 2, id: i }));
    expect(pgQsort(sorted.slice(), (a, b) => a.k - b.k)).toEqual(sorted);
  });

  it('is not stable above 6 elements, like PostgreSQL', () => {
    // Seven rows, ties on the key: PostgreSQL's quicksort moves equal rows around the pivot.
    const rows = [3, 1, 2, 1, 3, 2, 1].map((k, id) => ({ k, id }));
    const out = pgQsort(rows, (a, b) => a.k - b.k);
    expect(out.map((x) => x.k)).toEqual([1, 1, 1, 2, 2, 3, 3]);
    expect(out.map((x) => x.id)).not.toEqual([1, 3, 6, 2, 5, 0, 4]);
  });

  it('puts ties in the same places when sorted in slices between yields', () => {
    const next = rng(7);
    for (const n of [0, 5, 7, 100, 5000, 40_000]) {
      for (const distinct of [1, 3, 1000]) {
        const data = Array.from({ length: n }, (_, i) => ({ key: Math.floor(next() * distinct), id: i }));
        const whole = pgQsort(data.slice(), (a, b) => a.key - b.key).map((x) => x.id);
        for (const slice of [1, 7, 64, 4096]) {
          const it = pgQsortSliced(data.slice(), (a, b) => a.key - b.key, slice);
          let step = it.next();
          while (!step.done) step = it.next();
          expect(step.value.map((x) => x.id)).toEqual(whole);
        }
      }
    }
  });
});
