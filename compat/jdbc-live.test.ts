/**
 * pgjdbc's PGConnection.getNotifications(timeout) as the client of LISTEN/NOTIFY (compared line for
 * line with PostgreSQL 15) and of a live query (SUBSCRIBE's result set through JDBC, then each
 * committed change as a notification). The program is compat/jdbc/Live.java.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { withOursAndReference } from '../test/support/server-pair.js';
import { JDBC_JAR, runJdbcProgram } from './jdbc-runner.js';

const pair = withOursAndReference();

function runLive(port: number, user: string, password: string, mode: 'notify' | 'live'): Promise<string> {
  return runJdbcProgram('Live', [`jdbc:postgresql://127.0.0.1:${port}/postgres`, user, password, mode]);
}

// Skipped only on a developer machine without the jar; CI installs it (.ci/run), so there it must run.
const haveJdbc = existsSync(JDBC_JAR) || process.env.CI === 'true';

describe('pgjdbc notifications', () => {
  it.runIf(haveJdbc)('receives LISTEN/NOTIFY as from PostgreSQL 15: payloads beyond ASCII, rollback, folding, commit order, blocks, UNLISTEN *', async () => {
    const [ours, ref] = [await runLive(pair.ours.port, SUPERUSER, PASSWORD, 'notify'), await runLive(pair.ref.port, pair.ref.user, 'unused', 'notify')];
    expect(ours).toBe(ref);
    // What the reference printed, so the comparison cannot pass on two empty outputs.
    expect(ref).toContain('A|chat|ü ✓ 日本語 🎉 (beyond the BMP)\n');
    expect(ref).toContain('== transactions\nA|chat|twice\nA|chat|once\nB|chat|B: notified second, committed first\nA|chat|A: notified first, committed second\nlistener|chat|own\n');
    expect(ref).toContain("== inside the listener's transaction: 0 arrived\n== after its commit\nA|chat|while the listener is in a transaction\n");
    expect(ref).not.toContain('rolled back');
    expect(ref).not.toContain('timed out');
  }, 120_000);

  it.runIf(haveJdbc)("reads SUBSCRIBE's result set and receives a live query's committed changes in commit order", async () => {
    const out = await runLive(pair.ours.port, SUPERUSER, PASSWORD, 'live');
    expect(out).toBe([
      '== SUBSCRIBE result set',
      'live_query_id text | rows json',
      'lq_… | [{"id":3,"name":"pad","qty":30}]',
      'lq_… | [{"id":4,"name":"cap","qty":40}]',
      '== changes',
      // The two statements of one transaction, then the next transaction's; rolled-back ones send nothing.
      'writer|lq_…|{"op":"insert","row":{"id":6,"name":"book ü","qty":20}}',
      'writer|lq_…|{"op":"update","row":{"id":2,"name":"ink","qty":45},"old":{"id":2,"name":"ink","qty":50}}',
      'writer|lq_…|{"op":"delete","row":{"id":3,"name":"pad","qty":30}}',
      'writer|lq_…|{"op":"delete","row":{"id":4,"name":"cap","qty":40}}',
      'writer|lq_…|{"op":"insert","row":{"id":8,"name":"end","qty":100}}',
      '== live queries after UNLISTEN: 0',
      '',
    ].join('\n'));
  }, 120_000);
});
