/**
 * psql, the real psql 15, as a LISTEN/NOTIFY client and as a live-query subscriber: it prints
 * `Asynchronous notification "…" with payload "…" received from server process with PID n.`
 * after the next command it runs. The LISTEN/NOTIFY transcript is compared with a throwaway
 * PostgreSQL 15's running the same script (other sessions are node-postgres clients acting
 * between psql's statements); process ids are masked as the name of the session they belong to.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { withOursAndReference } from '../test/support/server-pair.js';
import { PsqlSession } from './psql-session.js';

const pair = withOursAndReference();

/** A step: psql runs `sql` (printed in the transcript), or session A or B does (silently). */
type Step = readonly ['psql', string] | readonly ['A' | 'B', string | ((c: pg.Client) => Promise<unknown>)];

const LISTEN_NOTIFY: readonly Step[] = [
  ['psql', 'LISTEN chat;'],
  ['A', "NOTIFY chat, 'from another session'"],
  ['psql', 'SELECT 1 AS one;'],
  ['A', 'NOTIFY chat'],
  ['psql', 'SELECT 2 AS two;'],
  // Rolled back: never sent. Duplicates in one transaction fold into the first.
  ['A', "BEGIN; NOTIFY chat, 'rolled back'; ROLLBACK"],
  ['A', "BEGIN; NOTIFY chat, 'twice'; NOTIFY chat, 'once'; NOTIFY chat, 'twice'; COMMIT"],
  ['psql', 'SELECT 3 AS three;'],
  // Commit order, not the order the NOTIFYs ran in.
  ['A', "BEGIN; NOTIFY chat, 'A: notified first, committed second'"],
  ['B', "BEGIN; NOTIFY chat, 'B: notified second, committed first'"],
  ['B', 'COMMIT'],
  ['A', 'COMMIT'],
  ['psql', 'SELECT 4 AS four;'],
  // The session's own notification comes back to it at once.
  ['psql', "NOTIFY chat, 'my own';"],
  ['psql', "NOTIFY nobody_listens, 'lost';"],
  // Not while psql's session is inside a transaction block; after it ends.
  ['psql', 'BEGIN;'],
  ['A', "NOTIFY chat, 'while psql was in a block'"],
  ['psql', 'SELECT 5 AS five;'],
  ['psql', 'COMMIT;'],
  ['psql', 'SELECT 6 AS six;'],
  ['psql', 'LISTEN "Other";'],
  ['A', `NOTIFY "Other", 'non-ASCII: ü ✓ 日本語 and "quotes"'`],
  ['A', "SELECT pg_notify('Other', 'via pg_notify')"],
  ['psql', 'SELECT c FROM pg_listening_channels() AS c ORDER BY c;'],
  ['psql', 'UNLISTEN *;'],
  ['A', "NOTIFY chat, 'after UNLISTEN *'; NOTIFY \"Other\", 'after UNLISTEN *'"],
  ['psql', 'SELECT 7 AS seven;'],
  ['psql', 'SELECT count(*) AS channels FROM pg_listening_channels();'],
];

interface Target {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

async function connect(t: Target): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port: t.port, user: t.user, password: t.password, database: 'postgres' });
  await c.connect();
  return c;
}

/** Who psql and session B log in as, when not as `t`'s user (A always does: it runs the setup). */
interface Logins {
  readonly psql?: { readonly user: string; readonly password: string };
  readonly B?: { readonly user: string; readonly password: string };
}

/** What psql printed for the script, each statement under a `psql> …` line, PIDs named. */
async function transcript(t: Target, steps: readonly Step[], setup: readonly string[] = [], logins: Logins = {}): Promise<string> {
  const A = await connect(t);
  for (const sql of setup) await A.query(sql);
  const login = logins.psql ?? t;
  const psql = PsqlSession.open(t.port, login.user, login.password);
  const others = { A, B: await connect({ ...t, ...logins.B }) };
  try {
    const psqlPid = Number(/\d+/.exec(await psql.run('SELECT pg_backend_pid();'))![0]);
    const names = new Map([[psqlPid, 'psql'], [others.A.processID!, 'A'], [others.B.processID!, 'B']]);
    let out = '';
    for (const [who, sql] of steps) {
      if (who === 'psql') out += `psql> ${sql}\n${await psql.run(sql)}`;
      else if (typeof sql === 'string') await others[who].query(sql);
      else await sql(others[who]);
    }
    return out.replace(/PID (\d+)\./g, (_m, pid: string) => `PID <${names.get(Number(pid)) ?? 'unknown'}>.`);
  } finally {
    await psql.close();
    await Promise.all([others.A.end(), others.B.end()]);
  }
}

