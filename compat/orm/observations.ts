/**
 * What an ORM script saw, check by check, so the same script run against kalamdb-pg and against
 * PostgreSQL 15 can be compared one named observation at a time (a failure names the check, and
 * the pass count says how far the server got).
 */
import { expect } from 'vitest';

export type Observations = Map<string, unknown>;

/** Runs one step of a script; an error becomes the observation (its class and SQLSTATE), not a crash. */
export async function observe(into: Observations, name: string, step: () => Promise<unknown>): Promise<void> {
  try {
    into.set(name, await step());
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    into.set(name, { error: err.name, code: err.code, message: err.message });
  }
}

/** Prints `<label>: N of M checks match PostgreSQL 15` and fails on the first check that differs. */
export function expectSameObservations(label: string, ours: Observations, reference: Observations): void {
  const names = [...reference.keys()];
  const same = names.filter((n) => ours.has(n) && JSON.stringify(ours.get(n)) === JSON.stringify(reference.get(n)));
  console.log(`${label}: ${same.length} of ${names.length} checks match PostgreSQL 15`);
  for (const n of names) expect({ check: n, saw: ours.get(n) }).toEqual({ check: n, saw: reference.get(n) });
  expect([...ours.keys()]).toEqual(names);
}
