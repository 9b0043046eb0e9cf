/**
 * USER tables flushed in rounds (issue 5, acceptance 2) and schema evolution across segments
 * (acceptance 3): each user reads exactly their rows from their own directory
 * `{namespace}/{tableName}/{userId}/`, through updates and deletes between flushes; columns
 * added, dropped and renamed between flushes, and one whose type changed, read correctly from
 * every segment.
 */
import { describe, expect, it } from 'vitest';
import { withServerAndClient } from './harness.js';
import { flushAndWait, segmentFiles, storageDir, waitForJob } from './flush-support.js';

const s = withServerAndClient();
const USERS = 100;
const ROWS = 1000;

describe('a USER table flushed in rounds', () => {
  it('gives each of 100 users exactly their 1,000 rows, with updates and deletes between flushes', async () => {
    const { c, t } = s;
    await c.query('CREATE NAMESPACE app');
    await c.query('CREATE USER TABLE app.items (id INT PRIMARY KEY, n BIGINT, note TEXT)');
    const ids: string[] = [];
    for (let u = 0; u < USERS; u++) {
      await c.query(`CREATE USER 'u${u}' WITH PASSWORD 'pw' ROLE user`);
      ids.push((await c.query<{ user_id: string }>(`SELECT user_id FROM system.users WHERE username = 'u${u}'`)).rows[0]!.user_id);
    }
    // The model: per user, id → n.
    const model = Array.from({ length: USERS }, () => new Map<number, number>());
    const as = (u: number, sql: string) => c.query(`EXECUTE AS USER 'u${u}' (${sql})`);
    for (let u = 0; u < USERS; u++) {
      await as(u, `INSERT INTO app.items SELECT g, g * 1000 + ${u}, 'u${u}' FROM generate_series(1, ${ROWS}) g`);
      for (let i = 1; i <= ROWS; i++) model[u]!.set(i, i * 1000 + u);
    }
    expect((await flushAndWait(c, 'app.items')).status).toBe('completed');

    for (let u = 0; u < USERS; u += 3) {
      await as(u, 'UPDATE app.items SET n = n + 1 WHERE id <= 100');
      for (let i = 1; i <= 100; i++) model[u]!.set(i, model[u]!.get(i)! + 1);
    }
    for (let u = 0; u < USERS; u += 5) {
      await as(u, 'DELETE FROM app.items WHERE id > 900');
      for (let i = 901; i <= ROWS; i++) model[u]!.delete(i);
    }
    expect((await flushAndWait(c, 'app.items')).status).toBe('completed');

    for (let u = 0; u < USERS; u += 2) {
      await as(u, `INSERT INTO app.items SELECT g, g, 'late' FROM generate_series(${ROWS + 1}, ${ROWS + 50}) g`);
      for (let i = ROWS + 1; i <= ROWS + 50; i++) model[u]!.set(i, i);
      await as(u, 'DELETE FROM app.items WHERE id = 2');
      model[u]!.delete(2);
    }
    expect((await flushAndWait(c, 'app.items')).status).toBe('completed');

    for (let u = 0; u < USERS; u++) {
      const r = await as(u, "SELECT count(*)::int AS count, sum(n)::bigint AS sum, count(*) FILTER (WHERE note NOT IN ('late', 'u' || '" + u + "'))::int AS foreign FROM app.items");
      const want = model[u]!;
      expect(r.rows[0]).toEqual({ count: want.size, sum: String([...want.values()].reduce((a, b) => a + b, 0)), foreign: 0 });
      const dir = storageDir(t.dataDir, 'app', 'items', ids[u]!);
      const rounds = 1 + (u % 3 === 0 || u % 5 === 0 ? 1 : 0) + (u % 2 === 0 ? 1 : 0); // a round with no hot rows writes none
      expect(segmentFiles(dir), `segments of user ${u}`).toHaveLength(rounds);
    }
    // Point reads land in the right partition too.
    expect((await as(7, 'SELECT n FROM app.items WHERE id = 500')).rows).toEqual([{ n: String(500 * 1000 + 7) }]);
    expect((await as(10, 'SELECT n FROM app.items WHERE id = 950')).rows).toEqual([]);
  });
});

describe('schema evolution across segments', () => {
  it('reads added, dropped and renamed columns correctly from every segment', async () => {
    const { c } = s;
    await c.query('CREATE SHARED TABLE app.evo (id INT PRIMARY KEY, a TEXT, b INT)');
    await c.query("INSERT INTO app.evo SELECT g, 'a' || g, g FROM generate_series(1, 10) g");
    expect((await flushAndWait(c, 'app.evo')).status).toBe('completed');
    await c.query('ALTER TABLE app.evo ADD COLUMN c INT DEFAULT 5');
    await c.query('ALTER TABLE app.evo ADD COLUMN d TEXT');
    await c.query("INSERT INTO app.evo SELECT g, 'a' || g, g, g * 2, 'd' || g FROM generate_series(11, 20) g");
    expect((await flushAndWait(c, 'app.evo')).status).toBe('completed');
    await c.query('ALTER TABLE app.evo DROP COLUMN a');
    await c.query('ALTER TABLE app.evo RENAME COLUMN b TO bee');
    await c.query('ALTER TABLE app.evo ADD COLUMN a TEXT'); // a new column under an old name: a new ordinal, NULL in old segments
    await c.query('UPDATE app.evo SET c = 0 WHERE id IN (1, 11)');
    expect((await flushAndWait(c, 'app.evo')).status).toBe('completed');
    await c.query("INSERT INTO app.evo (id, bee, c, d, a) VALUES (21, 21, 42, 'd21', 'new')");
    const r = await c.query('SELECT * FROM app.evo ORDER BY id');
    const want = [];
    for (let g = 1; g <= 21; g++) {
      if (g <= 10) want.push({ id: g, bee: g, c: g === 1 ? 0 : 5, d: null, a: null });
      else if (g <= 20) want.push({ id: g, bee: g, c: g === 11 ? 0 : g * 2, d: `d${g}`, a: null });
      else want.push({ id: 21, bee: 21, c: 42, d: 'd21', a: 'new' });
    }
    expect(r.fields.map((f) => f.name)).toEqual(['id', 'bee', 'c', 'd', 'a']);
    expect(r.rows).toEqual(want);
    expect((await c.query('SELECT bee, c FROM app.evo WHERE id = 3')).rows).toEqual([{ bee: 3, c: 5 }]);
    expect((await c.query('SELECT count(*)::int AS n FROM app.evo WHERE c = 5')).rows).toEqual([{ n: 9 }]);
  });

  it('changes the type of a column whose rows are in segments, before and after the next flush', async () => {
    const { c } = s;
    await c.query("ALTER TABLE app.evo ALTER COLUMN bee TYPE TEXT USING 'b' || bee");
    const want = Array.from({ length: 21 }, (_, i) => ({ id: i + 1, bee: `b${i + 1}` }));
    expect((await c.query('SELECT id, bee FROM app.evo ORDER BY id')).rows).toEqual(want);
    expect((await flushAndWait(c, 'app.evo')).status).toBe('completed');
    expect((await c.query('SELECT id, bee FROM app.evo ORDER BY id')).rows).toEqual(want);
    expect((await c.query('SELECT bee FROM app.evo WHERE id = 4')).rows).toEqual([{ bee: 'b4' }]);
    const { rows } = await c.query<{ job_id: string }>('STORAGE COMPACT TABLE app.evo');
    expect((await waitForJob(c, rows[0]!.job_id)).status).toBe('completed');
    expect((await c.query('SELECT id, bee FROM app.evo ORDER BY id')).rows).toEqual(want);
  });
});
