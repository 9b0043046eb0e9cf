/** pgjdbc (Debian's libpostgresql-jdbc-java) runs the same program against both servers. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSWORD, SUPERUSER } from '../test/e2e/harness.js';
import { withOursAndReference } from '../test/support/server-pair.js';
import { JDBC_JAR, runJdbcProgram } from './jdbc-runner.js';

const pair = withOursAndReference();

function runJava(port: number, user: string, password: string, program = 'Smoke'): Promise<string> {
  return runJdbcProgram(program, [`jdbc:postgresql://127.0.0.1:${port}/postgres`, user, password]);
}

/** Prints how many of the program's output lines are PostgreSQL's, line for line. */
function reportLines(program: string, ours: string, ref: string): void {
  const [a, b] = [ours.split('\n'), ref.split('\n')];
  const same = b.filter((line, i) => a[i] === line).length;
  console.log(`pgjdbc ${program}: ${same} of ${b.length} lines print the same as against PostgreSQL 15`);
}

describe('pgjdbc', () => {
  // Skipped only on a developer machine without the jar; CI installs it (.ci/run), so there it must run.
  it.runIf(existsSync(JDBC_JAR) || process.env.CI === 'true')('prints the same as against PostgreSQL', async () => {
    const [a, b] = [await runJava(pair.ours.port, SUPERUSER, PASSWORD), await runJava(pair.ref.port, pair.ref.user, 'unused')];
    reportLines('smoke', a, b);
    expect(a).toBe(b);
    expect(a).toContain('batch: 8');
  }, 120_000);

  it.runIf(existsSync(JDBC_JAR) || process.env.CI === 'true')('runs server-prepared binary statements, cursors, batches, generated keys and savepoints as PostgreSQL does', async () => {
    const [a, b] = [
      await runJava(pair.ours.port, SUPERUSER, PASSWORD, 'Session'),
      await runJava(pair.ref.port, pair.ref.user, 'unused', 'Session'),
    ];
    reportLines('session', a, b);
    expect(a).toBe(b);
    expect(a).toContain('fetched 10 with fetch size 3');
  }, 120_000);

  it.runIf(existsSync(JDBC_JAR) || process.env.CI === 'true')('answers DatabaseMetaData as PostgreSQL does', async () => {
    const [a, b] = [
      await runJava(pair.ours.port, SUPERUSER, PASSWORD, 'Metadata'),
      await runJava(pair.ref.port, pair.ref.user, 'unused', 'Metadata'),
    ];
    const sections = (text: string) => new Map(text.split(/^(?===)/m).map((s) => [s.split('\n')[0]!, s]));
    const [ours, ref] = [sections(a), sections(b)];
    const same = [...ref.keys()].filter((k) => ours.get(k) === ref.get(k));
    console.log(`pgjdbc DatabaseMetaData: ${same.length} of ${ref.size} sections print the same as against PostgreSQL 15`);
    for (const [title, text] of ref) expect(ours.get(title)).toBe(text);
    expect(same.length).toBe(ref.size);
  }, 120_000);
});
