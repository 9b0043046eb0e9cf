// The exactly-once check: what each live query received against what it must receive
// (live-plan.mjs), and the latency of every delivery from the writer's clock.

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

/**
 * Checks every live query's arrivals. `received[k]` is live query k's arrivals in arrival order,
 * `{ payload, at }` (at: ms on the writer's clock); `sentAt[i]`/`ackAt[i]` are when change i's
 * statement was sent and its CommandComplete came back. Returns counts of what went wrong (all
 * zero when every change reached every matching live query exactly once, in commit order, with
 * the right row) and the latencies.
 */
export function checkDeliveries({ changes, expected, received, sentAt, ackAt }) {
  const next = nextChangeOfRow(changes);
  const totals = { expected: 0, received: 0, missing: 0, duplicate: 0, unexpected: 0, outOfOrder: 0, wrongRow: 0, unreadable: 0 };
  const fromSend = [];
  const fromAck = [];
  const perSub = [];
  const examples = [];
  const note = (text) => { if (examples.length < 10) examples.push(text); };
  expected.forEach((want, k) => {
    const got = received[k] ?? [];
    const kindOf = new Map(want.map((w) => [w.i, w.kind]));
    const seen = new Set();
    let last = -1;
    const sub = { expected: want.length, received: got.length, missing: 0, problems: 0 };
    for (const { payload, at } of got) {
      let msg;
      try { msg = JSON.parse(payload); } catch { msg = null; }
      const i = msg ? changeOf(msg, next) : -1;
      if (i < 0) { totals.unreadable++; sub.problems++; note(`live query ${k}: unreadable payload ${payload.slice(0, 120)}`); continue; }
      const kind = kindOf.get(i);
      if (kind === undefined) { totals.unexpected++; sub.problems++; note(`live query ${k}: change ${i} does not match it`); continue; }
      if (seen.has(i)) { totals.duplicate++; sub.problems++; note(`live query ${k}: change ${i} twice`); continue; }
      seen.add(i);
      if (i < last) { totals.outOfOrder++; sub.problems++; note(`live query ${k}: change ${i} after ${last}`); }
      last = Math.max(last, i);
      if (msg.op !== kind || !rowFits(msg, changes[i], kind)) { totals.wrongRow++; sub.problems++; note(`live query ${k}: change ${i} expected ${kind}, got ${payload.slice(0, 120)}`); }
      fromSend.push(at - sentAt[i]);
      if (ackAt[i] !== undefined) fromAck.push(at - ackAt[i]);
    }
    sub.missing = want.length - seen.size;
    if (sub.missing > 0) note(`live query ${k}: ${sub.missing} of ${want.length} changes missing`);
    totals.expected += want.length;
    totals.received += got.length;
    totals.missing += sub.missing;
    perSub.push(sub);
  });
  const problems = totals.missing + totals.duplicate + totals.unexpected + totals.outOfOrder + totals.wrongRow + totals.unreadable;
  const counts = (f) => perSub.map(f);
  return {
    ...totals,
    exactlyOnce: problems === 0,
    liveQueriesWithProblems: perSub.filter((s) => s.missing > 0 || s.problems > 0).length,
    /** [expected, received] of each live query, in subscription order. */
    counts: perSub.map((s) => [s.expected, s.received]),
    perLiveQuery: { expectedMin: Math.min(...counts((s) => s.expected)), expectedMax: Math.max(...counts((s) => s.expected)), receivedMin: Math.min(...counts((s) => s.received)), receivedMax: Math.max(...counts((s) => s.received)) },
    examples,
    latencyFromSendMs: latencySummary(fromSend),
    latencyFromAckMs: latencySummary(fromAck),
  };
}
