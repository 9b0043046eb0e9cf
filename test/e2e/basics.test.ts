import { describe, expect, it } from 'vitest';
import { sqlstate, withServerAndClient } from './harness.js';

const env = withServerAndClient();

describe('a KalamDB session over node-postgres', () => {
  it('creates a namespace and a USER table, inserts with RETURNING, selects', async () => {
    await env.c.query('CREATE NAMESPACE app');
    await env.c.query(`CREATE USER TABLE app.messages (
      id BIGINT PRIMARY KEY DEFAULT SNOWFLAKE_ID(),
      body TEXT NOT NULL,
      created_at TIMESTAMP DEFAULT NOW())`);
    const ins = await env.c.query("INSERT INTO app.messages (body) VALUES ('hello'), ('world') RETURNING id, body");
    expect(ins.command).toBe('INSERT');
    expect(ins.rowCount).toBe(2);
    expect(ins.rows.map((r) => r.body)).toEqual(['hello', 'world']);
    const sel = await env.c.query('SELECT body FROM app.messages ORDER BY id');
    expect(sel.rows).toEqual([{ body: 'hello' }, { body: 'world' }]);
    const one = await env.c.query('SELECT body FROM app.messages WHERE id = $1', [ins.rows[1].id]);
    expect(one.rows).toEqual([{ body: 'world' }]);
  });

  it('answers literals exactly as PostgreSQL does', async () => {
    const r = await env.c.query({ text: 'SELECT 1.5e10 AS a, 9223372036854775807::bigint AS b', rowMode: 'array' });
    expect(r.rows[0]).toEqual(['15000000000', '9223372036854775807']);
  });

  it('updates and deletes with RETURNING', async () => {
    await env.c.query('CREATE TABLE kv (k INT PRIMARY KEY, v TEXT)');
    await env.c.query("INSERT INTO kv VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    const u = await env.c.query("UPDATE kv SET v = v || '!' WHERE k >= 2 RETURNING k, v");
    expect(u.rowCount).toBe(2);
    expect(u.rows).toEqual([{ k: 2, v: 'b!' }, { k: 3, v: 'c!' }]);
    const d = await env.c.query('DELETE FROM kv WHERE k = 1 RETURNING *');
    expect(d.rows).toEqual([{ k: 1, v: 'a' }]);
    const all = await env.c.query('SELECT count(*) AS n FROM kv');
    expect(all.rows[0].n).toBe('2');
  });

  it('reports constraint and input errors with PostgreSQL SQLSTATEs, writing nothing', async () => {
    expect(await sqlstate(env.c.query("INSERT INTO kv VALUES (2, 'dup')"))).toBe('23505');
    expect(await sqlstate(env.c.query('INSERT INTO app.messages (body) VALUES (NULL)'))).toBe('23502');
    expect(await sqlstate(env.c.query("INSERT INTO kv VALUES ('x', 'y')"))).toBe('22P02');
    expect(await sqlstate(env.c.query('SELECT * FROM nope'))).toBe('42P01');
    expect(await sqlstate(env.c.query('SELECT nope FROM kv'))).toBe('42703');
    expect(await sqlstate(env.c.query('CREATE TABLE bad (x money)'))).toBe('42704');
    expect(await sqlstate(env.c.query("INSERT INTO kv VALUES (10, 'ok'), (10, 'again')"))).toBe('23505');
    const r = await env.c.query('SELECT k FROM kv ORDER BY k');
    expect(r.rows.map((x) => x.k)).toEqual([2, 3]);
  });

  it('keeps the connection usable after errors', async () => {
    const r = await env.c.query('SELECT 1 AS one');
    expect(r.rows).toEqual([{ one: 1 }]);
  });

  it('runs the same named prepared statement ten times', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await env.c.query({ name: 'by-key', text: 'SELECT v FROM kv WHERE k = $1', values: [i % 2 === 0 ? 2 : 3] });
      expect(r.rows[0].v).toBe(i % 2 === 0 ? 'b!' : 'c!');
    }
  });
});
