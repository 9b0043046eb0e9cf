/**
 * A table mirror built while other sessions commit: the commits made during the build (which reads
 * RocksDB over many turns of the event loop) must all be in the mirror when it is first read, and
 * every later commit too. Checked against the rows the test itself wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { startTestServer, type TestServer } from './harness.js';
import { seededRandom } from '../support/seeded-random.js';

let server: TestServer;
let reader: pg.Client;
let writer: pg.Client;
const ROWS = 30_000;

beforeAll(async () => {
  server = await startTestServer();
  [reader, writer] = await Promise.all([server.client(), server.client()]);
  await writer.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
  for (let from = 0; from < ROWS; from += 5000) {
    await writer.query(`INSERT INTO t SELECT x, x % 10 FROM generate_series(${from}, ${from + 4999}) AS x`);
  }
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('a mirror built while others commit', () => {
  it('holds every commit made before, during and after its build', async () => {
    const model = new Map<number, number>();
    for (let i = 0; i < ROWS; i++) model.set(i, i % 10);
    const next = seededRandom(11);
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing || n < 200) {
        const id = Math.floor(next() * (ROWS + 2000));
        const r = next();
        if (r < 0.4) {
          await writer.query('INSERT INTO t VALUES ($1, 7) ON CONFLICT (id) DO UPDATE SET v = t.v + 7', [id]);
          model.set(id, (model.get(id) ?? 0) + 7);
        } else if (r < 0.7) {
          await writer.query('UPDATE t SET v = v * 2 WHERE id = $1', [id]);
          if (model.has(id)) model.set(id, model.get(id)! * 2);
        } else {
          await writer.query('DELETE FROM t WHERE id = $1', [id]);
          model.delete(id);
        }
        n++;
      }
      return n;
    })();
    // The first scans build the mirror while the writes above run.
    const during: number[] = [];
    for (let i = 0; i < 5; i++) during.push(Number((await reader.query('SELECT count(*) AS n FROM t')).rows[0].n));
    writing = false;
    const written = await writes;
    expect(written).toBeGreaterThanOrEqual(200);
    const sum = [...model.values()].reduce((a, b) => a + b, 0);
    const got = (await reader.query('SELECT count(*) AS n, sum(v) AS s, max(v) AS m FROM t')).rows[0];
    expect({ n: Number(got.n), s: Number(got.s) }).toEqual({ n: model.size, s: sum });
    const top = (await reader.query('SELECT id, v FROM t ORDER BY v DESC, id LIMIT 5')).rows;
    const expected = [...model].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 5).map(([id, v]) => ({ id, v }));
    expect(top).toEqual(expected);
    expect(during.every((n) => n > 0)).toBe(true);
    expect(server.server.db.mirrors.builds).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('rebuilds after ALTER TABLE and still follows commits', async () => {
    await writer.query('ALTER TABLE t ADD COLUMN w int DEFAULT 5');
    await writer.query('UPDATE t SET w = 6 WHERE id < 100');
    const r = (await reader.query('SELECT count(*) FILTER (WHERE w = 6) AS six, count(*) FILTER (WHERE w = 5) AS five, count(*) AS n FROM t')).rows[0];
    const n = Number(r.n);
    expect(Number(r.six) + Number(r.five)).toBe(n);
    expect(Number(r.six)).toBe(Number((await reader.query('SELECT count(*) AS c FROM t WHERE id < 100')).rows[0].c));
  });
});
