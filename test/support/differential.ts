/**
 * Our server and a throwaway PostgreSQL 15 side by side for one test file: both started and set up
 * with the same statements in beforeAll, stopped in afterAll, and `answer` giving what a client
 * sees (rows as text, column names and type OIDs — or the SQLSTATE) to compare; `answerWithTag`
 * adds the command tag, for step-by-step DML and DDL.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import pg from 'pg';
import { startTestServer, type TestServer } from '../e2e/harness.js';
import { startReferencePostgres, type ReferencePostgres } from './pg-reference.js';

export type Answer =
  | { readonly rows: unknown[][]; readonly fields: string[]; readonly tag?: string }
  | { readonly error: string | undefined };

export interface DifferentialPair {
  /** A client of our server. */
  readonly ours: pg.Client;
  /** A client of the reference PostgreSQL. */
  readonly reference: pg.Client;
  /** Our server itself (its port, for other clients). */
  readonly server: TestServer;
  /** The reference PostgreSQL (its port and user, for other clients). */
  readonly ref: ReferencePostgres;
}

/** Every value as the text the server sent: what is compared, never a parsed JS value. */
export const TEXT_TYPES = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

export async function answer(c: pg.Client, text: string, values?: unknown[]): Promise<Answer> {
  const a = await answerWithTag(c, text, values);
  if ('error' in a) return a;
  return { rows: a.rows, fields: a.fields };
}

export async function answerWithTag(c: pg.Client, text: string, values?: unknown[]): Promise<Answer> {
  try {
    const r = await c.query({ text, values, rowMode: 'array', types: TEXT_TYPES });
    return { rows: r.rows, fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`), tag: `${r.command} ${r.rowCount}` };
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
}

/** Runs each statement on both servers in turn; each answer, with its tag, must be PostgreSQL's. */
export async function expectSameSteps(pair: DifferentialPair, steps: readonly string[]): Promise<void> {
  for (const sql of steps) {
    const [ours, theirs] = [await answerWithTag(pair.ours, sql), await answerWithTag(pair.reference, sql)];
    expect([sql, ours]).toEqual([sql, theirs]);
  }
}

/** Registers the hooks; the returned object's clients are set once beforeAll has run. */
export function differentialPair(setup: readonly string[] = []): DifferentialPair {
  const pair = {} as { ours: pg.Client; reference: pg.Client; server: TestServer; ref: ReferencePostgres };
  let ref: ReferencePostgres | undefined;
  beforeAll(async () => {
    [pair.server, ref] = await Promise.all([startTestServer(), startReferencePostgres()]);
    pair.ref = ref;
    pair.ours = await pair.server.client();
    pair.reference = new pg.Client({ host: '127.0.0.1', port: ref.port, user: ref.user, database: 'postgres' });
    await pair.reference.connect();
    for (const sql of setup) {
      await pair.ours.query(sql);
      await pair.reference.query(sql);
    }
  });
  afterAll(async () => {
    await pair.reference?.end();
    await pair.server?.stop();
    await ref?.stop();
  });
  return pair;
}
