/**
 * `npm run compat:capture [-- --only=prefix]`: runs every corpus file on a throwaway PostgreSQL 15
 * and writes its answers as golden files. Each file gets a database of its own; each case runs in a
 * transaction that is rolled back, so every case sees exactly the file's setup.
 */
import { test } from 'vitest';
import pg from 'pg';
import { startReferencePostgres } from '../../test/support/pg-reference.js';
import { readCorpus } from './corpus.js';
import { writeGolden, type GoldenCase } from './golden.js';
import { runCase, isError } from './outcome.js';
import { hasTopLevelOrderBy, loadOrderParser } from './ordered.js';
import { execFileSync } from 'node:child_process';

const CASE_TIMEOUT_MS = 30_000;

test('capture PostgreSQL 15 answers for the SQL corpus', { timeout: 600_000 }, async () => {
  await loadOrderParser();
  const files = readCorpus(process.env.COMPAT_ONLY);
  const version = execFileSync('postgres', ['--version'], { encoding: 'utf8' }).trim();
  const ref = await startReferencePostgres();
  try {
    const admin = new pg.Client({ host: '127.0.0.1', port: ref.port, user: ref.user, database: 'postgres' });
    await admin.connect();
    for (const f of files) {
      const db = `corpus_${f.name.replace(/[^a-z0-9_]/gi, '_')}`;
      await admin.query(`CREATE DATABASE ${db}`);
      const c = new pg.Client({ host: '127.0.0.1', port: ref.port, user: ref.user, database: db });
      await c.connect();
      for (const s of f.setup) {
        const o = await runCase(c, s, CASE_TIMEOUT_MS);
        if (isError(o)) throw new Error(`${f.name}: setup failed on PostgreSQL: ${s}\n  ${o.error} ${o.message}`);
      }
      const cases: GoldenCase[] = [];
      for (const k of f.cases) {
        await c.query('BEGIN');
        const outcome = await runCase(c, k.sql, CASE_TIMEOUT_MS);
        await c.query('ROLLBACK');
        cases.push({ id: k.id, sql: k.sql, ordered: hasTopLevelOrderBy(k.sql), outcome });
      }
      await c.end();
      writeGolden(f.name, { capturedFrom: version, cases });
      const errors = cases.filter((k) => isError(k.outcome)).length;
      console.log(`${f.name}: ${cases.length} cases captured (${errors} answer with an error)`);
    }
    await admin.end();
  } finally {
    await ref.stop();
  }
});
