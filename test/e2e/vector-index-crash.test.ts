/**
 * Issue 8, acceptance 3: a crash (SIGKILL) during an hnsw index build, or while clients insert,
 * update and delete rows of an indexed table, leaves an index that returns only live rows after
 * the restart. The index's files are only as new as its last save, so after the restart a
 * 'vector_index' job reads the table again; once it is done, every answer is checked against the
 * exact scan and the acknowledged writes: no deleted row, every row written after the last save found.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { lit, vec as fixtureVec } from './vector-fixtures.js';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startChild, type ChildServer } from './child-server.js';

const DIMS = 16;
const dirs: string[] = [];
const children: ChildServer[] = [];
afterAll(() => {
  for (const s of children) s.proc.kill('SIGKILL');
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const vec = (i: number): number[] => fixtureVec(i, DIMS);

async function start(dir: string, port: number): Promise<ChildServer> {
  const s = await startChild(dir, port);
  children.push(s);
  // The kill cuts every connection: that is the point, not an error of the test.
  const client = s.client.bind(s);
  return { ...s, client: async () => (await client()).on('error', () => {}) };
}

async function kill(s: ChildServer): Promise<void> {
  s.proc.kill('SIGKILL');
  await s.exited;
}

async function load(c: pg.Client, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i += 1000) {
    const values: string[] = [];
    for (let j = i; j <= Math.min(to, i + 999); j++) values.push(`(${j}, '${lit(vec(j))}')`);
    await c.query(`INSERT INTO t VALUES ${values.join(',')}`);
  }
}

async function freshDir(): Promise<{ dir: string; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kalamdb-pg-veccrash-'));
  dirs.push(dir);
  return { dir, port: await freePort() };
}

/** Table t with rows 1..n, vector i being vec(i). */
async function makeTable(c: pg.Client, n: number): Promise<void> {
  await c.query(`CREATE TABLE t (id bigint PRIMARY KEY, embedding vector(${DIMS}))`);
  await load(c, 1, n);
}

