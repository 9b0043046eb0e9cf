/**
 * The differential SQL corpus (compat/sql): every case's answer from kalamdb-pg must match the
 * golden answer captured from PostgreSQL 15, except the cases on the known-failures list — and
 * those must still fail, so the list only shrinks. Prints per-file and total pass counts.
 *
 *   npm run compat:sql                         the whole corpus
 *   COMPAT_ONLY=joins npm run compat:sql       files whose name starts with "joins"
 *   COMPAT_WRITE_KNOWN=1 npm run compat:sql    rewrite known-failures.txt from this run (reasons as observed)
 */
import { describe, expect, it } from 'vitest';
import { readCorpus } from './sql-corpus/corpus.js';
import { readGolden } from './sql-corpus/golden.js';
import { readKnownFailures, writeKnownFailures } from './sql-corpus/known-failures.js';
import { runCorpusFile, type CaseResult } from './sql-corpus/run-file.js';

const only = process.env.COMPAT_ONLY;
const files = readCorpus(only);

describe('SQL corpus matches PostgreSQL 15', () => {
  it('every case outside known-failures.txt matches; every case on it still fails', { timeout: 900_000 }, async () => {
    const known = readKnownFailures();
    const all: CaseResult[] = [];
    const table: string[] = [];
    for (const f of files) {
      const results = await runCorpusFile(f, readGolden(f.name));
      all.push(...results);
      const passed = results.filter((r) => r.failure === null).length;
      table.push(`${f.name.padEnd(28)} ${String(passed).padStart(4)} / ${String(results.length).padEnd(4)} ${pct(passed, results.length)}`);
    }
    const passed = all.filter((r) => r.failure === null).length;
    console.log(['SQL corpus: cases matching PostgreSQL 15', ...table, `${'total'.padEnd(28)} ${String(passed).padStart(4)} / ${String(all.length).padEnd(4)} ${pct(passed, all.length)}`].join('\n'));

    if (process.env.COMPAT_WRITE_KNOWN === '1') {
      const ids = new Set(all.map((r) => r.id));
      const next = new Map([...known].filter(([id]) => only && !ids.has(id)));
      for (const r of all) if (r.failure !== null) next.set(r.id, r.failure);
      writeKnownFailures(next);
      return;
    }
    const unexpected = all.filter((r) => r.failure !== null && !known.has(r.id)).map((r) => `${r.id} ${r.failure}\n    ${r.sql.replace(/\s+/g, ' ')}`);
    const fixed = all.filter((r) => r.failure === null && known.has(r.id)).map((r) => `${r.id} passes now: delete its line from known-failures.txt`);
    const ids = new Set(all.map((r) => r.id));
    const stale = only ? [] : [...known.keys()].filter((id) => !ids.has(id)).map((id) => `${id} is on known-failures.txt but not in the corpus`);
    expect([...unexpected, ...fixed, ...stale]).toEqual([]);
  });
});

function pct(n: number, of: number): string {
  return of === 0 ? '' : `${((100 * n) / of).toFixed(1)}%`;
}
