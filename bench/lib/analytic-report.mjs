// The analytic suite's report: one row per query with both times and the ratio, as markdown.

const int = (n) => Math.round(n).toLocaleString('en-US');

/** Milliseconds with a precision that suits their size. */
export function formatMs(ms) {
  if (ms >= 100) return int(ms);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** One side's cell: "1,234 (1,200–1,300)", or what stopped it. */
export function timeCell(result, runs) {
  if (!result) return 'not run';
  if (result.status === 'timeout') return `timeout (> ${result.timeoutSeconds} s)`;
  if (result.status === 'error') return 'error';
  if (result.status === 'n/a') return result.message;
  const lo = Math.min(...result.ms);
  const hi = Math.max(...result.ms);
  const range = runs > 1 ? ` (${formatMs(lo)}–${formatMs(hi)})` : '';
  return `${formatMs(result.medianMs)}${range}`;
}

/** ours ÷ PostgreSQL's time: above 1, kalamdb-pg is slower. */
export function ratioCell(ours, theirs) {
  if (ours?.status === 'ok' && theirs?.status === 'ok') {
    const r = ours.medianMs / theirs.medianMs;
    return `${r >= 100 ? int(r) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
  }
  if (ours?.status === 'timeout' && theirs?.status === 'ok') {
    return `> ${int((ours.timeoutSeconds * 1000) / theirs.medianMs)}×`;
  }
  return 'n/a';
}

function answersCell(row) {
  if (row.ours?.status !== 'ok' || row.theirs?.status !== 'ok') return '–';
  return row.mismatch ? '**differ**' : 'same';
}

export const RATIO_NOTE = 'ratio = kalamdb-pg time ÷ PostgreSQL time for the same query: **above 1 means kalamdb-pg is slower** '
  + '(the opposite sense of the OLTP report, which divides throughputs). `> N×` is a lower bound from a timeout.';

/** The queries as a markdown table: both medians with their ranges, the ratio, whether the answers agree. */
export function queryTable(rows, runs) {
  const lines = [];
  lines.push(`| query | kalamdb-pg ms (median of ${runs}, range) | PostgreSQL ms (median of ${runs}, range) | ratio | answers |`);
  lines.push('|---|---:|---:|---:|---|');
  for (const row of rows) {
    lines.push(`| ${row.name} | ${timeCell(row.ours, runs)} | ${timeCell(row.theirs, runs)} | ${ratioCell(row.ours, row.theirs)} | ${answersCell(row)} |`);
  }
  return lines;
}

/** The Problems section (never empty: it says so when nothing went wrong) and the queries' SQL. */
export function problemsAndQueries(report) {
  const lines = ['## Problems', ''];
  if (report.problems.length === 0) lines.push('None: every query answered on both servers, with the same answers.');
  for (const p of report.problems) lines.push(`- ${p.replaceAll('\n', '\n  ')}`);
  lines.push('', '## Queries', '');
  for (const q of report.queries) {
    lines.push(`- **${q.name}**: \`${q.kalamdb}\``);
    if (q.postgres !== q.kalamdb) lines.push(`  PostgreSQL: \`${q.postgres}\``);
  }
  lines.push('');
  return lines;
}

export function formatAnalyticMarkdown(report) {
  const { machine, settings } = report;
  const lines = [];
  lines.push(`# ${report.title}`, '');
  lines.push(`- **date**: ${report.date}`);
  lines.push(`- **machine**: ${machine.nproc} CPUs (nproc), ${machine.cpuModel}, ${machine.memoryGiB} GiB RAM, ${machine.os}`);
  lines.push(`- **load average** when the queries started: ${report.loadAverage} (1, 5, 15 min; other work on the machine shows here)`);
  lines.push(`- **node**: ${machine.node}`);
  lines.push(`- **PostgreSQL**: ${report.postgresVersion}; ${report.postgresSettings}`);
  lines.push(`- **kalamdb-pg**: commit ${report.commit ?? 'unknown'}, one Node process${report.subjectPeakRssMiB ? `, peak RSS ${int(report.subjectPeakRssMiB)} MiB` : ''}`);
  lines.push(`- **data**: ${settings.factRows.toLocaleString('en-US')} rows in \`bench_fact (id bigint PRIMARY KEY, grp int /* 100 values */, val double precision, name text)\` (a normal table: RocksDB on kalamdb-pg), ${settings.dimRows.toLocaleString('en-US')} rows in \`bench_dim\`, ${settings.vectorRows.toLocaleString('en-US')} 384-dimensional vectors in \`bench_vec\` (\`EMBEDDING(384)\` on kalamdb-pg, \`real[]\` on PostgreSQL, which has no pgvector here)`);
  lines.push(`- **timing**: client-side wall time over one open connection (node-postgres), from sending the query to the last row; 1 warm-up run, then the median of ${settings.runs} runs (range in brackets); a query with no answer within ${settings.timeoutSeconds} s gets a CancelRequest and is recorded as a timeout, not retried`);
  lines.push('');
  lines.push(...queryTable(report.rows, settings.runs));
  lines.push('');
  lines.push(`${RATIO_NOTE} "answers" compares the first answer of each server (row order only where the query has ORDER BY; floating-point `
    + 'columns within a relative 1e-9, kNN distances 1e-5, as pgvector sums in single precision).');
  lines.push('');
  lines.push('## Load (not part of the ratios)', '');
  lines.push('| table | rows | kalamdb-pg | PostgreSQL |');
  lines.push('|---|---:|---:|---:|');
  for (const load of report.loads) {
    const cell = (l) => (l
      ? `${l.seconds.toFixed(1)} s, ${int(l.rowsPerSecond)} rows/s (${l.method}); first count(*) ${l.firstScanSeconds?.toFixed(2) ?? '?'} s`
      : 'n/a');
    lines.push(`| ${load.table} | ${load.rows.toLocaleString('en-US')} | ${cell(load.ours)} | ${cell(load.theirs)} |`);
  }
  lines.push('', 'The first `count(*)` after loading is the first scan of the table: on kalamdb-pg it also reads the '
    + 'table from RocksDB into the column cache, which every later query reads.');
  lines.push('');
  lines.push(...problemsAndQueries(report));
  lines.push('How this is measured and how to read it: [bench/README.md](../README.md#analytic-suite).');
  return `${lines.join('\n')}\n`;
}
