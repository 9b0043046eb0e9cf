/**
 * The column path over flushed tables (executor/columnar/cold-mirror.ts) answers as PostgreSQL
 * does: the same table on our server and a throwaway PostgreSQL 15, changed by the same
 * statements, flushed on ours between rounds — so queries read one segment, then overlapping
 * segments with updates and tombstones, with hot rows over them, with a transaction's own writes,
 * after columns were added and dropped — and every answer compared. A second server of ours with
 * a column budget too small for the table runs the same rounds: it reads what fits from the
 * segments and falls back to rows for the rest, with the same answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { answer, differentialPair, type Answer } from '../support/differential.js';
import { startTestServer, type TestServer } from './harness.js';
import { flushAndWait } from './flush-support.js';

const SETUP = [
  'SET TIME ZONE \'UTC\'',
  `CREATE TABLE c (id bigint PRIMARY KEY, grp int, val float8, ts timestamp, name text, d date, tz timestamptz, n numeric, b bool)`,
  'CREATE TABLE k (grp int PRIMARY KEY, label text)',
  "INSERT INTO k SELECT g, 'k' || g FROM generate_series(0, 16) g",
];

/** Rows `from`..`to`: values chosen so float sums are exact in any order (multiples of 1/4). */
function rows(from: number, to: number, salt = 0): string {
  return `INSERT INTO c SELECT g, CASE WHEN g % 23 = 0 THEN NULL ELSE (g + ${salt}) % 17 END, (g * 7 % 1000) * 0.25 + ${salt},
    timestamp '2025-01-01' + (g * 7919 % 100000) * interval '1 minute', CASE WHEN g % 19 = 0 THEN NULL ELSE 'n' || (g * 31 % 500) END,
    date '2025-01-01' + (g % 300), timestamptz '2025-01-01 00:00:00+00' + (g * 13 % 5000) * interval '1 hour',
    (g % 97) * 1.5, g % 3 = 0 FROM generate_series(${from}, ${to}) g`;
}

const QUERIES: { sql: string; params?: unknown[] }[] = [
  { sql: 'SELECT count(*), count(grp), count(val), count(ts), count(name), count(d), count(tz), count(n), count(b) FROM c' },
  { sql: 'SELECT sum(val), avg(val), min(val), max(val), sum(grp), avg(grp), min(grp), max(grp) FROM c' },
  { sql: 'SELECT min(id), max(id), min(ts), max(ts), min(tz), max(tz), min(d), max(d), sum(id), avg(id) FROM c' },
  { sql: 'SELECT sum(n), avg(n), min(name), max(name), count(DISTINCT name) FROM c' },
  { sql: 'SELECT grp, count(*), sum(val), max(val), min(ts) FROM c GROUP BY grp ORDER BY grp' },
  { sql: 'SELECT name, count(*), max(id) FROM c GROUP BY name ORDER BY name' },
  { sql: 'SELECT b, count(*), sum(val) FROM c GROUP BY b ORDER BY b' },
  { sql: "SELECT count(*), sum(val) FROM c WHERE ts >= '2025-02-01 00:00:00' AND ts < '2025-02-20 00:00:00'" },
  { sql: "SELECT id, val, ts FROM c WHERE ts >= '2025-02-01' AND ts < '2025-02-03' ORDER BY id" },
  { sql: 'SELECT id, grp FROM c WHERE id BETWEEN 100 AND 150 ORDER BY id' },
  { sql: 'SELECT count(*), sum(val) FROM c WHERE id > $1', params: [2000] },
  { sql: 'SELECT count(*) FROM c WHERE ts < $1', params: ['2025-03-01 00:00:00'] },
  { sql: "SELECT count(*) FROM c WHERE d >= '2025-06-01' AND d <> '2025-07-04'" },
  { sql: "SELECT count(*), min(id) FROM c WHERE tz < '2025-03-01 00:00:00+00'" },
  { sql: "SELECT id FROM c WHERE ts = timestamp '2025-01-06 11:59:00' ORDER BY id" },
  { sql: "SELECT count(*) FROM c WHERE name LIKE 'n1%' AND val > 100" },
  { sql: 'SELECT id, ts FROM c ORDER BY ts DESC, id LIMIT 5' },
  { sql: 'SELECT id, val FROM c ORDER BY val, id LIMIT 7' },
  { sql: 'SELECT id, name FROM c ORDER BY id DESC LIMIT 3' },
  { sql: 'SELECT * FROM c WHERE grp = 3 AND val > 150 ORDER BY id' },
  { sql: 'SELECT c.grp, k.label, count(*), sum(c.val) FROM c JOIN k ON k.grp = c.grp GROUP BY c.grp, k.label ORDER BY c.grp' },
  { sql: "SELECT grp % 3 AS m, string_agg(name, ',' ORDER BY id) FILTER (WHERE id < 60) FROM c GROUP BY grp % 3 ORDER BY m" },
];

const pair = differentialPair(SETUP);
let tiny: TestServer;
let tinyClient: pg.Client;

beforeAll(async () => {
  // Room for about two of the table's columns: the rest must come from rows.
  tiny = await startTestServer(undefined, { columnCacheMemory: 90_000 });
  tinyClient = await tiny.client();
  for (const sql of SETUP) await tinyClient.query(sql);
});
afterAll(async () => {
  await tiny?.stop();
});