const ours = (): Target => ({ port: pair.ours.port, user: SUPERUSER, password: PASSWORD });
const ref = (): Target => ({ port: pair.ref.port, user: pair.ref.user, password: 'unused' });

describe('psql LISTEN/NOTIFY', () => {
  it('prints the same asynchronous notifications as against PostgreSQL 15', async () => {
    const [a, b] = [await transcript(ours(), LISTEN_NOTIFY), await transcript(ref(), LISTEN_NOTIFY)];
    expect(a).toBe(b);
    // What the reference printed, so the comparison cannot pass on two empty transcripts.
    expect(b).toContain('Asynchronous notification "chat" with payload "from another session" received from server process with PID <A>.');
    expect(b).toContain('Asynchronous notification "chat" received from server process with PID <A>.');
    expect(b).toContain('Asynchronous notification "chat" with payload "my own" received from server process with PID <psql>.');
    expect(b).not.toContain('rolled back');
    expect(b).not.toContain('after UNLISTEN');
    expect(b.indexOf('B: notified second')).toBeLessThan(b.indexOf('A: notified first'));
    expect(b.match(/payload "twice"/g)).toHaveLength(1);
  }, 120_000);
});

describe('psql live queries', () => {
  const SETUP = [
    'CREATE NAMESPACE IF NOT EXISTS shop',
    'CREATE SHARED TABLE shop.items (id int PRIMARY KEY, name text, qty int)',
    "INSERT INTO shop.items VALUES (1, 'pen', 5), (2, 'ink', 50)",
  ];
  const LIVE: readonly Step[] = [
    ['psql', 'SUBSCRIBE TO shop.items WHERE qty > 10;'],
    ['B', "INSERT INTO shop.items VALUES (3, 'pad', 20)"],
    ['B', "BEGIN; INSERT INTO shop.items VALUES (4, 'rolled back', 99); ROLLBACK"],
    ['B', "INSERT INTO shop.items VALUES (5, 'too few', 1)"],
    ['B', "UPDATE shop.items SET qty = 60, name = 'tinte ü' WHERE id = 2"],
    ['B', 'UPDATE shop.items SET qty = 1 WHERE id = 3'],
    ['B', 'UPDATE shop.items SET qty = 11 WHERE id = 5'],
    ['B', 'DELETE FROM shop.items WHERE id = 2'],
    ['psql', 'SELECT 1 AS one;'],
    ['psql', 'SELECT table_name, changes FROM system.live_queries;'],
  ];

  let out = '';
  beforeAll(async () => {
    out = await transcript(ours(), LIVE, SETUP);
  }, 60_000);

  it('prints the id and the rows that match now as SUBSCRIBE answers them', () => {
    const id = /lq_[0-9a-z]+/.exec(out)![0];
    // Column widths follow the id's length: compared with runs of spaces and dashes folded.
    const fold = (text: string) => text.replaceAll(id, 'ID').replace(/ +/g, ' ').replace(/-+\+-+/g, '-+-');
    expect(fold(out.split('\n').slice(0, 6).join('\n'))).toBe([
      'psql> SUBSCRIBE TO shop.items WHERE qty > 10;',
      ' live_query_id | rows ',
      '-+-',
      ' ID | [{"id":2,"name":"ink","qty":50}]',
      '(1 row)',
      '',
    ].join('\n'));
  });

  it("prints each committed change that matches, in commit order, as an asynchronous notification from the writer's process", () => {
    const id = /lq_[0-9a-z]+/.exec(out)![0];
    const got = out.split('\n').filter((l) => l.startsWith('Asynchronous notification'));
    const line = (payload: string) => `Asynchronous notification "${id}" with payload "${payload}" received from server process with PID <B>.`;
    expect(got).toEqual([
      line('{"op":"insert","row":{"id":3,"name":"pad","qty":20}}'),
      line('{"op":"update","row":{"id":2,"name":"tinte ü","qty":60},"old":{"id":2,"name":"ink","qty":50}}'),
      line('{"op":"delete","row":{"id":3,"name":"pad","qty":20}}'),
      line('{"op":"insert","row":{"id":5,"name":"too few","qty":11}}'),
      line('{"op":"delete","row":{"id":2,"name":"tinte ü","qty":60}}'),
    ]);
    expect(out).toMatch(/ items +\| +5\n/);
  });
});

