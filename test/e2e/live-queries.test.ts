/**
 * Live queries over the PostgreSQL protocol (issue 7, DESIGN.md §6), with node-postgres over real
 * sockets: SUBSCRIBE's answer, every committed change as a NotificationResponse in commit order,
 * rows moving in and out of the WHERE, nothing from rolled-back work, USER-table isolation, the
 * ways a live query ends (KILL LIVE QUERY, UNLISTEN, DROP TABLE, disconnect), system.live_queries,
 * rows that live in Parquet segments, and exactly-once delivery while writers race the SUBSCRIBE.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlstate, startTestServer, type TestServer } from './harness.js';
import { flushAndWait } from './flush-support.js';

interface Change {
  readonly channel: string;
  readonly pid: number;
  readonly op: string;
  readonly row: Record<string, unknown>;
  readonly old?: Record<string, unknown>;
}

/** Collects a client's notifications; `next(n)` waits until n more than already taken arrived. */
class Inbox {
  readonly all: Change[] = [];
  readonly notices: string[] = [];
  private taken = 0;

  constructor(readonly client: pg.Client) {
    client.on('notification', (m) => {
      const p = JSON.parse(m.payload ?? '{}') as Omit<Change, 'channel' | 'pid'>;
      this.all.push({ channel: m.channel, pid: m.processId, ...p });
    });
    client.on('notice', (n) => this.notices.push(n.message ?? ''));
  }

