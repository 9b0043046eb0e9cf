/**
 * As in PostgreSQL, LISTEN/NOTIFY channels belong to a database: any database name is accepted
 * here (current_database() reports it), and a NOTIFY reaches the listeners connected to the same
 * one only.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER, startTestServer, type TestServer } from './harness.js';

let t: TestServer;
const open: pg.Client[] = [];

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  for (const c of open) await c.end().catch(() => undefined);
  await t?.stop();
});

async function connect(database: string): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port: t.port, user: SUPERUSER, password: PASSWORD, database });
  await c.connect();
  open.push(c);
  return c;
}

it('delivers a NOTIFY to the listeners of its own database only', async () => {
  const [a1, a2, b] = [await connect('alpha'), await connect('alpha'), await connect('beta')];
  const heard = new Map<pg.Client, string[]>([[a2, []], [b, []]]);
  for (const [c, list] of heard) c.on('notification', (m) => list.push(`${m.channel}:${m.payload}`));
  await a2.query('LISTEN ch');
  await b.query('LISTEN ch');
  await a1.query("NOTIFY ch, 'from alpha'");
  await b.query("NOTIFY ch, 'from beta'");
  for (let i = 0; i < 100 && (heard.get(a2)!.length < 1 || heard.get(b)!.length < 1); i++) await new Promise((r) => setTimeout(r, 10));
  await a2.query('SELECT 1');
  await b.query('SELECT 1');
  expect(heard.get(a2)).toEqual(['ch:from alpha']);
  expect(heard.get(b)).toEqual(['ch:from beta']);
});
