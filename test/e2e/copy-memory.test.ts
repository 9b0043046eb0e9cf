/**
 * A COPY bigger than --max-query-memory inside a transaction block: the rows it holds for COMMIT
 * are charged, so it fails with 53200, writes nothing, and the server goes on (a smaller COPY
 * right after works). A COPY of its own into an empty table is a bulk load, which holds no rows
 * for COMMIT: the same data loads under the same limit.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPsql } from '../../compat/psql-runner.js';
import { PASSWORD, SUPERUSER, startTestServer, type TestServer } from './harness.js';

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), 'kalamdb-copy-mem-'));

beforeAll(async () => {
  server = await startTestServer(undefined, { maxQueryMemory: 4 * 1024 * 1024 });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('COPY and the statement memory limit', () => {
  it('fails with 53200 past the limit, keeps nothing, and serves the next COPY', async () => {
    const big = join(dir, 'big.csv');
    const small = join(dir, 'small.csv');
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => `${i},row ${i}`).join('\n') + '\n');
    writeFileSync(small, Array.from({ length: 100 }, (_, i) => `${i},row ${i}`).join('\n') + '\n');
    const r = await runPsql(`host=127.0.0.1 port=${server.port} user=${SUPERUSER} dbname=postgres`, `CREATE TABLE load (id int PRIMARY KEY, v text);
BEGIN;
\\copy load FROM '${big}' WITH (FORMAT csv)
ROLLBACK;
SELECT count(*) FROM load;
\\copy load FROM '${small}' WITH (FORMAT csv)
SELECT count(*) FROM load;
`, [], PASSWORD);
    expect(r.stderr).toContain('ERROR:  out of memory');
    expect(r.stdout).toMatch(/count\s*\n-+\n\s+0\n[\s\S]*COPY 100[\s\S]*count\s*\n-+\n\s+100\n/);
  });

  it('loads the same data as a bulk load, which holds no rows for COMMIT', async () => {
    const big = join(dir, 'big2.csv');
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => `${i},row ${i}`).join('\n') + '\n');
    const r = await runPsql(`host=127.0.0.1 port=${server.port} user=${SUPERUSER} dbname=postgres`, `CREATE TABLE bulk (id int PRIMARY KEY, v text);
\\copy bulk FROM '${big}' WITH (FORMAT csv)
SELECT count(*), sum(id) FROM bulk;
`, [], PASSWORD);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('COPY 60000');
    expect(r.stdout).toMatch(/60000 \| 1799970000/);
  });
});
