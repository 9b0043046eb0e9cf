/**
 * Per-user isolation (issue 6, acceptance 1): three logins of different KalamDB roles — alice
 * (user), sam (service), dora (dba) — and the bootstrap superuser share one USER table and one
 * STREAM table with overlapping primary keys. Every read and write path must see and change only
 * the session user's rows: scans, point and index lookups, joins, subqueries, CTEs, aggregates,
 * windows, views, cursors, prepared statements, RETURNING, ON CONFLICT, COPY in and out,
 * EXPLAIN ANALYZE's counts, TRUNCATE, unique violations — with the rows hot, flushed to segments,
 * half hot and half cold, and after a restart. EXECUTE AS USER follows the role matrix.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER, removeDir, sqlstate, startTestServer, type TestServer } from './harness.js';
import { flushAndWait } from './flush-support.js';

interface Login {
  readonly name: string;
  readonly role: 'user' | 'service' | 'dba' | 'system';
  readonly password: string;
}
const LOGINS: readonly Login[] = [
  { name: 'alice', role: 'user', password: 'alice-pw' },
  { name: 'sam', role: 'service', password: 'sam-pw' },
  { name: 'dora', role: 'dba', password: 'dora-pw' },
  { name: SUPERUSER, role: 'system', password: PASSWORD },
];

/** What each login's partition must hold: id → body. Ids overlap between logins on purpose. */
const model = new Map<string, Map<number, string>>(LOGINS.map((l) => [l.name, new Map()]));
const stream = new Map<string, number[]>(LOGINS.map((l) => [l.name, []]));

const dataDir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-isolation-'));
let t: TestServer;
const clients = new Map<string, pg.Client>();

async function connectAll(): Promise<void> {
  clients.clear();
  for (const l of LOGINS) clients.set(l.name, await t.client({ user: l.name, password: l.password }));
}
const as = (name: string): pg.Client => clients.get(name)!;
const ids = (name: string): number[] => [...model.get(name)!.keys()].sort((a, b) => a - b);
const rowsOf = (name: string): { id: number; body: string }[] => ids(name).map((id) => ({ id, body: model.get(name)!.get(id)! }));
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

beforeAll(async () => {
  t = await startTestServer(dataDir);
  const admin = await t.client();
  for (const l of LOGINS) {
    if (l.role !== 'system') await admin.query(`CREATE USER '${l.name}' WITH PASSWORD '${l.password}' ROLE ${l.role}`);
  }
  await admin.query('CREATE NAMESPACE iso');
  await admin.query('CREATE USER TABLE iso.notes (id INT PRIMARY KEY, body TEXT NOT NULL, n INT)');
  await admin.query('CREATE UNIQUE INDEX notes_body ON iso.notes (body)');
  await admin.query('CREATE INDEX notes_n ON iso.notes (n)');
  await admin.query('CREATE STREAM TABLE iso.events (id INT PRIMARY KEY, what TEXT) WITH (TTL_SECONDS = 3600)');
  await admin.query("CREATE SHARED TABLE iso.tags (id INT PRIMARY KEY, tag TEXT) WITH (ACCESS_LEVEL = 'PUBLIC')");
  await admin.query("INSERT INTO iso.tags SELECT g, 'tag' || g FROM generate_series(1, 40) g");
  await admin.query('CREATE VIEW iso.notes_view AS SELECT id, body FROM iso.notes');
  await connectAll();
  // Each login writes 1..10 plus ids only it has; bodies are globally distinct except 'shared body'.
  for (const [k, l] of LOGINS.entries()) {
    const m = model.get(l.name)!;
    const mine = [...Array.from({ length: 10 }, (_, i) => i + 1), 100 + k * 10, 101 + k * 10];
    for (const id of mine) {
      const body = `${l.name}-${id}`;
      await as(l.name).query('INSERT INTO iso.notes VALUES ($1, $2, $1)', [id, body]);
      m.set(id, body);
    }
    // The same value in a UNIQUE column in every partition: unique per user, as the key is.
    await as(l.name).query("INSERT INTO iso.notes VALUES (7000, 'shared body', 7000)");
    m.set(7000, 'shared body');
    for (const id of [1, 2, 50 + k]) {
      await as(l.name).query('INSERT INTO iso.events VALUES ($1, $2)', [id, `${l.name} event`]);
      stream.get(l.name)!.push(id);
    }
  }
}, 60_000);

