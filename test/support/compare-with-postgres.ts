/** One client script, run against kalamdb-pg and against PostgreSQL 15, step by step compared. */
import { PASSWORD, SUPERUSER, type TestServer } from '../e2e/harness.js';
import { compareObservations, type Comparison, type Observations, type ScriptTarget } from './observations.js';
import type { ReferencePostgres } from './pg-reference.js';

/**
 * Runs a client script against kalamdb-pg, then against PostgreSQL 15, and compares what it saw;
 * prints `Knex: 28 of 28 checks match PostgreSQL 15`.
 */
export async function compareWithPostgres(
  label: string,
  pair: { readonly ours: TestServer; readonly ref: ReferencePostgres },
  run: (target: ScriptTarget) => Promise<Observations>,
): Promise<Comparison> {
  const ours = await run({ port: pair.ours.port, user: SUPERUSER, password: PASSWORD });
  const ref = await run({ port: pair.ref.port, user: pair.ref.user, password: '' });
  const comparison = compareObservations(ours, ref);
  console.log(`${label}: ${comparison.same} of ${comparison.total} checks match PostgreSQL 15`);
  return comparison;
}