/** Waits until no vector_index job is queued or running; returns how many completed. */
async function indexJobsDone(c: pg.Client): Promise<number> {
  for (let tries = 0; tries < 1500; tries++) {
    const r = await c.query<{ status: string }>("SELECT status FROM system.jobs WHERE job_type = 'vector_index'");
    if (r.rows.length > 0 && r.rows.every((j) => j.status !== 'new' && j.status !== 'running')) {
      return r.rows.filter((j) => j.status === 'completed').length;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the vector_index job did not finish');
}

const TOP = 'SELECT id, embedding <-> $1 AS d FROM t ORDER BY embedding <-> $1 LIMIT 10';

async function answer(c: pg.Client, q: string): Promise<{ ids: number[]; d: string[] }> {
  const r = await c.query(TOP, [q]);
  return { ids: r.rows.map((x: { id: string }) => Number(x.id)), d: r.rows.map((x: { d: number }) => x.d.toFixed(6)) };
}

/** The index answers (EXPLAIN says so) exactly what the full scan answers, for each query. */
async function expectIndexMatchesScan(c: pg.Client, queries: readonly string[]): Promise<void> {
  await c.query('SET hnsw.ef_search = 1000');
  const plan = await c.query(`EXPLAIN ${TOP}`, [queries[0]]);
  expect(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n')).toContain('Index Scan using t_e on t');
  for (const q of queries) {
    const got = await answer(c, q);
    await c.query('SET enable_indexscan = off');
    const want = await answer(c, q);
    await c.query('RESET enable_indexscan');
    expect(got.d).toEqual(want.d);
  }
}

describe('hnsw index and crashes', () => {
  it('a crash while clients write leaves an index that returns only live rows, and finds rows written after its last save', async () => {
    const { dir, port } = await freshDir();
    let s = await start(dir, port);
    let c = await s.client();
    await makeTable(c, 3000);
    await c.query('CREATE INDEX t_e ON t USING hnsw (embedding vector_l2_ops)');
    // Writes after the build's save: the files never see them before the crash.
    const live = new Map<number, number>(); // id → the i its vector is vec(i) of
    for (let i = 1; i <= 3000; i++) live.set(i, i);
    const deleted: number[] = [];
    let next = 3001;
    let cut = false;
    const writer = (async () => {
      for (let k = 0; !cut; k++) {
        try {
          if (k % 3 === 0) {
            await c.query('INSERT INTO t VALUES ($1, $2)', [next, lit(vec(next))]);
            live.set(next, next);
            next++;
          } else if (k % 3 === 1) {
            const id = 1 + ((k * 7919) % 3000);
            await c.query('DELETE FROM t WHERE id = $1', [id]);
            if (live.delete(id)) deleted.push(id);
          } else {
            const id = 1 + ((k * 104729) % 3000);
            const r = await c.query('UPDATE t SET embedding = $2 WHERE id = $1', [id, lit(vec(100_000 + k))]);
            if (r.rowCount === 1) live.set(id, 100_000 + k);
          }
        } catch {
          return;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 1500));
    await kill(s);
    cut = true;
    await writer;
    expect(next - 3001, 'rows inserted before the crash').toBeGreaterThan(20);

    s = await start(dir, port);
    c = await s.client();
    expect(await indexJobsDone(c)).toBeGreaterThan(0);
    // A deleted row's own vector: the nearest rows may be anything but that row.
    for (const id of deleted.slice(-20)) {
      const got = await answer(c, lit(vec(id)));
      expect(got.ids).not.toContain(id);
    }
    // A row inserted after the last save (only the catch-up can have put it in the graph) is found.
    for (const id of [next - 1, next - 5, 3001]) {
      if (!live.has(id)) continue;
      const got = await answer(c, lit(vec(live.get(id)!)));
      expect(got.ids[0]).toBe(id);
      expect(got.d[0]).toBe('0.000000');
    }
    // Every returned row is live (or the one write the crash cut off).
    const ids = new Set<number>();
    for (let q = 0; q < 20; q++) (await answer(c, lit(vec(50_000 + q)))).ids.forEach((id) => ids.add(id));
    const unknown = [...ids].filter((id) => !live.has(id) && id !== next);
    expect(unknown).toEqual([]);
    await expectIndexMatchesScan(c, [lit(vec(7)), lit(vec(next - 1)), lit(vec(424242))]);
    await c.end();
    await kill(s);
  }, 120_000);

  it('a crash during CREATE INDEX leaves no index (and no files); the table answers exactly and the index can be built again', async () => {
    const { dir, port } = await freshDir();
    let s = await start(dir, port);
    let c = await s.client();
    await makeTable(c, 20_000);
    const building = c.query('CREATE INDEX t_e ON t USING hnsw (embedding vector_l2_ops) WITH (m = 32, ef_construction = 400)').then(() => 'built', () => 'cut off');
    await new Promise((r) => setTimeout(r, 700));
    await kill(s);
    expect(await building).toBe('cut off');

    s = await start(dir, port);
    c = await s.client();
    expect((await c.query("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 't_e'")).rows[0].n).toBe(0);
    expect(existsSync(join(dir, 'vector-indexes')) ? readdirSync(join(dir, 'vector-indexes')) : []).toEqual([]);
    const q = lit(vec(77));
    expect((await answer(c, q)).ids[0]).toBe(77);
    await c.query('CREATE INDEX t_e ON t USING hnsw (embedding vector_l2_ops)');
    await expectIndexMatchesScan(c, [q, lit(vec(19_999))]);
    await c.end();
    await kill(s);
  }, 120_000);

  it('an index whose files are unreadable is rebuilt at start, as a job', async () => {
    const { dir, port } = await freshDir();
    let s = await start(dir, port);
    let c = await s.client();
    await makeTable(c, 2000);
    await c.query('CREATE INDEX t_e ON t USING hnsw (embedding vector_l2_ops)');
    await c.end();
    await kill(s);
    const home = join(dir, 'vector-indexes', readdirSync(join(dir, 'vector-indexes'))[0]!);
    for (const f of readdirSync(home)) if (f.endsWith('.labels')) writeFileSync(join(home, f), 'not a label file');

    s = await start(dir, port);
    c = await s.client();
    expect(await indexJobsDone(c)).toBe(1);
    await c.query('SET enable_seqscan = off');
    await expectIndexMatchesScan(c, [lit(vec(5)), lit(vec(1999))]);
    expect(s.output.join('')).toContain('could not be read, rebuilding');
    await c.end();
    await kill(s);
  }, 120_000);
});