afterAll(async () => {
  await t?.stop();
  removeDir(dataDir);
});

/** Every read path, for every login, against the model. */
async function everyReadSeesOnlyOwnRows(phase: string): Promise<void> {
  for (const l of LOGINS) {
    const c = as(l.name);
    const mine = ids(l.name);
    const others = new Set(LOGINS.filter((o) => o.name !== l.name).flatMap((o) => ids(o.name)).filter((id) => !model.get(l.name)!.has(id)));
    const tag = `${phase}, ${l.name}`;
    const q = async (sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows;

    expect(await q('SELECT id, body FROM iso.notes ORDER BY id'), `${tag}: scan`).toEqual(rowsOf(l.name));
    expect(await q('SELECT * FROM iso.notes_view ORDER BY id'), `${tag}: view`).toEqual(rowsOf(l.name));
    for (const id of mine.length ? [mine[0]!, mine[mine.length - 1]!] : []) {
      expect(await q('SELECT body FROM iso.notes WHERE id = $1', [id]), `${tag}: point ${id}`).toEqual([{ body: model.get(l.name)!.get(id) }]);
    }
    for (const id of others) {
      expect(await q('SELECT body FROM iso.notes WHERE id = $1', [id]), `${tag}: another's point ${id}`).toEqual([]);
      expect(await q('SELECT body FROM iso.notes WHERE n = $1', [id]), `${tag}: another's index ${id}`).toEqual([]);
    }
    expect(await q("SELECT id FROM iso.notes WHERE body = 'shared body'"), `${tag}: unique index`).toEqual(model.get(l.name)!.has(7000) ? [{ id: 7000 }] : []);
    expect(await q('SELECT id FROM iso.notes WHERE id BETWEEN 3 AND 200 ORDER BY id'), `${tag}: range`).toEqual(
      mine.filter((id) => id >= 3 && id <= 200).map((id) => ({ id })),
    );
    const agg = await q('SELECT count(*)::int AS count, sum(id)::int AS sum, max(body) AS max FROM iso.notes');
    expect(agg, `${tag}: aggregates`).toEqual([{ count: mine.length, sum: mine.length ? sum(mine) : null, max: [...model.get(l.name)!.values()].sort().at(-1) ?? null }]);
    const groups = new Map<string, number>();
    for (const [id, body] of model.get(l.name)!) if (id < 7000) groups.set(body.slice(0, body.indexOf('-') + 1), (groups.get(body.slice(0, body.indexOf('-') + 1)) ?? 0) + 1);
    expect(await q("SELECT left(body, strpos(body, '-')) AS who, count(*)::int AS n FROM iso.notes WHERE id < 7000 GROUP BY 1 ORDER BY 1"), `${tag}: group by`).toEqual(
      [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([who, n]) => ({ who, n })),
    );
    expect(
      await q('SELECT n.id, t.tag FROM iso.notes n JOIN iso.tags t ON t.id = n.id ORDER BY n.id'),
      `${tag}: join with a shared table`,
    ).toEqual(mine.filter((id) => id <= 40).map((id) => ({ id, tag: `tag${id}` })));
    expect(await q('SELECT a.id FROM iso.notes a JOIN iso.notes b ON a.id = b.id - 1 ORDER BY a.id'), `${tag}: self join`).toEqual(
      mine.filter((id) => model.get(l.name)!.has(id + 1)).map((id) => ({ id })),
    );
    expect(await q('SELECT id FROM iso.tags WHERE id IN (SELECT id FROM iso.notes) ORDER BY id'), `${tag}: IN subquery`).toEqual(
      mine.filter((id) => id <= 40).map((id) => ({ id })),
    );
    expect(
      await q('SELECT t.id FROM iso.tags t WHERE NOT EXISTS (SELECT 1 FROM iso.notes n WHERE n.id = t.id) ORDER BY t.id'),
      `${tag}: correlated NOT EXISTS`,
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1).filter((id) => !model.get(l.name)!.has(id)).map((id) => ({ id })));
    expect(await q('SELECT (SELECT count(*)::int FROM iso.notes) AS n'), `${tag}: scalar subquery`).toEqual([{ n: mine.length }]);
    expect(await q('WITH x AS (SELECT id FROM iso.notes) SELECT count(*)::int AS n FROM x'), `${tag}: CTE`).toEqual([{ n: mine.length }]);
    expect(await q('SELECT id, row_number() OVER (ORDER BY id)::int AS r FROM iso.notes ORDER BY id'), `${tag}: window`).toEqual(
      mine.map((id, i) => ({ id, r: i + 1 })),
    );
    expect(
      await q('SELECT id FROM iso.notes UNION SELECT id FROM iso.notes WHERE id > 0 ORDER BY id'),
      `${tag}: UNION`,
    ).toEqual(mine.map((id) => ({ id })));
    expect(
      await q('SELECT t.id, x.c FROM iso.tags t, LATERAL (SELECT count(*)::int AS c FROM iso.notes n WHERE n.id <= t.id) x WHERE t.id = 40'),
      `${tag}: LATERAL`,
    ).toEqual([{ id: 40, c: mine.filter((id) => id <= 40).length }]);
    expect(await q('SELECT id FROM iso.events ORDER BY id'), `${tag}: stream scan`).toEqual([...stream.get(l.name)!].sort((a, b) => a - b).map((id) => ({ id })));
    for (const o of LOGINS.filter((o) => o.name !== l.name)) {
      expect(await q("SELECT count(*)::int AS n FROM iso.events WHERE what = $1", [`${o.name} event`]), `${tag}: another's stream rows`).toEqual([{ n: 0 }]);
    }

    // EXPLAIN ANALYZE counts only the session user's rows.
    const plan = (await q('EXPLAIN ANALYZE SELECT * FROM iso.notes')).map((r) => r['QUERY PLAN'] as string).join('\n');
    expect(plan.match(/actual (?:time=\S+ )?rows=(\d+)/)?.[1], `${tag}: EXPLAIN ANALYZE\n${plan}`).toBe(String(mine.length));

    // A cursor and a named prepared statement over the extended protocol.
    await c.query('BEGIN');
    await c.query('DECLARE cur CURSOR FOR SELECT id FROM iso.notes ORDER BY id');
    expect((await q('FETCH ALL FROM cur')).map((r) => r.id), `${tag}: cursor`).toEqual(mine);
    await c.query('COMMIT');
    const prepared = await c.query({ name: 'iso_ids', text: 'SELECT id FROM iso.notes WHERE id >= $1 ORDER BY id', values: [1] });
    expect(prepared.rows.map((r) => r.id), `${tag}: prepared`).toEqual(mine);

    // COPY out sees only the session user's rows.
    const out = await copyOut(l, 'COPY iso.notes (id, body) TO STDOUT');
    expect(out, `${tag}: COPY TO`).toBe(rowsOf(l.name).map((r) => `${r.id}\t${r.body}\n`).join(''));
  }
}

