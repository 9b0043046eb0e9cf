/**
 * Restart and crash: a clean stop (SIGTERM) keeps schemas, rows, users and sequences; a SIGKILL
 * in the middle of a stream of inserts loses no acknowledged row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freePort, startChild } from './child-server.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kalamdb-pg-durable-'));
  dirs.push(d);
  return d;
}

describe('durability', () => {
  it('keeps everything across SIGTERM and restart', async () => {
    const dir = tempDir();
    const port = await freePort();
    let s = await startChild(dir, port);
    let c = await s.client();
    await c.query('CREATE NAMESPACE app');
    await c.query('CREATE USER TABLE app.notes (id BIGSERIAL PRIMARY KEY, body TEXT, v EMBEDDING(2))');
    await c.query("INSERT INTO app.notes (body, v) VALUES ('one', '[1,2]'), ('two', '[3,4]')");
    await c.query("CREATE USER 'zed' WITH PASSWORD 'zed-pw' ROLE service");
    await c.query('ALTER TABLE app.notes ADD COLUMN extra INT DEFAULT 7');
    await c.end();
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);

    s = await startChild(dir, port);
    c = await s.client();
    expect((await c.query('SELECT id, body, v::text AS v, extra FROM app.notes ORDER BY id')).rows).toEqual([
      { id: '1', body: 'one', v: '[1,2]', extra: 7 },
      { id: '2', body: 'two', v: '[3,4]', extra: 7 },
    ]);
    // The sequence continues where it stopped.
    expect((await c.query("INSERT INTO app.notes (body) VALUES ('three') RETURNING id")).rows).toEqual([{ id: '3' }]);
    expect((await c.query('DESCRIBE TABLE app.notes HISTORY')).rowCount).toBe(2);
    const zed = new pg.Client({ host: '127.0.0.1', port, user: 'zed', password: 'zed-pw', database: 'x' });
    await zed.connect();
    expect((await zed.query('SELECT current_user AS u, current_database() AS d')).rows).toEqual([{ u: 'zed', d: 'x' }]);
    await zed.end();
    await c.end();
    s.proc.kill('SIGTERM');
    await s.exited;
  });

  it('loses no acknowledged insert when killed with SIGKILL', async () => {
    const dir = tempDir();
    const port = await freePort();
    let s = await startChild(dir, port);
    const setup = await s.client();
    await setup.query('CREATE TABLE events (id INT PRIMARY KEY, payload TEXT)');
    await setup.query('CREATE TABLE counters (id SERIAL PRIMARY KEY, n INT)');
    await setup.end();

    const acked: number[] = [];
    const writers = await Promise.all([0, 1, 2, 3].map(() => s.client()));
    // The kill ends these connections: that is expected, not a test failure.
    writers.forEach((w) => w.on('error', () => undefined));
    let stop = false;
    const loops = writers.map(async (c, w) => {
      for (let i = w; !stop; i += writers.length) {
        try {
          await c.query('INSERT INTO events VALUES ($1, $2)', [i, `payload ${i}`]);
          await c.query('INSERT INTO counters (n) VALUES ($1)', [i]);
          acked.push(i);
        } catch {
          return; // the server died under us: that write was never acknowledged
        }
      }
    });
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 5));
    s.proc.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    await s.exited;

    s = await startChild(dir, port);
    const c = await s.client();
    const ids = new Set((await c.query('SELECT id FROM events')).rows.map((r) => r.id as number));
    const missing = acked.filter((i) => !ids.has(i));
    expect(missing).toEqual([]);
    const counters = (await c.query('SELECT id, n FROM counters')).rows;
    expect(counters.length).toBeGreaterThanOrEqual(acked.length);
    // Serial values were never handed out twice, even across the crash.
    const next = (await c.query('INSERT INTO counters (n) VALUES (-1) RETURNING id')).rows[0].id as number;
    expect(next).toBeGreaterThan(Math.max(...counters.map((r) => r.id as number)));
    await c.end();
    s.proc.kill('SIGTERM');
    await s.exited;
  });
});
