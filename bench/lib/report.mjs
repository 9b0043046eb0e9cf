// The comparison as a console table, a markdown page and JSON: the same figures three ways.
import { BULK_NOTE, bulkRows } from './bulk-workloads.mjs';

/** Pairs each subject run with the baseline run of the same cell and computes the tps ratio. */
export function compareRuns(subjectRuns, baselineRuns) {
  return subjectRuns.map((subject) => {
    const baseline = baselineRuns.find((b) => b.workload === subject.workload
      && b.clients === subject.clients && b.protocol === subject.protocol);
    const ratio = subject.tps > 0 && baseline?.tps > 0 ? subject.tps / baseline.tps : null;
    return {
      workload: subject.workload,
      workloadName: subject.workloadName,
      clients: subject.clients,
      protocol: subject.protocol,
      subject,
      baseline,
      ratio,
      clean: subject.ok && Boolean(baseline?.ok),
    };
  });
}

const int = (n) => Math.round(n).toLocaleString('en-US');

// With BENCH_REPEAT > 1 the median is shown with the range of the runs behind it: the range is
// how much of a difference between the two servers is just noise.
function fmtTps(run) {
  if (!(run?.tps > 0)) return 'failed';
  const samples = (run.samples ?? []).filter((t) => t !== null);
  if (samples.length < 2) return int(run.tps);
  return `${int(run.tps)} (${int(Math.min(...samples))}–${int(Math.max(...samples))})`;
}
const fmtRatio = (row) => (row.ratio === null ? 'n/a' : `${row.ratio.toFixed(2)}×${row.clean ? '' : ' !'}`);

function notesFor(row, report) {
  const notes = [];
  if (row.subject.problems) notes.push(`${report.subject.label}: ${row.subject.problems}`);
  if (row.baseline?.problems) notes.push(`${report.baseline.label}: ${row.baseline.problems}`);
  return notes.join(' | ');
}

function tableRows(report) {
  const tps = report.settings.repeat > 1 ? `tps (median of ${report.settings.repeat}, range)` : 'tps';
  const header = ['workload', 'clients', 'protocol', `${report.subject.label} ${tps}`,
    `${report.baseline.label} ${tps}`, 'ratio'];
  const body = report.rows.map((row) => [
    row.workloadName, String(row.clients), row.protocol,
    fmtTps(row.subject), fmtTps(row.baseline), fmtRatio(row),
  ]);
  return { header, body };
}

const fmtUs = (us) => (typeof us === 'number' ? us.toFixed(1) : 'n/a');
const fmtCores = (c) => (typeof c === 'number' ? c.toFixed(2) : 'n/a');

/**
 * CPU per transaction: the server's (every process and thread) and pgbench's, for each side.
 * On a machine with N cores, (server + pgbench) µs per transaction bounds tps at N × 1e6 / that.
 */
function cpuRows(report) {
  if (!report.rows.some((row) => typeof row.subject.serverCpuUsPerTx === 'number')) return null;
  const s = report.subject.label;
  const b = report.baseline.label;
  const header = ['workload', 'clients', 'protocol', `${s} µs`, `${s} cores`, `pgbench vs ${s} µs`,
    `${b} µs`, `${b} cores`, `pgbench vs ${b} µs`];
  const body = report.rows.map((row) => [
    row.workloadName, String(row.clients), row.protocol,
    fmtUs(row.subject.serverCpuUsPerTx), fmtCores(row.subject.serverCores), fmtUs(row.subject.pgbenchCpuUsPerTx),
    fmtUs(row.baseline?.serverCpuUsPerTx), fmtCores(row.baseline?.serverCores), fmtUs(row.baseline?.pgbenchCpuUsPerTx),
  ]);
  return { header, body };
}

const CPU_NOTE = 'CPU per transaction: µs of user + system time of the server (all its processes and threads, '
  + 'from /proc) and of pgbench, and the cores the server kept busy on average; the median run of each cell.';

function machineLines(report) {
  const m = report.machine;
  return [
    ['date', report.date],
    ['machine', `${m.nproc} CPUs (nproc), ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}`],
    ['node', m.node],
    ['PostgreSQL', report.postgresVersion],
    report.rows.length > 0
      ? ['load generator', `${m.pgbench}, -j min(clients, 2), ${report.settings.seconds} s per run`
        + `${report.settings.repeat > 1 ? ` × ${report.settings.repeat} runs per cell, median` : ''}, servers measured by turns`]
      : ['load generator', `psql, ${report.settings.repeat} run${report.settings.repeat > 1 ? 's' : ''} per workload, servers measured by turns`],
    ...(report.subject.load ? [['data', `bench_kv: ${report.settings.rows.toLocaleString('en-US')} rows loaded with ${report.subject.load.rowsPerStatement}-row INSERTs`]] : []),
    ...(typeof m.loadAverage === 'string' ? [['load average', m.loadAverage]] : []),
    ['durability', report.durability],
    ...(report.commit ? [['commit', report.commit]] : []),
  ];
}

const BULK_HEADER = ['workload', 'kalamdb-pg', 'PostgreSQL', 'ratio', 'ratio means'];

