// The comparison: ratios pair the same cell on both servers, and problems are never hidden.
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { compareRuns, formatMarkdown, formatText } from '../../bench/lib/report.mjs';
// @ts-expect-error plain ESM module without type declarations (bench/ is not TypeScript)
import { renderRatioChart } from '../../bench/lib/ratio-chart.mjs';

const run = (server: string, workload: string, clients: number, protocol: string, tps: number | null, problems = '') => ({
  server, workload, workloadName: workload === 'select' ? 'point select' : 'single-row insert',
  clients, protocol, tps, problems, ok: problems === '',
});

function sampleReport() {
  const subject = [
    run('kalamdb-pg', 'select', 8, 'prepared', 20_000),
    run('kalamdb-pg', 'insert', 8, 'prepared', null, '8/8 clients aborted; no tps'),
  ];
  const baseline = [
    run('PostgreSQL', 'insert', 8, 'prepared', 30_000),
    run('PostgreSQL', 'select', 8, 'prepared', 40_000),
  ];
  const load = { rows: 100, rowsPerStatement: 1000, seconds: 0.5, rowsPerSecond: 200 };
  return {
    title: 'kalamdb-pg vs PostgreSQL 15',
    date: '2026-01-02T03:04:05.000Z',
    commit: null,
    machine: { hostname: 'h', nproc: 2, cpuModel: 'CPU <x>', memoryGiB: 8, os: 'Linux', node: 'v20', pgbench: 'pgbench 15' },
    postgresVersion: '15.18',
    durability: 'synchronous_commit=off',
    settings: { seconds: 10, rows: 100 },
    subject: { label: 'kalamdb-pg', load },
    baseline: { label: 'PostgreSQL', load },
    rows: compareRuns(subject, baseline),
  };
}

describe('bench report', () => {
  it('divides subject tps by the baseline tps of the same cell', () => {
    const [select, insert] = sampleReport().rows;
    expect(select.ratio).toBeCloseTo(0.5);
    expect(select.clean).toBe(true);
    expect(insert.ratio).toBeNull();
    expect(insert.clean).toBe(false);
  });

  it('shows failures in the text table and the markdown page', () => {
    const report = sampleReport();
    const text = formatText(report);
    expect(text).toMatch(/point select\s+8\s+prepared\s+20,000\s+40,000\s+0\.50×/);
    expect(text).toMatch(/single-row insert\s+8\s+prepared\s+failed\s+30,000\s+n\/a/);
    expect(text).toContain('PROBLEMS:');
    expect(text).toContain('kalamdb-pg: 8/8 clients aborted');
    const md = formatMarkdown(report, 'x.svg');
    expect(md).toContain('| point select | 8 | prepared | 20,000 | 40,000 | 0.50× |');
    expect(md).toContain('![tps ratio per workload](x.svg)');
    expect(md).toContain('- single-row insert, 8 clients, prepared: kalamdb-pg: 8/8 clients aborted; no tps');
  });

  it('adds CPU per transaction when the runs measured it', () => {
    const report = sampleReport();
    expect(formatText(report)).not.toContain('CPU per transaction');
    report.rows[0].subject.serverCpuUsPerTx = 41.23;
    report.rows[0].subject.serverCores = 1.164;
    report.rows[0].subject.pgbenchCpuUsPerTx = 17;
    report.rows[0].baseline.serverCpuUsPerTx = 25;
    const text = formatText(report);
    expect(text).toMatch(/point select\s+8\s+prepared\s+41\.2\s+1\.16\s+17\.0\s+25\.0\s+n\/a\s+n\/a/);
    expect(formatMarkdown(report, 'x.svg')).toContain('| point select | 8 | prepared | 41.2 | 1.16 | 17.0 | 25.0 | n/a | n/a |');
  });

  it('draws one bar per cell and marks a failed cell, escaping text', () => {
    const svg: string = renderRatioChart(sampleReport());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('0.50×');
    expect(svg).toContain('>failed<');
    expect(svg).toContain('CPU &#60;x&#62;');
    expect(svg).not.toContain('CPU <x>');
  });
});
