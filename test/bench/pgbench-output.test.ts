// pgbench's report, as pgbench 15.18 printed it against a real PostgreSQL 15, parsed into figures.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { describeProblems, parsePgbenchOutput } from '../../bench/lib/pgbench-output.mjs';

const cleanRun = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: /tmp/ins.sql
scaling factor: 1
query mode: prepared
number of clients: 2
number of threads: 2
maximum number of tries: 1
duration: 2 s
number of transactions actually processed: 11116
number of failed transactions: 0 (0.000%)
latency average = 0.359 ms
initial connection time = 4.796 ms
tps = 5564.190162 (without initial connection time)
`;

const abortedStdout = `pgbench (15.18 (Debian 15.18-0+deb12u1))
transaction type: /tmp/bad.sql
scaling factor: 1
query mode: prepared
number of clients: 2
number of threads: 2
maximum number of tries: 1
duration: 2 s
number of transactions actually processed: 0
number of failed transactions: 0 (NaN%)
`;

const abortedStderr = `pgbench: error: ERROR:  relation "nosuch" does not exist
LINE 1: SELECT v FROM nosuch WHERE id = 1;
                      ^
pgbench: error: client 0 script 0 aborted in command 0 query 0: ERROR:  prepared statement "P_0" does not exist
pgbench: error: client 1 script 0 aborted in command 0 query 0: ERROR:  prepared statement "P_0" does not exist
pgbench: error: Run was aborted; the above results are incomplete.
`;

const refusedStderr = `pgbench: error: connection to server at "127.0.0.1", port 55439 failed: Connection refused
\tIs the server running on that host and accepting TCP/IP connections?
pgbench: error: could not create connection for setup
`;

describe('parsePgbenchOutput', () => {
  it('reads tps without connection time, transactions, failures and latency', () => {
    const parsed = parsePgbenchOutput(cleanRun, '');
    expect(parsed).toMatchObject({
      tps: 5564.190162, transactions: 11116, failed: 0, latencyMs: 0.359,
      abortedClients: 0, runAborted: false, errors: [],
    });
    expect(describeProblems({ ...parsed, exitCode: 0, clients: 2 })).toBe('');
  });

  it('counts aborted clients and keeps the distinct errors', () => {
    const parsed = parsePgbenchOutput(abortedStdout, abortedStderr);
    expect(parsed.tps).toBeNull();
    expect(parsed.abortedClients).toBe(2);
    expect(parsed.runAborted).toBe(true);
    expect(parsed.errors).toEqual([
      'ERROR:  relation "nosuch" does not exist',
      'ERROR:  prepared statement "P_0" does not exist',
    ]);
    const note = describeProblems({ ...parsed, exitCode: 2, clients: 2 });
    expect(note).toContain('pgbench exit 2');
    expect(note).toContain('2/2 clients aborted');
    expect(note).toContain('no tps');
    expect(note).toContain('relation "nosuch" does not exist');
  });

  it('reports a server that refuses connections', () => {
    const parsed = parsePgbenchOutput('', refusedStderr);
    expect(parsed.tps).toBeNull();
    expect(describeProblems({ ...parsed, exitCode: 1, clients: 1 })).toContain('Connection refused');
  });

  it('reports failed transactions even when tps is present', () => {
    const withFailures = cleanRun.replace('failed transactions: 0 (0.000%)', 'failed transactions: 7 (0.063%)');
    const parsed = parsePgbenchOutput(withFailures, '');
    expect(parsed.failed).toBe(7);
    expect(describeProblems({ ...parsed, exitCode: 0, clients: 2 })).toBe('7 failed txns');
  });
});