/** Our servers (the roomy one and the tiny one). */
function ours(): pg.Client[] {
  return [pair.ours, tinyClient];
}

/** Runs a statement everywhere. */
async function run(sql: string): Promise<void> {
  await pair.reference.query(sql);
  for (const c of ours()) await c.query(sql);
}

async function flush(): Promise<void> {
  for (const c of ours()) expect(await flushAndWait(c, 'public.c')).toMatchObject({ status: 'completed', error: null });
}

async function compare(label: string, clients: { ours: pg.Client[]; reference: pg.Client } = { ours: ours(), reference: pair.reference }): Promise<void> {
  for (const q of QUERIES) {
    const theirs = await answer(clients.reference, q.sql, q.params);
    for (const c of clients.ours) {
      // Twice: the first may build the mirror or read columns, the second reads them.
      for (let i = 0; i < 2; i++) {
        const mine: Answer = await answer(c, q.sql, q.params);
        expect(mine, `${label}: ${q.sql}`).toEqual(theirs);
      }
    }
  }
}

describe('queries over a flushed table answer as PostgreSQL does', () => {
  it('hot only, then after the first flush (one segment)', async () => {
    await run(rows(1, 4000));
    await compare('hot');
    const before = pair.server.server.db.mirrors.coldBuilds;
    await flush();
    await compare('one segment');
    expect(pair.server.server.db.mirrors.coldBuilds).toBeGreaterThan(before);
  });

  it('with updates, deletes and inserts over the segment (hot over cold)', async () => {
    await run("UPDATE c SET val = val + 1, name = 'u' || id WHERE id % 7 = 0");
    await run('DELETE FROM c WHERE id % 13 = 0');
    await run(rows(4001, 4300, 1));
    await compare('hot over one segment');
  });

  it('over overlapping segments with tombstones, and new hot rows over those', async () => {
    await flush();
    await compare('two segments');
    await run('UPDATE c SET grp = NULL, ts = ts + interval \'1 day\' WHERE grp = 5');
    await run('DELETE FROM c WHERE id BETWEEN 1000 AND 1100');
    await run(`${rows(90, 130, 2)} ON CONFLICT (id) DO UPDATE SET val = EXCLUDED.val, name = EXCLUDED.name`);
    await compare('hot over two segments');
    await flush();
    await run('DELETE FROM c WHERE id % 11 = 1');
    await run("UPDATE c SET b = NULL, tz = NULL WHERE id % 5 = 2");
    await compare('hot over three segments');
  });

  it('inside a transaction (its own writes) and beside it (only what was committed)', async () => {
    const otherOurs = await pair.server.client();
    const otherTiny = await tiny.client();
    const otherRef = new pg.Client({ host: '127.0.0.1', port: pair.ref.port, user: pair.ref.user, database: 'postgres' });
    await otherRef.connect();
    try {
      for (const o of [otherOurs, otherTiny, otherRef]) await o.query("SET TIME ZONE 'UTC'");
      await run('BEGIN');
      await run("UPDATE c SET val = val * 2, name = 'tx' WHERE grp = 2");
      await run('DELETE FROM c WHERE id BETWEEN 2000 AND 2500');
      await run(rows(5000, 5100, 3));
      await compare('own writes');
      await compare('beside the transaction', { ours: [otherOurs, otherTiny], reference: otherRef });
      await run('ROLLBACK');
      await compare('rolled back');
      await run('BEGIN');
      await run('DELETE FROM c WHERE grp = 4');
      await run("UPDATE c SET ts = NULL WHERE id % 9 = 0");
      await run('COMMIT');
      await compare('committed', { ours: [otherOurs, otherTiny], reference: otherRef });
    } finally {
      for (const o of [otherOurs, otherTiny, otherRef]) await o.end();
    }
  });

  it('after columns are added and dropped across flushes', async () => {
    await run('ALTER TABLE c ADD COLUMN extra int DEFAULT 7');
    await run('ALTER TABLE c ADD COLUMN note text');
    await run("UPDATE c SET extra = 8, note = 'x' || id WHERE id % 4 = 0");
    const extra = [
      'SELECT extra, count(*), count(note), min(note) FROM c GROUP BY extra ORDER BY extra',
      'SELECT sum(extra), sum(val) FROM c WHERE extra > 7',
    ];
    const check = async (label: string): Promise<void> => {
      await compare(label);
      for (const sql of extra) {
        const theirs = await answer(pair.reference, sql);
        for (const c of ours()) expect(await answer(c, sql), `${label}: ${sql}`).toEqual(theirs);
      }
    };
    await check('added, hot');
    await flush();
    await check('added, flushed');
    await run('ALTER TABLE c DROP COLUMN note');
    await run('ALTER TABLE c DROP COLUMN d');
    QUERIES.splice(0, QUERIES.length, ...QUERIES.filter((q) => !/\bd\b/.test(q.sql) && !q.sql.includes('*')));
    extra.splice(0, 1, 'SELECT extra, count(*) FROM c GROUP BY extra ORDER BY extra');
    await check('dropped');
    await flush();
    await check('dropped, flushed');
  });
});
