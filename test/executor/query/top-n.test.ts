import { describe, expect, it } from 'vitest';
import { topN } from '../../../src/executor/query/top-n.js';
import { pgQsort } from '../../../src/util/pg-qsort.js';
import { seededRandom as rng } from '../../support/seeded-random.js';


interface Row {
  key: number;
  out: number;
}

const byKey = (a: Row, b: Row): number => a.key - b.key;

describe('topN', () => {
  it('gives exactly pgQsort(rows).slice(0, k) whenever it answers', () => {
    const next = rng(7);
    let answered = 0;
    for (const n of [0, 1, 5, 8, 41, 200, 1000]) {
      for (const distinct of [2, 20, 100_000]) {
        for (const k of [0, 1, 3, 10, 50]) {
          // Rows tie on key; `out` sometimes follows the key (ties then invisible), sometimes not.
          const follow = next() < 0.5;
          const rows = Array.from({ length: n }, (_, i) => {
            const key = Math.floor(next() * distinct);
            return { key, out: follow ? key : i };
          });
          const want = pgQsort(rows.slice(), byKey).slice(0, k).map((r) => r.out);
          const got = topN(rows, k, byKey, (a, b) => a.out === b.out);
          if (got === null) continue;
          answered++;
          expect(got.map((r) => r.out)).toEqual(want);
        }
      }
    }
    expect(answered).toBeGreaterThan(30);
  });

  it('declines when a row left out ties with the last one kept', () => {
    const rows = [{ key: 1, out: 1 }, { key: 2, out: 2 }, { key: 2, out: 3 }];
    expect(topN(rows, 2, byKey, (a, b) => a.out === b.out)).toBeNull();
  });

  it('keeps all rows when k covers them (the caller sorts)', () => {
    expect(topN([{ key: 1, out: 1 }], 5, byKey, () => true)).toBeNull();
  });
});
