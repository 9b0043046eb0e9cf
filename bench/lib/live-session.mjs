// One side of the live-query bench over real node-postgres connections: the table, the live
// queries spread over subscriber connections, the paced writer, and every notification's arrival
// time. The two sides differ only in how a live query is made (`liveSides`): kalamdb-pg's
// SUBSCRIBE, or PostgreSQL's LISTEN plus a trigger calling pg_notify.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { changeSql, LIVE_TABLE, LIVE_TABLE_SQL } from './live-plan.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL's nearest equivalent of 1,000 filtered live queries: each is a LISTEN channel and a
 * row of live_subs holding its filter; an AFTER INSERT/UPDATE/DELETE trigger sends every
 * matching channel the same payload kalamdb-pg sends (op, row, old) with pg_notify, which
 * PostgreSQL delivers at commit, in commit order.
 */
const POSTGRES_TRIGGER_SQL = `
CREATE TABLE live_subs (channel text PRIMARY KEY, topics int[], val_below int);
CREATE FUNCTION live_bench_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  s record;
  newj text := CASE WHEN TG_OP <> 'DELETE' THEN row_to_json(NEW)::text END;
  oldj text := CASE WHEN TG_OP <> 'INSERT' THEN row_to_json(OLD)::text END;
BEGIN
  FOR s IN
    SELECT channel, was, now FROM (
      SELECT channel,
        TG_OP <> 'INSERT' AND (topics IS NULL OR OLD.topic = ANY (topics)) AND (val_below IS NULL OR OLD.val < val_below) AS was,
        TG_OP <> 'DELETE' AND (topics IS NULL OR NEW.topic = ANY (topics)) AND (val_below IS NULL OR NEW.val < val_below) AS now
      FROM live_subs) m
    WHERE was OR now
  LOOP
    IF s.was AND s.now THEN PERFORM pg_notify(s.channel, '{"op":"update","row":' || newj || ',"old":' || oldj || '}');
    ELSIF s.now THEN PERFORM pg_notify(s.channel, '{"op":"insert","row":' || newj || '}');
    ELSE PERFORM pg_notify(s.channel, '{"op":"delete","row":' || oldj || '}');
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER live_bench_notify AFTER INSERT OR UPDATE OR DELETE ON ${LIVE_TABLE} FOR EACH ROW EXECUTE FUNCTION live_bench_notify();`;

const sqlArray = (xs) => (xs === null ? 'NULL' : `'{${xs.join(',')}}'`);

/** How each server makes its table and a live query; `subscribe` resolves with the channel. */
export const liveSides = {
  'kalamdb-pg': {
    setupSql: LIVE_TABLE_SQL,
    async subscribe(client, sub) {
      const r = await client.query(`SUBSCRIBE TO public.${LIVE_TABLE}${sub.where ? ` WHERE ${sub.where}` : ''}`);
      return r.rows[0].live_query_id;
    },
    async registered() {},
  },
  postgres: {
    setupSql: `${LIVE_TABLE_SQL};${POSTGRES_TRIGGER_SQL}`,
    async subscribe(client, sub) {
      const channel = `lq_${sub.index}`;
      await client.query(`LISTEN ${channel}`);
      return channel;
    },
    /** The filters go in one statement once every channel listens. */
    async registered(admin, subs) {
      const values = subs.map((s) => `('lq_${s.index}', ${sqlArray(s.topics)}, ${s.valBelow ?? 'NULL'})`);
      await admin.query(`INSERT INTO live_subs (channel, topics, val_below) VALUES ${values.join(',')}`);
    },
  },
};

export async function openClient(server) {
  const client = new pg.Client({
    host: server.host, port: server.port, user: server.user, database: server.database,
    password: server.clientEnv.PGPASSWORD, connectionTimeoutMillis: 30_000,
  });
  client.on('error', () => {}); // a dead connection shows up as missing notifications
  await client.connect();
  return client;
}

/**
 * Opens `connections` subscriber connections and starts the live queries on them round-robin.
 * Every NotificationResponse goes to `arrive(k, payload, at)`: live query k, its arrival time.
 */
export async function subscribeAll(server, side, subs, connections, arrive) {
  const byChannel = new Map();
  const notices = [];
  let stray = 0;
  let total = 0;
  const clients = [];
  try {
    for (let n = 0; n < connections; n++) clients.push(await openClient(server));
  } catch (err) {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
    throw err;
  }
  for (const client of clients) {
    client.on('notification', (m) => {
      const at = performance.now();
      const k = byChannel.get(m.channel);
      if (k === undefined) stray++;
      else {
        total++;
        arrive(k, m.payload, at);
      }
    });
    client.on('notice', (m) => { if (notices.length < 20) notices.push(m.message); });
  }
  const started = performance.now();
  await Promise.all(clients.map(async (client, n) => {
    for (let k = n; k < subs.length; k += connections) byChannel.set(await side.subscribe(client, subs[k]), k);
  }));
  const subscribeMs = performance.now() - started;
  return {
    notices,
    subscribeMs,
    get stray() { return stray; },
    get total() { return total; },
    close: () => Promise.all(clients.map((c) => c.end().catch(() => {}))),
  };
}

/**
 * Makes the changes on one connection at `rate` a second, each statement on its own (autocommit),
 * recording when each was sent and when its CommandComplete came back. A statement that comes
 * due while the previous one runs is sent as soon as that one returns; `maxLateMs` says by how much.
 */
export async function writeChanges(client, changes, rate) {
  const sentAt = new Float64Array(changes.length);
  const ackAt = new Float64Array(changes.length);
  const t0 = performance.now() + 50;
  let maxLateMs = 0;
  for (const c of changes) {
    const due = t0 + (c.i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLateMs = Math.max(maxLateMs, performance.now() - due);
    sentAt[c.i] = performance.now();
    await client.query(changeSql(c));
    ackAt[c.i] = performance.now();
  }
  const seconds = (performance.now() - t0) / 1000;
  return { sentAt, ackAt, seconds, rate: changes.length / seconds, maxLateMs };
}

/** Waits until `expected` notifications arrived, or none arrived for `quietMs`; resolves with the ms waited. */
export async function drain(subscribers, expected, quietMs) {
  const started = performance.now();
  let last = subscribers.total;
  let lastChange = started;
  while (subscribers.total < expected) {
    await sleep(20);
    const now = subscribers.total;
    if (now !== last) { last = now; lastChange = performance.now(); }
    else if (performance.now() - lastChange > quietMs) break;
  }
  return performance.now() - started;
}
