// The exactly-once check: what each live query received against what it must receive
// (live-plan.mjs), and the latency of every delivery from the writer's clock. Arrivals are
// checked as they come and kept as two numbers each, not as payloads: holding ~1M payload strings
// until the end cost the bench process GC pauses of ~100 ms, which showed up as latency.
import { notificationKind } from './live-plan.mjs';

/**
 * change index → the next change of the same row. A delete notification carries the row as it
 * was, whose `seq` is the change that wrote it; the change that announced the delete is the
 * next one on that row.
 */
function nextChangeOfRow(changes) {
  const next = new Int32Array(changes.length).fill(-1);
  const last = new Map();
  for (const c of changes) {
    const prev = last.get(c.id);
    if (prev !== undefined) next[prev] = c.i;
    last.set(c.id, c.i);
  }
  return next;
}

/** The change a payload announces, or -1 when it names none. */
function changeOf(msg, next) {
  const seq = Number(msg.row?.seq);
  if (!Number.isInteger(seq) || seq < 0 || seq >= next.length) return -1;
  return msg.op === 'delete' ? next[seq] : seq;
}

/** The row a payload must carry for change `c` announced as `kind`. */
function rowFits(msg, c, kind) {
  const want = kind === 'delete' ? c.old : c.row;
  const got = msg.row;
  if (!got || Number(got.id) !== want.id || Number(got.topic) !== want.topic || Number(got.val) !== want.val) return false;
  return kind !== 'update' || (msg.old !== undefined && Number(msg.old?.val) === c.old.val && Number(msg.old?.seq) === c.old.seq);
}

const percentile = (sorted, p) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);

/** p50/p95/p99/max (and the count) of a list of milliseconds. */
export function latencySummary(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length === 0 ? null : sorted[sorted.length - 1],
  };
}

/** A growable list of numbers in a typed array. */
class NumberList {
  constructor(Type) { this.a = new Type(1024); this.length = 0; }
  push(v) {
    if (this.length === this.a.length) { const b = new this.a.constructor(this.a.length * 2); b.set(this.a); this.a = b; }
    this.a[this.length++] = v;
  }
  get values() { return this.a.subarray(0, this.length); }
}

/**
 * Checks arrivals as they come: `arrive(k, payload, at)` for live query k (at: ms on the writer's
 * clock), then `result(sentAt, ackAt)` with when each change's statement was sent and its
 * CommandComplete came back. All fault counts are zero when every change reached every matching
 * live query exactly once, in commit order, with the right row.
 */
export class DeliveryCheck {
  /** `expectedCounts[k]`: how many changes live query k must receive (expectedDeliveries' lengths). */
  constructor({ subs, changes, expectedCounts }) {
    this.subs = subs;
    this.changes = changes;
    this.next = nextChangeOfRow(changes);
    this.expectedCounts = expectedCounts;
    this.received = new Int32Array(subs.length);
    this.distinct = new Int32Array(subs.length);
    this.problems = new Int32Array(subs.length);
    this.last = new Int32Array(subs.length).fill(-1);
    this.seen = new Uint8Array(subs.length * changes.length);
    this.totals = { missing: 0, duplicate: 0, unexpected: 0, outOfOrder: 0, wrongRow: 0, unreadable: 0 };
    this.examples = [];
    this.arrivalChange = new NumberList(Int32Array);
    this.arrivalAt = new NumberList(Float64Array);
    this.total = 0;
  }

  arrive(k, payload, at) {
    this.total++;
    this.received[k]++;
    let msg;
    try { msg = JSON.parse(payload); } catch { msg = null; }
    const i = msg ? changeOf(msg, this.next) : -1;
    if (i < 0) return this.fault(k, 'unreadable', `unreadable payload ${payload.slice(0, 120)}`);
    const kind = notificationKind(this.subs[k], this.changes[i]);
    if (kind === null) return this.fault(k, 'unexpected', `change ${i} does not match it`);
    const cell = k * this.changes.length + i;
    if (this.seen[cell]) return this.fault(k, 'duplicate', `change ${i} twice`);
    this.seen[cell] = 1;
    this.distinct[k]++;
    if (i < this.last[k]) this.fault(k, 'outOfOrder', `change ${i} after ${this.last[k]}`);
    this.last[k] = Math.max(this.last[k], i);
    if (msg.op !== kind || !rowFits(msg, this.changes[i], kind)) this.fault(k, 'wrongRow', `change ${i} expected ${kind}, got ${payload.slice(0, 120)}`);
    this.arrivalChange.push(i);
    this.arrivalAt.push(at);
  }

  fault(k, what, text) {
    this.totals[what]++;
    this.problems[k]++;
    if (this.examples.length < 10) this.examples.push(`live query ${k}: ${text}`);
  }

  result(sentAt, ackAt) {
    const totals = { ...this.totals };
    const examples = [...this.examples];
    const counts = this.subs.map((_, k) => [this.expectedCounts[k], this.received[k]]);
    counts.forEach(([want], k) => {
      const missing = want - this.distinct[k];
      totals.missing += missing;
      if (missing > 0 && examples.length < 10) examples.push(`live query ${k}: ${missing} of ${want} changes missing`);
    });
    const changesOf = this.arrivalChange.values;
    const at = this.arrivalAt.values;
    const fromSend = new Float64Array(at.length);
    const fromAck = new Float64Array(at.length);
    for (let n = 0; n < at.length; n++) {
      fromSend[n] = at[n] - sentAt[changesOf[n]];
      fromAck[n] = at[n] - ackAt[changesOf[n]];
    }
    const problems = Object.values(totals).reduce((a, b) => a + b, 0);
    const column = (j) => counts.map((c) => c[j]);
    return {
      expected: column(0).reduce((a, b) => a + b, 0),
      received: this.total,
      ...totals,
      exactlyOnce: problems === 0,
      liveQueriesWithProblems: counts.filter(([want], k) => this.problems[k] > 0 || this.distinct[k] < want).length,
      /** [expected, received] of each live query, in subscription order. */
      counts,
      perLiveQuery: { expectedMin: Math.min(...column(0)), expectedMax: Math.max(...column(0)), receivedMin: Math.min(...column(1)), receivedMax: Math.max(...column(1)) },
      examples,
      latencyFromSendMs: latencySummary(fromSend),
      latencyFromAckMs: latencySummary(fromAck),
    };
  }
}

/** The whole check over arrivals already collected: `received[k]` is live query k's `{ payload, at }` in arrival order. */
export function checkDeliveries({ subs, changes, expected, received, sentAt, ackAt }) {
  const check = new DeliveryCheck({ subs, changes, expectedCounts: expected.map((e) => e.length) });
  received.forEach((list, k) => { for (const { payload, at } of list) check.arrive(k, payload, at); });
  return check.result(sentAt, ackAt);
}
