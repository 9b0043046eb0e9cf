// `npm run bench -- --schema-cache`: the schema cache (src/executor/schema-cache.ts) under
// BENCH_SCHEMA_QUERIES (10000) statements spread over BENCH_SCHEMA_TABLES (100) tables — point
// selects and single-row inserts in turn, one pg client, simple protocol — on a fresh kalamdb-pg.
// Reports the hit rate over those statements (system.stats before and after, so the tables'
// first use is counted as the misses it is) and the server's sampled lookup time, p50 and p99.
// kalamdb-pg only: PostgreSQL has no such cache to compare with. See bench/README.md.
import os from 'node:os';
import pg from 'pg';
import { cleanupOnSignals } from './cleanup.mjs';
import { startKalamdb } from './kalamdb-server.mjs';
import { describeMachine, gitCommit } from './machine.mjs';
import { positiveNumber, serverOptions } from './options.mjs';
import { freePort } from './ports.mjs';
import { writeSuiteReport } from './result-files.mjs';

async function stats(client) {
  const { rows } = await client.query('SELECT metric_name, metric_value FROM system.stats');
  return Object.fromEntries(rows.map((r) => [r.metric_name, Number(r.metric_value)]));
}

export async function runSchemaCache(argv, dirs) {
  if (argv.length > 0) throw new Error(`unknown argument(s) with --schema-cache: ${argv.join(' ')} (try --help)`);
  cleanupOnSignals();
  const options = {
    tables: positiveNumber('BENCH_SCHEMA_TABLES', 100),
    queries: positiveNumber('BENCH_SCHEMA_QUERIES', 10_000),
    ...serverOptions(dirs),
  };
  const machine = { ...describeMachine(), loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' ') };
  const port = options.kalamPort ?? await freePort();
  const server = await startKalamdb({ port, mainJs: options.mainJs });
  let result;
  try {
    const client = new pg.Client({ host: server.host, port, user: server.user, password: server.clientEnv.PGPASSWORD, database: server.database });
    await client.connect();
    try {
      for (let t = 0; t < options.tables; t++) await client.query(`CREATE TABLE bench_sc_${t} (id bigint PRIMARY KEY, v text)`);
      const before = await stats(client);
      const started = process.hrtime.bigint();
      for (let q = 0; q < options.queries; q++) {
        const t = q % options.tables;
        const round = Math.floor(q / options.tables);
        await client.query(round % 2 === 0
          ? `INSERT INTO bench_sc_${t} (id, v) VALUES (${round}, 'x')`
          : `SELECT v FROM bench_sc_${t} WHERE id = ${round - 1}`);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const after = await stats(client);
      const hits = after.schema_cache_hits_total - before.schema_cache_hits_total;
      const misses = after.schema_cache_misses_total - before.schema_cache_misses_total;
      result = {
        tables: options.tables, queries: options.queries, seconds, hits, misses, hitRate: hits / (hits + misses),
        lookupP50Us: after.schema_cache_lookup_p50_us, lookupP99Us: after.schema_cache_lookup_p99_us,
        cacheSize: after.schema_cache_size,
        queriesCounted: after.queries_total - before.queries_total - 1, // less the first system.stats read
      };
    } finally {
      await client.end();
    }
  } finally {
    await server.stop();
  }
  const pass = result.hitRate >= 0.99 && result.lookupP99Us < 100;
  const report = { date: new Date().toISOString(), commit: gitCommit(dirs.repoDir), machine, result, pass };
  const markdown = [
    '# kalamdb-pg schema cache', '',
    `${report.date} · commit ${report.commit} · ${machine.nproc} × ${machine.cpuModel}, load ${machine.loadAverage}`, '',
    `${result.queries.toLocaleString('en-US')} statements (point selects and single-row inserts in turn) over ${result.tables} tables, one client, simple protocol, ${result.seconds.toFixed(2)} s.`, '',
    '| figure | value | target |', '|---|---|---|',
    `| schema-cache lookups | ${(result.hits + result.misses).toLocaleString('en-US')} (${result.hits} hits, ${result.misses} misses) | |`,
    `| hit rate | ${(100 * result.hitRate).toFixed(2)} % | ≥ 99 % |`,
    `| cached lookup p50 | ${result.lookupP50Us} µs | |`,
    `| cached lookup p99 | ${result.lookupP99Us} µs | < 100 µs |`,
    `| statements counted by system.stats | ${result.queriesCounted.toLocaleString('en-US')} | ${result.queries.toLocaleString('en-US')} |`, '',
    'Lookup times are the server\'s own, over the whole run: one lookup in 64 is timed with performance.now()',
    'and kept when it hit; a percentile is the upper bound of its histogram bucket (~19 % wide), so the',
    'figures are upper bounds that include the two clock reads.', '',
    pass ? 'Both targets met.' : '**A target was missed.**', '',
  ].join('\n');
  writeSuiteReport(options.resultsDir, 'schema-cache', report, markdown);
  return pass ? 0 : 1;
}