  async next(n: number, timeoutMs = 5000): Promise<Change[]> {
    const until = Date.now() + timeoutMs;
    while (this.all.length < this.taken + n) {
      if (Date.now() > until) throw new Error(`waited for ${n} notifications, got ${this.all.length - this.taken}: ${JSON.stringify(this.all.slice(this.taken))}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const out = this.all.slice(this.taken, this.taken + n);
    this.taken += n;
    return out;
  }

  /** Nothing more arrives within `ms` (a round trip on the subscriber's connection first flushes what is queued). */
  async none(ms = 150): Promise<void> {
    await this.client.query('SELECT 1');
    await new Promise((r) => setTimeout(r, ms));
    expect(this.all.slice(this.taken)).toEqual([]);
  }
}

async function subscribe(c: pg.Client, sql: string): Promise<{ id: string; rows: Record<string, unknown>[][] }> {
  const r = await c.query<{ live_query_id: string; rows: Record<string, unknown>[] }>(sql);
  return { id: r.rows[0]!.live_query_id, rows: r.rows.map((x) => x.rows) };
}

let t: TestServer;
let admin: pg.Client;

beforeAll(async () => {
  t = await startTestServer();
  admin = await t.client();
  await admin.query('CREATE NAMESPACE app');
  await admin.query('CREATE TABLE app.msgs (id INT PRIMARY KEY, room TEXT, body TEXT, n NUMERIC, at TIMESTAMPTZ)');
  await admin.query("INSERT INTO app.msgs VALUES (1, 'a', 'one', 1.50, '2024-01-02 03:04:05+00'), (2, 'b', 'two', 2, NULL), (3, 'a', 'three', 3, NULL)");
  await admin.query("CREATE USER 'alice' WITH PASSWORD 'alice-pw' ROLE user");
  await admin.query("CREATE USER 'bob' WITH PASSWORD 'bob-pw' ROLE user");
  await admin.query('CREATE USER TABLE app.notes (id INT PRIMARY KEY, body TEXT)');
}, 60_000);

afterAll(async () => {
  await t?.stop();
});

describe('SUBSCRIBE', () => {
  it('answers its id and the matching rows as JSON, oldest first, in batches', async () => {
    const c = await t.client();
    const s = await subscribe(c, "SUBSCRIBE TO app.msgs WHERE room = 'a'");
    expect(s.id).toMatch(/^lq_[0-9a-z]+$/);
    expect(s.rows).toEqual([[
      { id: 1, room: 'a', body: 'one', n: 1.5, at: '2024-01-02T03:04:05+00:00' },
      { id: 3, room: 'a', body: 'three', n: 3, at: null },
    ]]);
    const batched = await c.query('SUBSCRIBE TO app.msgs OPTIONS (batch_size = 2)');
    expect(batched.rows.map((r) => (r.rows as unknown[]).length)).toEqual([2, 1]);
    const last = await subscribe(c, 'SUBSCRIBE TO app.msgs OPTIONS (last_rows = 1)');
    expect(last.rows).toEqual([[{ id: 3, room: 'a', body: 'three', n: 3, at: null }]]);
    const none = await subscribe(c, "SUBSCRIBE TO app.msgs WHERE room = 'nowhere'");
    expect(none.rows).toEqual([[]]);
    const channels = await c.query('SELECT pg_listening_channels() AS ch');
    expect(channels.rows.map((r) => r.ch).sort()).toEqual([s.id, batched.rows[0].live_query_id, last.id, none.id].sort());
    await c.end();
  });

  it('sends every committed change that matches, old and new row, in commit order', async () => {
    const c = await t.client();
    const inbox = new Inbox(c);
    const { id } = await subscribe(c, "SUBSCRIBE TO app.msgs WHERE room = 'a'");
    const writerPid = (await admin.query('SELECT pg_backend_pid() AS p')).rows[0].p as number;
    await admin.query("INSERT INTO app.msgs (id, room, body) VALUES (10, 'a', 'ten'), (11, 'b', 'eleven')");
    await admin.query("UPDATE app.msgs SET body = 'ONE' WHERE id = 1");
    await admin.query("UPDATE app.msgs SET room = 'b' WHERE id = 3"); // leaves the filter: a delete
    await admin.query("UPDATE app.msgs SET room = 'a' WHERE id = 11"); // enters it: an insert
    await admin.query('DELETE FROM app.msgs WHERE id IN (10, 2)'); // 2 never matched
    const got = await inbox.next(5);
    expect(got.map((g) => [g.op, g.row.id, g.old?.id])).toEqual([
      ['insert', 10, undefined], ['update', 1, 1], ['delete', 3, undefined], ['insert', 11, undefined], ['delete', 10, undefined],
    ]);
    expect(got.every((g) => g.channel === id && g.pid === writerPid)).toBe(true);
    expect(got[1]).toMatchObject({ row: { body: 'ONE' }, old: { body: 'one' } });
    expect(got[2]!.row).toMatchObject({ id: 3, room: 'a' }); // the row as the subscriber last saw it
    await inbox.none();
    // Put things back for the other tests.
    await admin.query("UPDATE app.msgs SET room = 'a', body = 'one' WHERE id IN (1, 3); UPDATE app.msgs SET body = 'three' WHERE id = 3");
    await admin.query("DELETE FROM app.msgs WHERE id = 11; INSERT INTO app.msgs VALUES (2, 'b', 'two', 2, NULL)");
    await c.end();
  });

  it('sends nothing for rolled-back work, and a transaction\'s changes together after its COMMIT', async () => {
    const c = await t.client();
    const inbox = new Inbox(c);
    await subscribe(c, 'SUBSCRIBE TO app.msgs WHERE id >= 100');
    await admin.query('BEGIN');
    await admin.query("INSERT INTO app.msgs (id, room) VALUES (100, 'x')");
    await admin.query('ROLLBACK');
    await admin.query('BEGIN');
    await admin.query("INSERT INTO app.msgs (id, room) VALUES (101, 'x')");
    await admin.query('SAVEPOINT s');
    await admin.query("INSERT INTO app.msgs (id, room) VALUES (102, 'x')");
    await admin.query('ROLLBACK TO s');
    await admin.query("INSERT INTO app.msgs (id, room) VALUES (103, 'x')");
    await inbox.none(); // not yet committed
    await admin.query('COMMIT');
    expect((await inbox.next(2)).map((g) => g.row.id)).toEqual([101, 103]);
    await admin.query('INSERT INTO app.msgs (id) VALUES (104)'); // fails nothing, but then a failing statement:
    expect(await sqlstate(admin.query('INSERT INTO app.msgs (id) VALUES (105), (104)'))).toBe('23505');
    expect((await inbox.next(1)).map((g) => g.row.id)).toEqual([104]);
    await inbox.none();
    await admin.query('DELETE FROM app.msgs WHERE id >= 100');
    await inbox.next(3);
    await c.end();
  });

  it('holds notifications while the subscriber is inside a transaction block, and sends them when it ends', async () => {
    const c = await t.client();
    const inbox = new Inbox(c);
    await subscribe(c, 'SUBSCRIBE TO app.msgs WHERE id = 200');
    await c.query('BEGIN');
    await admin.query('INSERT INTO app.msgs (id) VALUES (200)');
    await c.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 100));
    expect(inbox.all).toEqual([]);
    await c.query('COMMIT');
    expect((await inbox.next(1))[0]).toMatchObject({ op: 'insert', row: { id: 200 } });
    await admin.query('DELETE FROM app.msgs WHERE id = 200');
    await inbox.next(1);
    await c.end();
  });

  it('interleaved writers: each subscriber sees one order, the commit order', async () => {
    const w1 = await t.client();
    const w2 = await t.client();
    const subs = await Promise.all([t.client(), t.client(), t.client()]);
    const inboxes = subs.map((c) => new Inbox(c));
    for (const c of subs) await subscribe(c, 'SUBSCRIBE TO app.msgs WHERE id BETWEEN 300 AND 399');
    const committed: number[] = [];
    await Promise.all([w1, w2].map(async (w, k) => {
      for (let i = 0; i < 20; i++) {
        const id = 300 + k * 50 + i;
        await w.query(`INSERT INTO app.msgs (id, body) VALUES (${id}, 'w${k}')`);
        committed.push(id); // CommandComplete arrives after the commit: acknowledged order
      }
    }));
    const seen = await Promise.all(inboxes.map((ib) => ib.next(40)));
    for (const s of seen) expect(s.map((g) => g.row.id)).toEqual(seen[0]!.map((g) => g.row.id));
    // Each writer's own commits are acknowledged one after another, so they appear in that order.
    for (const k of [0, 1]) expect(seen[0]!.map((g) => g.row.id as number).filter((id) => id < 350 === (k === 0))).toEqual(committed.filter((id) => id < 350 === (k === 0)));
    await admin.query('DELETE FROM app.msgs WHERE id BETWEEN 300 AND 399');
    for (const c of [w1, w2, ...subs]) await c.end();
  });

  it('is exactly once while writers race the SUBSCRIBE: initial rows plus changes rebuild the table', async () => {
    await admin.query('CREATE TABLE app.race (id INT PRIMARY KEY, v INT)');
    await admin.query('INSERT INTO app.race SELECT g, 0 FROM generate_series(1, 2000) g');
    const writers = await Promise.all([t.client(), t.client()]);
    let stop = false;
    const writing = writers.map(async (w, k) => {
      let i = 0;
      while (!stop) {
        const id = 1 + ((i * 7 + k * 1000) % 2000);
        if (i % 5 === 4) await w.query(`DELETE FROM app.race WHERE id = ${id}`);
        else await w.query(`INSERT INTO app.race VALUES (${id}, ${i}) ON CONFLICT (id) DO UPDATE SET v = app.race.v + 1`);
        i++;
      }
    });
    await new Promise((r) => setTimeout(r, 50));
    const subs = await Promise.all([t.client(), t.client(), t.client()]);
    const inboxes = subs.map((c) => new Inbox(c));
    const starts = [];
    for (const c of subs) {
      starts.push(await subscribe(c, 'SUBSCRIBE TO app.race'));
      await new Promise((r) => setTimeout(r, 30));
    }
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await Promise.all(writing);
    const truth = new Map((await admin.query('SELECT id, v FROM app.race')).rows.map((r) => [r.id as number, r.v as number]));
    for (let s = 0; s < subs.length; s++) {
      await subs[s]!.query('SELECT 1');
      const state = new Map(starts[s]!.rows.flat().map((r) => [r.id as number, r.v as number]));
      await new Promise((r) => setTimeout(r, 200));
      for (const ch of inboxes[s]!.all) {
        const id = ch.row.id as number;
        if (ch.op === 'insert') {
          expect(state.has(id), `insert of ${id} the subscriber already had`).toBe(false);
          state.set(id, ch.row.v as number);
        } else if (ch.op === 'update') {
          expect(state.get(id), `update of ${id} from a version the subscriber did not have`).toBe(ch.old!.v);
          state.set(id, ch.row.v as number);
        } else {
          expect(state.get(id), `delete of ${id} the subscriber did not have`).toBe(ch.row.v);
          state.delete(id);
        }
      }
      expect(state).toEqual(truth);
    }
    for (const c of [...writers, ...subs]) await c.end();
  }, 60_000);

  it('sends the old row of a row that lives in a Parquet segment', async () => {
    await admin.query('CREATE TABLE app.cold (id INT PRIMARY KEY, v TEXT)');
    await admin.query("INSERT INTO app.cold VALUES (1, 'flushed'), (2, 'also')");
    expect((await flushAndWait(admin, 'app.cold')).status).toBe('completed');
    const c = await t.client();
    const inbox = new Inbox(c);
    const s = await subscribe(c, 'SUBSCRIBE TO app.cold');
    expect(s.rows[0]!.map((r) => r.v)).toEqual(['flushed', 'also']);
    await admin.query("UPDATE app.cold SET v = 'hot again' WHERE id = 1");
    await admin.query('DELETE FROM app.cold WHERE id = 2');
    expect((await inbox.next(2)).map((g) => [g.op, g.row.v, g.old?.v])).toEqual([
      ['update', 'hot again', 'flushed'], ['delete', 'also', undefined],
    ]);
    await c.end();
  }, 60_000);
});

describe('USER tables', () => {
  it('a subscriber sees only their own rows, initial and changes', async () => {
    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    const bob = await t.client({ user: 'bob', password: 'bob-pw' });
    await alice.query("INSERT INTO app.notes VALUES (1, 'alice 1')");
    await bob.query("INSERT INTO app.notes VALUES (1, 'bob 1'), (2, 'bob 2')");
    const ai = new Inbox(alice);
    const bi = new Inbox(bob);
    const a = await subscribe(alice, 'SUBSCRIBE TO app.notes');
    const b = await subscribe(bob, 'SUBSCRIBE TO app.notes');
    expect(a.rows).toEqual([[{ id: 1, body: 'alice 1' }]]);
    expect(b.rows).toEqual([[{ id: 1, body: 'bob 1' }, { id: 2, body: 'bob 2' }]]);
    await bob.query("UPDATE app.notes SET body = 'bob 1!' WHERE id = 1");
    await alice.query("INSERT INTO app.notes VALUES (2, 'alice 2')");
    await admin.query("INSERT INTO app.notes VALUES (1, 'postgres 1')"); // the superuser's own partition
    expect((await bi.next(1))[0]).toMatchObject({ op: 'update', row: { id: 1, body: 'bob 1!' } });
    expect((await ai.next(1))[0]).toMatchObject({ op: 'insert', row: { id: 2, body: 'alice 2' } });
    await ai.none();
    await bi.none();
    // Each sees only their own live queries in system.live_queries; a dba-level login sees all.
    const mine = await alice.query('SELECT live_query_id, user_name, table_name FROM system.live_queries');
    expect(mine.rows).toEqual([{ live_query_id: a.id, user_name: 'alice', table_name: 'notes' }]);
    const all = await admin.query('SELECT live_query_id FROM system.live_queries WHERE table_name = $1', ['notes']);
    expect(all.rows.map((r) => r.live_query_id).sort()).toEqual([a.id, b.id].sort());
    const total = await admin.query("SELECT metric_value FROM system.stats WHERE metric_name = 'total_live_queries'");
    const listed = await admin.query('SELECT count(*)::int AS n FROM system.live_queries');
    expect(listed.rows[0].n).toBeGreaterThanOrEqual(2);
    expect(Number(total.rows[0].metric_value)).toBe(listed.rows[0].n);
    // Another user's live query cannot be ended, or even named.
    expect(await sqlstate(alice.query(`KILL LIVE QUERY '${b.id}'`))).toBe('42704');
    await alice.end();
    await bob.end();
  });
});

describe('ending a live query', () => {
  async function liveIds(): Promise<string[]> {
    return (await admin.query('SELECT live_query_id FROM system.live_queries')).rows.map((r) => r.live_query_id as string);
  }

  it('KILL LIVE QUERY (owner or dba), UNLISTEN id, UNLISTEN * and closing the connection', async () => {
    const c = await t.client();
    const inbox = new Inbox(c);
    const k = await subscribe(c, 'SUBSCRIBE TO app.msgs');
    const u = await subscribe(c, 'SUBSCRIBE TO app.msgs');
    const star = await subscribe(c, 'SUBSCRIBE TO app.msgs');
    await admin.query(`KILL LIVE QUERY '${k.id}'`);
    await c.query('SELECT 1');
    expect(inbox.notices.some((n) => n.includes(`live query ${k.id} on app.msgs was ended by KILL LIVE QUERY`))).toBe(true);
    expect(await sqlstate(admin.query(`KILL LIVE QUERY '${k.id}'`))).toBe('42704');
    await c.query(`UNLISTEN ${u.id}`);
    expect(await liveIds()).not.toContain(u.id);
    expect(await liveIds()).toContain(star.id);
    await admin.query('INSERT INTO app.msgs (id) VALUES (500)');
    expect((await inbox.next(1))[0]!.channel).toBe(star.id);
    await c.query('UNLISTEN *');
    expect(await liveIds()).not.toContain(star.id);
    const d = await t.client();
    const gone = await subscribe(d, 'SUBSCRIBE TO app.msgs');
    await d.end();
    for (let i = 0; i < 100 && (await liveIds()).includes(gone.id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await liveIds()).not.toContain(gone.id);
    await admin.query('DELETE FROM app.msgs WHERE id = 500');
    await inbox.none();
    await c.end();
  });

  it('a change of the columns ends it at the next change; a rename does not', async () => {
    await admin.query('CREATE TABLE app.shifting (id INT PRIMARY KEY, v TEXT)');
    const c = await t.client();
    const inbox = new Inbox(c);
    const s = await subscribe(c, "SUBSCRIBE TO app.shifting WHERE v = 'x'");
    await admin.query('ALTER TABLE app.shifting RENAME TO shifted');
    await admin.query("INSERT INTO app.shifted VALUES (1, 'x')");
    expect((await inbox.next(1))[0]).toMatchObject({ op: 'insert', row: { id: 1, v: 'x' } });
    await admin.query('ALTER TABLE app.shifted ADD COLUMN w INT');
    await admin.query("INSERT INTO app.shifted VALUES (2, 'x', 5)");
    await c.query('SELECT 1');
    expect(inbox.notices).toContain(`live query ${s.id} ended: the columns of table app.shifting changed`);
    expect(await liveIds()).not.toContain(s.id);
    await inbox.none();
    await c.end();
  });

  it('DROP TABLE ends its live queries with a WARNING', async () => {
    await admin.query('CREATE TABLE app.doomed (id INT PRIMARY KEY)');
    const c = await t.client();
    const inbox = new Inbox(c);
    const s = await subscribe(c, 'SUBSCRIBE TO app.doomed');
    await admin.query('DROP TABLE app.doomed');
    await c.query('SELECT 1');
    expect(inbox.notices).toContain(`live query ${s.id} ended: table app.doomed was dropped`);
    expect(await liveIds()).not.toContain(s.id);
    await c.end();
  });
});

describe('what SUBSCRIBE refuses', () => {
  it('answers with the SQLSTATE PostgreSQL users expect', async () => {
    const c = await t.client();
    expect(await sqlstate(c.query('SUBSCRIBE TO app.nope'))).toBe('42P01');
    expect(await sqlstate(c.query('SUBSCRIBE TO system.users'))).toBe('0A000');
    await c.query('CREATE VIEW app.v AS SELECT * FROM app.msgs');
    expect(await sqlstate(c.query('SUBSCRIBE TO app.v'))).toBe('0A000');
    expect(await sqlstate(c.query('SUBSCRIBE TO app.msgs WHERE nope = 1'))).toBe('42703');
    expect(await sqlstate(c.query('SUBSCRIBE TO app.msgs WHERE id'))).toBe('42804');
    expect(await sqlstate(c.query('SUBSCRIBE TO app.msgs WHERE id = $1', [1]))).toBe('0A000');
    expect(await sqlstate(c.query('SUBSCRIBE TO app.msgs OPTIONS (batch_size = 0)'))).toBe('22023');
    await c.query('BEGIN');
    expect(await sqlstate(c.query('SUBSCRIBE TO app.msgs'))).toBe('25001');
    await c.query('ROLLBACK');
    const alice = await t.client({ user: 'alice', password: 'alice-pw' });
    await admin.query('CREATE TABLE app.private (id INT PRIMARY KEY)');
    expect(await sqlstate(alice.query('SUBSCRIBE TO app.private'))).toBe('42501');
    expect(await sqlstate(alice.query('KILL LIVE QUERY \'lq_nothing\''))).toBe('42704');
    await alice.end();
    await c.end();
  });
});
