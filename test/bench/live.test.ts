// The live suite's plan and exactly-once check (bench/lib/live-plan.mjs, live-check.mjs): a
// delivery that goes missing, comes twice, comes out of order or carries the wrong row is
// counted, so a bench run that reports "exactly once" means it.
import { describe, expect, it } from 'vitest';
import { checkDeliveries, latencySummary } from '../../bench/lib/live-check.mjs';
import { expectedDeliveries, liveChanges, liveSubscriptions, notificationKind } from '../../bench/lib/live-plan.mjs';
import type { LiveChange, LiveRow } from '../../bench/lib/live-plan.mjs';

const changes = liveChanges(400);
const subs = liveSubscriptions(40);
const expected = expectedDeliveries(subs, changes);

/** What a correct server sends: one payload per expected delivery, in commit order. */
function perfect(): { payload: string; at: number }[][] {
  return expected.map((want) => want.map(({ i, kind }) => {
    const c = changes[i]!;
    const payload = kind === 'update' ? { op: kind, row: c.row, old: c.old } : { op: kind, row: kind === 'delete' ? c.old : c.row };
    return { payload: JSON.stringify(payload), at: i * 5 + 2 };
  }));
}

const sentAt = changes.map((c) => c.i * 5);
const ackAt = changes.map((c) => c.i * 5 + 1);
const check = (received: { payload: string; at: number }[][]) => checkDeliveries({ subs, changes, expected, received, sentAt, ackAt });

describe('live bench plan', () => {
  it('is the same on every call and mixes inserts, updates and deletes of existing rows', () => {
    expect(liveChanges(400)).toEqual(changes);
    const kinds = new Set(changes.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['delete', 'insert', 'update']);
    const exists = new Set<number>();
    for (const c of changes) {
      if (c.kind === 'insert') expect(exists.has(c.id)).toBe(false);
      else expect(exists.has(c.id)).toBe(true);
      if (c.kind === 'delete') exists.delete(c.id);
      else exists.add(c.id);
    }
  });

  it('announces an update that leaves a filter as a delete and one that enters it as an insert', () => {
    const sub = { index: 2, where: 'topic = 2 AND val < 500', topics: [2], valBelow: 500 };
    const row = (val: number, seq: number): LiveRow => ({ id: 1, topic: 2, val, seq });
    const update = (from: number, to: number): LiveChange => ({ i: 1, kind: 'update', id: 1, old: row(from, 0), row: row(to, 1) });
    expect([notificationKind(sub, update(1, 2)), notificationKind(sub, update(1, 900)), notificationKind(sub, update(900, 1)), notificationKind(sub, update(900, 901))])
      .toEqual(['update', 'delete', 'insert', null]);
  });
});

describe('live bench exactly-once check', () => {
  it('passes what a correct server sends and measures its latency', () => {
    const r = check(perfect());
    expect(r.exactlyOnce).toBe(true);
    expect(r.received).toBe(r.expected);
    expect([r.latencyFromSendMs.p50, r.latencyFromAckMs.max]).toEqual([2, 1]);
  });

  it('counts a missing, a duplicate, a reordered and a wrong delivery', () => {
    const received = perfect();
    received[0]!.splice(3, 1);
    received[1]!.push(received[1]![0]!);
    [received[2]![4], received[2]![5]] = [received[2]![5]!, received[2]![4]!];
    const wrong = JSON.parse(received[3]![0]!.payload) as { row: LiveRow };
    wrong.row.val += 1;
    received[3]![0] = { payload: JSON.stringify(wrong), at: received[3]![0]!.at };
    const r = check(received);
    expect({ exactlyOnce: r.exactlyOnce, missing: r.missing, duplicate: r.duplicate, outOfOrder: r.outOfOrder, wrongRow: r.wrongRow, affected: r.liveQueriesWithProblems })
      .toEqual({ exactlyOnce: false, missing: 1, duplicate: 1, outOfOrder: 1, wrongRow: 1, affected: 4 });
  });

  it('counts a change delivered to a live query it does not match', () => {
    const received = perfect();
    const stranger = expected[0]!.find((d) => !expected[1]!.some((e) => e.i === d.i))!;
    received[1]!.push(received[0]!.find((a) => a.at === stranger.i * 5 + 2)!);
    expect(check(received).unexpected).toBe(1);
  });

  it('takes percentiles by rank', () => {
    expect(latencySummary([5, 1, 4, 2, 3])).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, max: 5 });
  });
});
