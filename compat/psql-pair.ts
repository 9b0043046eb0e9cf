/** One psql script run against kalamdb-pg and the reference PostgreSQL: what each printed. */
import { runPsql } from './psql-runner.js';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';

interface Pair {
  readonly ours: { readonly port: number };
  readonly ref: { readonly port: number };
}

/** stdout, then stderr under a marker line. */
export async function psqlAll(port: number, script: string): Promise<string> {
  const r = await runPsql(`host=127.0.0.1 port=${port} user=${SUPERUSER} dbname=postgres`, script, [], PASSWORD);
  return `${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

/** The script (given 'ours' or 'ref', for file names) on ours, then on the reference. */
export async function psqlBoth(pair: Pair, script: (tag: string) => string): Promise<[string, string]> {
  return [await psqlAll(pair.ours.port, script('ours')), await psqlAll(pair.ref.port, script('ref'))];
}
