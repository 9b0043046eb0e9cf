// The live-query workload, decided before anything runs: which live queries exist (each with its
// own WHERE), which single-row changes the writer makes, and so which changes each live query
// must receive — the exactly-once check compares what arrived with this. Seeded, so both servers
// get the same subscriptions and the same changes.
import { seededRandom } from './analytic-dataset.mjs';

export const LIVE_TABLE = 'live_bench';
// `seq` is the index of the change that wrote the row version: a notification's row names the
// change that produced it (see changeOf), so the bench needs no id in the payload of its own.
export const LIVE_TABLE_SQL = `CREATE TABLE ${LIVE_TABLE} (id bigint PRIMARY KEY, topic int NOT NULL, val int NOT NULL, seq bigint NOT NULL)`;

/**
 * Live query `index` of `count`, over `topics` topic values. Four shapes, so a change matches a
 * set of live queries known in advance and some changes move rows in and out of a filter:
 *
 *   every 20th          no WHERE                      every change
 *   index % 4 == 1      topic IN (a, b)               two topics
 *   index % 4 == 2      topic = a AND val < v         an UPDATE of val moves rows in and out
 *   otherwise           topic = a
 */
export function liveSubscription(index, topics) {
  const a = index % topics;
  const b = (index * 7 + 3) % topics === a ? (a + 1) % topics : (index * 7 + 3) % topics;
  if (index % 20 === 0) return { index, where: null, topics: null, valBelow: null };
  if (index % 4 === 1) return { index, where: `topic IN (${a}, ${b})`, topics: [a, b], valBelow: null };
  if (index % 4 === 2) {
    const v = 200 + ((index * 37) % 600);
    return { index, where: `topic = ${a} AND val < ${v}`, topics: [a], valBelow: v };
  }
  return { index, where: `topic = ${a}`, topics: [a], valBelow: null };
}

export function liveSubscriptions(count, topics = 10) {
  return Array.from({ length: count }, (_, i) => liveSubscription(i, topics));
}

/** Whether `row` (or null: no row) satisfies the live query's WHERE. */
export function matches(sub, row) {
  if (row === null) return false;
  if (sub.topics !== null && !sub.topics.includes(row.topic)) return false;
  return sub.valBelow === null || row.val < sub.valBelow;
}

/**
 * `count` single-row changes: about half INSERTs of fresh ids, 30 % UPDATEs of val (topic stays),
 * 20 % DELETEs, both of a row that exists. Each carries the row before (`old`) and after (`row`).
 */
export function liveChanges(count, { topics = 10, seed = 7 } = {}) {
  const random = seededRandom(seed);
  const pick = (n) => Math.floor(random() * n);
  const live = [];
  const rows = new Map();
  const changes = [];
  let nextId = 1;
  for (let i = 0; i < count; i++) {
    const r = random();
    let change;
    if (live.length < 20 || r < 0.5) {
      const row = { id: nextId++, topic: pick(topics), val: pick(1000), seq: i };
      live.push(row.id);
      change = { i, kind: 'insert', id: row.id, old: null, row };
    } else {
      const at = pick(live.length);
      const id = live[at];
      const old = rows.get(id);
      if (r < 0.8) {
        change = { i, kind: 'update', id, old, row: { ...old, val: pick(1000), seq: i } };
      } else {
        live[at] = live[live.length - 1];
        live.pop();
        change = { i, kind: 'delete', id, old, row: null };
      }
    }
    if (change.row) rows.set(change.id, change.row);
    else rows.delete(change.id);
    changes.push(change);
  }
  return changes;
}

/** The statement that makes the change; the same text on both servers. */
export function changeSql(c) {
  switch (c.kind) {
    case 'insert': return `INSERT INTO ${LIVE_TABLE} (id, topic, val, seq) VALUES (${c.id}, ${c.row.topic}, ${c.row.val}, ${c.i})`;
    case 'update': return `UPDATE ${LIVE_TABLE} SET val = ${c.row.val}, seq = ${c.i} WHERE id = ${c.id}`;
    default: return `DELETE FROM ${LIVE_TABLE} WHERE id = ${c.id}`;
  }
}

/**
 * What one live query sees of a change, as the server announces it: an update when old and new
 * rows match, an insert when only the new one does (inserted or moved into the filter), a
 * delete when only the old one does (deleted or moved out); null when neither matches.
 */
export function notificationKind(sub, c) {
  const was = matches(sub, c.old);
  const is = matches(sub, c.row);
  if (was && is) return 'update';
  if (is) return 'insert';
  return was ? 'delete' : null;
}

/** Per live query, the changes it must receive in commit order: [{ i, kind }]. */
export function expectedDeliveries(subs, changes) {
  const out = subs.map(() => []);
  for (const c of changes) {
    subs.forEach((s, k) => {
      const kind = notificationKind(s, c);
      if (kind) out[k].push({ i: c.i, kind });
    });
  }
  return out;
}
