// The cold suite's report as markdown: whether the rows really were flushed first, then the query
// ratios, then load, flush and on-disk sizes, memory, and how quiet the machine was.
import { formatMs, problemsAndQueries, queryTable, RATIO_NOTE } from './analytic-report.mjs';

const int = (n) => Math.round(n).toLocaleString('en-US');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const cores = (c) => (c === null || c === undefined ? 'n/a' : `${c.toFixed(2)} cores`);

/** What the flush did, in a sentence a reader cannot misread. */
export function flushSentence(flush) {
  switch (flush.status) {
    case 'flushed':
      return `The rows were flushed: \`STORAGE FLUSH TABLE public.bench_cold\` ran as job ${flush.jobId}, so kalamdb-pg reads them from Parquet segments.`;
    case 'unsupported':
      return `**The rows were NOT flushed**: \`STORAGE FLUSH TABLE\` answered ${flush.code} (${flush.message}). Every kalamdb-pg figure below reads the hot tier (RocksDB), not Parquet segments.`;
    case 'skipped':
      return '**The rows were NOT flushed** (BENCH_COLD_FLUSH=0): every kalamdb-pg figure below reads the hot tier (RocksDB), not Parquet segments.';
    default:
      return `**The flush failed** (${flush.message}): the kalamdb-pg figures below read whatever the failed job left, not a flushed table.`;
  }
}

const othersNote = (c) => (c === null || c === undefined ? '' : `; other processes: ${cores(c)}`);

function loadCell(load) {
  return `${load.seconds.toFixed(1)} s, **${int(load.rowsPerSecond)} rows/s** (harness generating the CSV: ${load.generatorCpuSeconds.toFixed(1)} s CPU${othersNote(load.otherCores)})`;
}

function flushCell(flush) {
  if (flush.status !== 'flushed') return flush.status === 'skipped' ? 'skipped' : `not flushed: ${flush.message}`;
  const job = flush.jobSeconds === null ? '' : `; the job's own started→finished ${flush.jobSeconds.toFixed(1)} s`;
  const counts = flush.rows === null ? '' : `; job reports ${int(flush.rows)} rows${flush.bytes === null ? '' : `, ${mib(flush.bytes)}`}`;
  return `${flush.wallSeconds.toFixed(1)} s wall, **${int(flush.rowsPerSecond)} rows/s**${job}${counts}${othersNote(flush.otherCores)}`;
}

function sizeLines(report) {
  const { segments, postgres, kalamdbRocksdbAfterLoadBytes: hot } = report.sizes;
  const lines = [];
  lines.push(`| PostgreSQL heap (\`pg_relation_size\`) | | ${mib(postgres.heapBytes)} |`);
  lines.push(`| PostgreSQL total with the primary-key index (\`pg_total_relation_size\`) | | ${mib(postgres.totalBytes)} (index ${mib(postgres.indexBytes)}) |`);
  lines.push(`| kalamdb-pg RocksDB directory after the load (hot tier, before any flush) | ${mib(hot)} | |`);
  if (segments) {
    const ratio = (x) => `${(segments.bytes / x).toFixed(2)}×`;
    lines.push(`| kalamdb-pg Parquet segments (\`*.parquet\` under \`${segments.dir.replace(/^.*\/storage\//, '<data>/storage/')}\`) | ${mib(segments.bytes)} in ${segments.files} file(s): ${ratio(postgres.heapBytes)} the heap, ${ratio(postgres.totalBytes)} the total | |`);
  } else {
    lines.push('| kalamdb-pg Parquet segments | none: the rows were not flushed | |');
  }
  return lines;
}

function warmUpLine(report) {
  const first = report.rows[0];
  if (!first) return [];
  const cell = (r) => (r.warmUpMs === undefined ? r.status : `${formatMs(r.warmUpMs)} ms`);
  const after = report.flush.status === 'flushed' ? 'loading (kalamdb-pg: and flushing)' : 'loading';
  return [`| first query after ${after}: ${first.name}'s warm-up run, the first scan of the table | ${cell(first.ours)} | ${cell(first.theirs)} |`];
}

export function formatColdMarkdown(report) {
  const { machine, settings, peakRssMiB: peak } = report;
  const lines = [`# ${report.title}`, '', flushSentence(report.flush), ''];
  lines.push(`- **date**: ${report.date}`);
  lines.push(`- **machine**: ${machine.nproc} CPUs (nproc), ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.os}; node ${machine.node}`);
  lines.push(`- **quiet?** before starting: load average ${report.before.loadAverage}, other processes kept ${cores(report.before.otherCores)} busy; `
    + `during the queries: load average ${report.queryPhase.loadAverage} at the start (1, 5, 15 min; includes our own load and flush), `
    + `other processes kept ${cores(report.queryPhase.otherCores)} busy on average (machine CPU minus the servers' and the harness's)`);
  lines.push(`- **PostgreSQL**: ${report.postgresVersion}; ${report.postgresSettings}`);
  const rss = (m) => (m === null || m === undefined ? 'n/a' : `${int(m)} MiB`);
  lines.push(`- **kalamdb-pg**: commit ${report.commit ?? 'unknown'}, one Node process; peak RSS (VmHWM, reset per phase) `
    + `load ${rss(peak.load)}, flush ${rss(peak.flush)}, queries ${rss(peak.queries)}`);
  lines.push(`- **data**: ${int(settings.rows)} rows in \`${settings.schema}\`: grp ${settings.groups} values and val uniform in [0, 1000) `
    + `(3 decimals) from the seeded PRNG, ts a uniform second of 2025 (independent of id), name about a million distinct short texts`);
  lines.push(`- **timing**: client-side wall time over one open connection (node-postgres), from sending the query to the last row; 1 warm-up run, then the median of ${settings.runs} runs (range in brackets); no answer within ${settings.timeoutSeconds} s is a timeout`);
  lines.push('');
  lines.push(...queryTable(report.rows, settings.runs));
  lines.push('');
  lines.push(`${RATIO_NOTE} "answers" compares the first answer of each server (any row order; sums and averages within a relative 1e-9).`);
  lines.push('');
  lines.push('## Load, flush and size (not part of the ratios)', '');
  lines.push('| step | kalamdb-pg | PostgreSQL |');
  lines.push('|---|---|---|');
  lines.push(`| \`COPY bench_cold FROM STDIN (FORMAT csv)\`, ${int(settings.rows)} rows streamed through psql | ${loadCell(report.load.ours)} | ${loadCell(report.load.theirs)} |`);
  lines.push(`| after the load | | \`VACUUM ANALYZE; CHECKPOINT\` ${report.load.postgresSettleSeconds.toFixed(1)} s |`);
  lines.push(`| \`STORAGE FLUSH TABLE\`, until system.jobs says completed | ${flushCell(report.flush)} | |`);
  lines.push(...warmUpLine(report));
  lines.push(...sizeLines(report));
  lines.push('');
  lines.push(...problemsAndQueries(report));
  lines.push('How this is measured and how to read it: [bench/README.md](../README.md#cold-segments---cold).');
  return `${lines.join('\n')}\n`;
}