async function copyOut(l: Login, sql: string): Promise<string> {
  const s = postgres({ host: '127.0.0.1', port: t.port, user: l.name, password: l.password, database: 'postgres', max: 1, onnotice: () => undefined });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of await s.unsafe(sql).readable()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await s.end();
  }
}

async function copyIn(l: Login, sql: string, data: string): Promise<void> {
  const s = postgres({ host: '127.0.0.1', port: t.port, user: l.name, password: l.password, database: 'postgres', max: 1, onnotice: () => undefined });
  try {
    const w = await s.unsafe(sql).writable();
    await new Promise<void>((resolve, reject) => {
      w.on('finish', resolve);
      w.on('error', reject);
      w.end(data);
    });
  } finally {
    await s.end();
  }
}

/** Writes through every write path; each changes only the session user's partition. */
async function everyWriteChangesOnlyOwnRows(phase: string, base: number): Promise<void> {
  for (const [k, l] of LOGINS.entries()) {
    const c = as(l.name);
    const m = model.get(l.name)!;
    const tag = `${phase}, ${l.name}`;

    // UPDATE with no WHERE: RETURNING names exactly the own rows.
    const upd = await c.query("UPDATE iso.notes SET body = body || '+' WHERE id <> 7000 RETURNING id");
    expect(upd.rows.map((r) => r.id).sort((a, b) => a - b), `${tag}: UPDATE RETURNING`).toEqual(ids(l.name).filter((id) => id !== 7000));
    for (const id of m.keys()) if (id !== 7000) m.set(id, `${m.get(id)}+`);

    // DELETE with no WHERE inside a rolled-back transaction: RETURNING shows only own rows.
    await c.query('BEGIN');
    const del = await c.query('DELETE FROM iso.notes RETURNING id');
    expect(del.rows.map((r) => r.id).sort((a, b) => a - b), `${tag}: DELETE RETURNING`).toEqual(ids(l.name));
    await c.query('ROLLBACK');

    // ON CONFLICT on a key another login holds inserts here and leaves theirs alone.
    const otherOnly = 100 + ((k + 1) % LOGINS.length) * 10; // the next login's own id
    const up = await c.query(
      "INSERT INTO iso.notes VALUES ($1, $2, $1) ON CONFLICT (id) DO UPDATE SET body = 'clobbered' RETURNING id, body",
      [otherOnly, `${l.name}-took-${otherOnly}-${base}`],
    );
    expect(up.rows, `${tag}: ON CONFLICT`).toEqual([{ id: otherOnly, body: m.has(otherOnly) ? 'clobbered' : `${l.name}-took-${otherOnly}-${base}` }]);
    m.set(otherOnly, up.rows[0].body);

    // A duplicate key is a duplicate only within the own partition, and its error names only what the session sent.
    const dup = await c.query('INSERT INTO iso.notes VALUES (1, $1, 1)', [`dup-${l.name}-${base}`]).then(
      () => null,
      (e: { code: string; detail?: string }) => e,
    );
    expect(dup?.code, `${tag}: own duplicate`).toBe('23505');
    expect(dup?.detail, `${tag}: duplicate detail`).toBe('Key (id)=(1) already exists.');

    // INSERT … SELECT reads only own rows.
    const copied = await c.query(`INSERT INTO iso.notes SELECT id + ${base}, body || '#${base}', n FROM iso.notes WHERE id < 7000 RETURNING id`);
    expect(copied.rowCount, `${tag}: INSERT … SELECT`).toBe(ids(l.name).filter((id) => id < 7000).length);
    for (const id of ids(l.name).filter((id) => id < 7000)) m.set(id + base, `${m.get(id)}#${base}`);

    // UPDATE … FROM and DELETE … USING join the own rows only.
    const ud = await c.query(`UPDATE iso.notes n SET n = n.n + 1 FROM iso.tags t WHERE t.id = n.id AND n.id <= 3 RETURNING n.id`);
    expect(ud.rows.map((r) => r.id).sort(), `${tag}: UPDATE FROM`).toEqual(ids(l.name).filter((id) => id <= 3));
    const du = await c.query(`DELETE FROM iso.notes n USING iso.tags t WHERE t.id = n.id AND n.id = 10 RETURNING n.id`);
    expect(du.rows, `${tag}: DELETE USING`).toEqual(m.has(10) ? [{ id: 10 }] : []);
    m.delete(10);

    // COPY FROM lands in the own partition.
    await copyIn(l, 'COPY iso.notes (id, body, n) FROM STDIN', `${base * 100}\t${l.name}-copied-${base}\t0\n`);
    m.set(base * 100, `${l.name}-copied-${base}`);

    // Stream rows too.
    await c.query('INSERT INTO iso.events VALUES ($1, $2)', [base + k, `${l.name} event`]);
    stream.get(l.name)!.push(base + k);
  }
}

