/**
 * pgjdbc and vector columns the pgvector way (issue 8, acceptance 1): PGobject of type "vector"
 * as a parameter and as what getObject returns, a float4 array assigned to a vector column, the
 * vector → real[] cast read back as a JDBC array, and pgvector's dimension error. The program is
 * compat/jdbc/Vectors.java; PostgreSQL 15 here has no pgvector, so the answers are pgvector's
 * documented ones.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER, startTestServer, type TestServer } from '../test/e2e/harness.js';
import { JDBC_JAR, runJdbcProgram } from './jdbc-runner.js';

// Skipped only on a developer machine without the jar; CI installs it (.ci/run), so there it must run.
const haveJdbc = existsSync(JDBC_JAR) || process.env.CI === 'true';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

it.runIf(haveJdbc)('writes and reads vectors through PGobject, and arrays through the casts', async () => {
  const out = await runJdbcProgram('Vectors', [`jdbc:postgresql://127.0.0.1:${t.port}/postgres`, SUPERUSER, PASSWORD]);
  expect(out).toBe([
    '1|vector|[1,1,1]|0.0',
    '3|vector|[1,1,2]|1.0',
    '2|vector|[2,2,2]|1.7320508075688772',
    'real[]|0.5,0.25,3.0',
    'error|22000|ERROR: expected 3 dimensions, not 2',
    '',
  ].join('\n'));
}, 120_000);
