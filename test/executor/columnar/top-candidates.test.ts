import { describe, expect, it } from 'vitest';
import { ColumnBuilder, type ColumnVector } from '../../../src/executor/columnar/column-vector.js';
import { topCandidates } from '../../../src/executor/columnar/top-candidates.js';
import type { MirrorSnapshot } from '../../../src/executor/columnar/table-mirror.js';
import type { Value } from '../../../src/types/kalam-type.js';
import { seededRandom } from '../../support/seeded-random.js';

/** `values` (integers or NULL) as one column of the given kind; 'int64' as a segment's column is. */
function snapshotOf(values: Value[], kind: 'int' | 'float' | 'int64'): MirrorSnapshot {
  let column: ColumnVector;
  if (kind === 'int64') {
    const nulls = Uint8Array.from(values, (v) => (v === null ? 1 : 0));
    column = { kind, values: BigInt64Array.from(values, (v) => BigInt((v as number | null) ?? 0)), nulls, hasNulls: nulls.includes(1) };
  } else {
    const col = new ColumnBuilder(kind);
    for (const v of values) col.append(v);
    column = col.finish();
  }
  const base = { count: values.length, columns: [column], bytes: 0 };
  return { base, dead: null, extraKeys: [], extraRows: [], extraAt: new Int32Array(0), width: 1 };
}

describe('topCandidates', () => {
  it('keeps every row that can be among the first k, in order, for any order and NULL placement', () => {
    const next = seededRandom(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(next() * 200);
      const kind = (['int', 'float', 'int64'] as const)[trial % 3]!;
      const values: Value[] = Array.from({ length: n }, () => (next() < 0.1 ? null : Math.floor(next() * 30) - 10));
      const snap = snapshotOf(values, kind);
      const all = Int32Array.from({ length: n }, (_, i) => i);
      const desc = next() < 0.5;
      const nullsFirst = next() < 0.5;
      const k = 1 + Math.floor(next() * 20);
      const got = topCandidates(snap, all, 0, desc, nullsFirst, k);
      // The first k of a full sort (ties broken any way) must all be candidates.
      const order = [...all].sort((a, b) => {
        const x = values[a]!;
        const y = values[b]!;
        if (x === null || y === null) return x === y ? 0 : (x === null) === nullsFirst ? -1 : 1;
        return desc ? (y as number) - (x as number) : (x as number) - (y as number);
      });
      if (got === null) continue;
      expect([...got]).toEqual([...got].sort((a, b) => a - b));
      for (const p of order.slice(0, k)) expect(got).toContain(p);
      // No number strictly worse than the k-th best number is kept.
      const numbers = order.map((p) => values[p]).filter((v): v is number => v !== null);
      const t = numbers[k - 1]!;
      for (const p of got) {
        const v = values[p]!;
        if (v === null) continue;
        expect(desc ? (v as number) >= t : (v as number) <= t, JSON.stringify({ values, desc, nullsFirst, k, v, t })).toBe(true);
      }
    }
  });

  it('leaves NaN columns alone (NaN sorts above every number)', () => {
    const snap = snapshotOf([1, Number.NaN, 3, 2], 'float');
    expect(topCandidates(snap, Int32Array.from([0, 1, 2, 3]), 0, true, false, 1)).toBeNull();
  });
});