describe('per-user isolation across roles', () => {
  it('with every row hot', async () => {
    await everyReadSeesOnlyOwnRows('hot');
    await everyWriteChangesOnlyOwnRows('hot', 1000);
    await everyReadSeesOnlyOwnRows('hot after writes');
  }, 120_000);

  it('with the rows flushed to segments, then half hot and half cold', async () => {
    expect((await flushAndWait(as(SUPERUSER), 'iso.notes')).status).toBe('completed');
    await everyReadSeesOnlyOwnRows('flushed');
    await everyWriteChangesOnlyOwnRows('flushed', 2000);
    await everyReadSeesOnlyOwnRows('hot over cold');
  }, 120_000);

  it('after a restart', async () => {
    await t.stop();
    t = await startTestServer(dataDir);
    await connectAll();
    await everyReadSeesOnlyOwnRows('restarted');
  }, 120_000);

  it('TRUNCATE empties only the session user\'s partition', async () => {
    await as('sam').query('TRUNCATE iso.notes');
    model.get('sam')!.clear();
    await everyReadSeesOnlyOwnRows('after sam truncated');
  }, 120_000);

  it('EXECUTE AS USER follows the role matrix', async () => {
    // system → anyone; dba → dba, service, user; service → service, user; user → itself.
    const allowed: Record<string, string[]> = {
      [SUPERUSER]: ['alice', 'sam', 'dora', SUPERUSER],
      dora: ['alice', 'sam', 'dora'],
      sam: ['alice', 'sam'],
      alice: ['alice'],
    };
    for (const actor of LOGINS) {
      for (const subject of LOGINS) {
        const run = as(actor.name).query(`EXECUTE AS USER '${subject.name}' (SELECT count(*)::int AS n FROM iso.notes)`);
        if (allowed[actor.name]!.includes(subject.name)) {
          expect((await run).rows, `${actor.name} as ${subject.name}`).toEqual([{ n: ids(subject.name).length }]);
        } else {
          expect(await sqlstate(run), `${actor.name} as ${subject.name}`).toBe('42501');
        }
      }
    }
  });

  it('system tables show users below dba only themselves', async () => {
    const everyone = LOGINS.map((l) => l.name).sort();
    for (const l of LOGINS) {
      const names = (await as(l.name).query('SELECT username FROM system.users ORDER BY username')).rows.map((r) => r.username);
      expect(names, `${l.name}: system.users`).toEqual(l.role === 'dba' || l.role === 'system' ? everyone : [l.name]);
      const jobs = (await as(l.name).query('SELECT count(*)::int AS n FROM system.jobs')).rows[0].n;
      if (l.role === 'user' || l.role === 'service') expect(jobs, `${l.name}: system.jobs`).toBe(0);
      else expect(jobs, `${l.name}: system.jobs`).toBeGreaterThan(0);
      const stats = await sqlstate(as(l.name).query('SELECT * FROM system.stats'));
      expect(stats, `${l.name}: system.stats`).toBe(l.role === 'dba' || l.role === 'system' ? 'no error' : '42501');
      // As in PostgreSQL, every session is listed, but another role's query text only to those who may see it.
      const queries = (await as(l.name).query("SELECT usename, query FROM pg_stat_activity WHERE usename <> current_user AND usename IS NOT NULL")).rows;
      expect(queries.length, `${l.name}: pg_stat_activity`).toBeGreaterThan(0);
      for (const r of queries) {
        if (l.role === 'dba' || l.role === 'system') expect(r.query, `${l.name} reads ${r.usename}'s query`).not.toBe('<insufficient privilege>');
        else expect(r.query, `${l.name} reads ${r.usename}'s query`).toBe('<insufficient privilege>');
      }
    }
  });
});
