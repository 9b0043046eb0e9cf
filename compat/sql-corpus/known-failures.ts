/**
 * The known-failures list (`compat/sql/known-failures.txt`): one line per case that does not yet
 * match PostgreSQL, `<case id> <reason>`. The corpus test fails when a case outside the list fails
 * or a case on it passes, so the list can only shrink. `COMPAT_WRITE_KNOWN=1 npm run compat:sql`
 * rewrites it from a run, each reason being what the run observed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from './golden.js';

export const KNOWN_FAILURES_PATH = join(CORPUS_DIR, 'known-failures.txt');

export function readKnownFailures(): Map<string, string> {
  const known = new Map<string, string>();
  if (!existsSync(KNOWN_FAILURES_PATH)) return known;
  for (const line of readFileSync(KNOWN_FAILURES_PATH, 'utf8').split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const space = t.indexOf(' ');
    const id = space < 0 ? t : t.slice(0, space);
    const reason = space < 0 ? '' : t.slice(space + 1).trim();
    if (reason === '') throw new Error(`known-failures.txt: ${id} has no reason`);
    known.set(id, reason);
  }
  return known;
}

export function writeKnownFailures(failures: ReadonlyMap<string, string>): void {
  const header = [
    '# Corpus cases that do not match PostgreSQL 15 yet: "<file>:<hash> <reason>".',
    '# CI fails when a case outside this list fails or one on it passes: fix a case, delete its line.',
  ];
  const lines = [...failures].sort(([a], [b]) => a.localeCompare(b)).map(([id, why]) => `${id} ${why.replace(/\s+/g, ' ').slice(0, 200)}`);
  writeFileSync(KNOWN_FAILURES_PATH, [...header, ...lines].join('\n') + '\n');
}