function bulkHeader(report) {
  return [BULK_HEADER[0], report.subject.label, report.baseline.label, ...BULK_HEADER.slice(3)];
}

function loadLine(side) {
  return `${side.label}: ${Math.round(side.load.rowsPerSecond).toLocaleString('en-US')} rows/s `
    + `(${side.load.seconds.toFixed(2)} s)`;
}

/** The console table, columns aligned, with the machine and settings above it. */
export function formatText(report) {
  const { header, body } = tableRows(report);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const numeric = new Set([1, 3, 4, 5]);
  const line = (cells) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  const out = [`${report.title}`, ''];
  for (const [k, v] of machineLines(report)) out.push(`${k.padEnd(15)} ${v}`);
  if (body.length > 0) {
    out.push('', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), '');
    out.push(`ratio = ${report.subject.label} tps ÷ ${report.baseline.label} tps (higher is better for ${report.subject.label}); ! = a run had problems`);
  }
  if (report.subject.load) out.push(`bulk load: ${loadLine(report.subject)}; ${loadLine(report.baseline)}`);
  const bulk = bulkRows(report.bulk);
  if (bulk.length > 0) {
    const bh = bulkHeader(report);
    const w = bh.map((h, i) => Math.max(h.length, ...bulk.map((r) => r[i].length)));
    const bulkLine = (cells) => cells.map((c, i) => (i === 0 || i === 4 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
    out.push('', bulkLine(bh), w.map((n) => '-'.repeat(n)).join('  '), ...bulk.map(bulkLine), BULK_NOTE);
  }
  const cpu = cpuRows(report);
  if (cpu) {
    const w = cpu.header.map((h, i) => Math.max(h.length, ...cpu.body.map((r) => r[i].length)));
    const cpuLine = (cells) => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
    out.push('', CPU_NOTE, cpuLine(cpu.header), w.map((n) => '-'.repeat(n)).join('  '), ...cpu.body.map(cpuLine));
  }
  const problems = report.rows.map((row) => [row, notesFor(row, report)]).filter(([, n]) => n);
  if (problems.length > 0) {
    out.push('', 'PROBLEMS:');
    for (const [row, note] of problems) out.push(`  ${row.workloadName}, ${row.clients} client${row.clients === 1 ? '' : 's'}, ${row.protocol}: ${note}`);
  }
  return out.join('\n');
}

const mdCell = (s) => String(s).replace(/\|/g, '\\|');

/** The markdown page kept in bench/results/, with the chart embedded. */
export function formatMarkdown(report, svgFileName) {
  const { header, body } = tableRows(report);
  const out = [`# ${report.title}`, ''];
  for (const [k, v] of machineLines(report)) out.push(`- **${k}**: ${mdCell(v)}`);
  if (body.length > 0) {
    out.push('', `| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 || i === 2 ? '---' : '---:')).join('|')}|`);
    for (const r of body) out.push(`| ${r.map(mdCell).join(' | ')} |`);
    out.push('', `ratio = ${report.subject.label} tps ÷ ${report.baseline.label} tps; above 1 means ${report.subject.label} is faster. `
      + '`!` marks a cell where a run had failed transactions, aborted clients or no result; see Problems.', '');
  } else out.push('');
  if (report.subject.load) out.push(`Bulk load (not part of the ratios): ${loadLine(report.subject)}; ${loadLine(report.baseline)}.`, '');
  if (svgFileName && body.length > 0) out.push(`![tps ratio per workload](${svgFileName})`, '');
  const bulk = bulkRows(report.bulk);
  if (bulk.length > 0) {
    const bh = bulkHeader(report);
    out.push('## COPY and psql \\d', '', `| ${bh.map(mdCell).join(' | ')} |`, '|---|---:|---:|---:|---|');
    for (const r of bulk) out.push(`| ${r.map(mdCell).join(' | ')} |`);
    out.push('', BULK_NOTE, '');
  }
  const cpu = cpuRows(report);
  if (cpu) {
    out.push('## CPU per transaction', '', CPU_NOTE, '', `| ${cpu.header.join(' | ')} |`,
      `|${cpu.header.map((_, i) => (i === 0 || i === 2 ? '---' : '---:')).join('|')}|`);
    for (const r of cpu.body) out.push(`| ${r.map(mdCell).join(' | ')} |`);
    out.push('');
  }
  const problems = report.rows.map((row) => [row, notesFor(row, report)]).filter(([, n]) => n);
  out.push('## Problems', '');
  if (problems.length === 0) out.push('None: every run finished with 0 failed transactions and no aborted clients.');
  for (const [row, note] of problems) out.push(`- ${row.workloadName}, ${row.clients} client${row.clients === 1 ? '' : 's'}, ${row.protocol}: ${mdCell(note)}`);
  out.push('', 'How this is measured and how to read it: [bench/README.md](../README.md).', '');
  return out.join('\n');
}

/** Everything, including each pgbench run's raw figures and errors. */
export function formatJson(report) {
  return JSON.stringify(report, null, 2) + '\n';
}
