/**
 * Runs one corpus file on a fresh kalamdb-pg (its own data directory, so no file sees another's
 * tables) and judges every case against its golden answer.
 */
import type pg from 'pg';
import { startTestServer, type TestServer } from '../../test/e2e/harness.js';
import type { CorpusFile } from './corpus-file.js';
import type { GoldenFile } from './golden.js';
import { difference, isError, runCase, type Outcome } from './outcome.js';

const CASE_TIMEOUT_MS = 20_000;

export interface CaseResult {
  readonly id: string;
  readonly sql: string;
  /** null when the case matches PostgreSQL. */
  readonly failure: string | null;
}

export async function runCorpusFile(f: CorpusFile, golden: GoldenFile | null): Promise<CaseResult[]> {
  const server = await startTestServer();
  let c = await server.client();
  const setupErrors: string[] = [];
  try {
    for (const s of f.setup) {
      const o = await runCase(c, s, CASE_TIMEOUT_MS);
      if (isError(o)) setupErrors.push(`setup statement failed (${o.error}: ${o.message})`);
    }
    const wanted = new Map(golden?.cases.map((g) => [g.id, g]) ?? []);
    const results: CaseResult[] = [];
    for (const k of f.cases) {
      const g = wanted.get(k.id);
      if (!g) {
        results.push({ id: k.id, sql: k.sql, failure: 'no golden answer: run npm run compat:capture' });
        continue;
      }
      const first = await inRolledBackTransaction(c, k.sql);
      if (first.timedOut) c = await reconnect(server, c);
      let failure = difference(g.outcome, first.outcome, g.ordered);
      if (failure === null) {
        // The same case again must give the same answer: no nondeterminism.
        const again = await inRolledBackTransaction(c, k.sql);
        if (again.timedOut) c = await reconnect(server, c);
        if (difference(first.outcome, again.outcome, true) !== null) failure = 'a second run answered differently';
      }
      if (failure !== null && setupErrors.length > 0) failure = `${failure}; ${setupErrors[0]}`;
      results.push({ id: k.id, sql: k.sql, failure });
    }
    return results;
  } finally {
    await server.stop();
  }
}

async function inRolledBackTransaction(c: pg.Client, sql: string): Promise<{ outcome: Outcome; timedOut: boolean }> {
  const begin = await runCase(c, 'BEGIN', CASE_TIMEOUT_MS);
  const outcome = await runCase(c, sql, CASE_TIMEOUT_MS);
  const timedOut = isError(outcome) && outcome.error === 'TIMEOUT';
  if (!timedOut) await runCase(c, 'ROLLBACK', CASE_TIMEOUT_MS);
  if (isError(begin)) return { outcome: { error: begin.error, message: `BEGIN failed: ${begin.message}` }, timedOut };
  return { outcome, timedOut };
}

async function reconnect(server: TestServer, stuck: pg.Client): Promise<pg.Client> {
  (stuck as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  return server.client();
}