describe('psql live queries on a USER table', () => {
  const SETUP = [
    "CREATE USER 'alice' WITH PASSWORD 'alice-pw' ROLE user",
    "CREATE USER 'bob' WITH PASSWORD 'bob-pw' ROLE user",
    'CREATE NAMESPACE IF NOT EXISTS chat',
    'CREATE USER TABLE chat.messages (id int PRIMARY KEY, body text)',
  ];
  /** Session A (the superuser) ends alice's live query. */
  const kill = async (c: pg.Client) => {
    const r = await c.query<{ id: string }>("SELECT live_query_id AS id FROM system.live_queries WHERE user_name = 'alice'");
    await c.query(`KILL LIVE QUERY '${r.rows[0]!.id}'`);
  };
  const LIVE: readonly Step[] = [
    ['B', "INSERT INTO chat.messages VALUES (1, 'bob before')"],
    ['psql', "INSERT INTO chat.messages VALUES (1, 'alice before');"],
    ['psql', 'SUBSCRIBE TO chat.messages;'],
    ['B', "INSERT INTO chat.messages VALUES (2, 'bob: not for alice')"],
    ['A', "INSERT INTO chat.messages VALUES (2, 'the superuser''s own row')"],
    ['psql', "INSERT INTO chat.messages VALUES (2, 'alice from psql');"],
    ['B', "UPDATE chat.messages SET body = 'bob again'"],
    ['psql', 'BEGIN;'],
    ['psql', 'SUBSCRIBE TO chat.messages;'],
    ['psql', 'ROLLBACK;'],
    ['A', kill],
    ['psql', "INSERT INTO chat.messages VALUES (3, 'after KILL LIVE QUERY');"],
    ['psql', 'SELECT count(*) AS live FROM system.live_queries;'],
  ];

  it("shows alice only alice's rows, her own writes from psql's process, and why it ended", async () => {
    const t = { port: pair.ours.port, user: SUPERUSER, password: PASSWORD };
    const out = await transcript(t, LIVE, SETUP, { psql: { user: 'alice', password: 'alice-pw' }, B: { user: 'bob', password: 'bob-pw' } });
    const id = /lq_[0-9a-z]+/.exec(out)![0];
    const fold = (text: string) => text.replaceAll(id, 'ID').replace(/ +/g, ' ').replace(/-+\+-+/g, '-+-');
    expect(fold(out)).toBe([
      "psql> INSERT INTO chat.messages VALUES (1, 'alice before');",
      'INSERT 0 1',
      'psql> SUBSCRIBE TO chat.messages;',
      ' live_query_id | rows ',
      '-+-',
      ' ID | [{"id":1,"body":"alice before"}]',
      '(1 row)',
      '',
      "psql> INSERT INTO chat.messages VALUES (2, 'alice from psql');",
      'INSERT 0 1',
      'Asynchronous notification "ID" with payload "{"op":"insert","row":{"id":2,"body":"alice from psql"}}" received from server process with PID <psql>.',
      'psql> BEGIN;',
      'BEGIN',
      'psql> SUBSCRIBE TO chat.messages;',
      '--- stderr ---',
      'ERROR: SUBSCRIBE cannot run inside a transaction block',
      'psql> ROLLBACK;',
      'ROLLBACK',
      "psql> INSERT INTO chat.messages VALUES (3, 'after KILL LIVE QUERY');",
      'INSERT 0 1',
      '--- stderr ---',
      'NOTICE: live query ID on chat.messages was ended by KILL LIVE QUERY',
      'psql> SELECT count(*) AS live FROM system.live_queries;',
      ' live ',
      '------',
      ' 0',
      '(1 row)',
      '',
      '',
    ].join('\n'));
  }, 60_000);
});
