// A bar chart of the tps ratios as a standalone SVG, written by hand (no plotting dependency).

const escapeXml = (s) => String(s).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Axis top: at least 1.25 so parity is always visible, otherwise the largest ratio plus headroom.
function axisMax(ratios) {
  const top = Math.max(1.25, ...ratios.map((r) => r * 1.15));
  const step = top > 5 ? 1 : top > 2 ? 0.5 : 0.25;
  return Math.ceil(top / step) * step;
}

function tickStep(max) {
  if (max > 10) return Math.ceil(max / 8);
  if (max > 5) return 1;
  if (max > 2) return 0.5;
  return 0.25;
}

/**
 * One bar per (workload, clients, protocol) cell, height = subject tps ÷ baseline tps, a dashed
 * line at 1.0 (parity). Cells without a ratio get a grey "failed" marker instead of a bar.
 */
export function renderRatioChart(report) {
  const rows = report.rows;
  const width = Math.max(640, 160 + rows.length * 90);
  const height = 400;
  const plot = { left: 70, right: width - 80, top: 70, bottom: height - 100 };
  const max = axisMax(rows.map((r) => r.ratio ?? 0));
  const y = (v) => plot.bottom - (v / max) * (plot.bottom - plot.top);
  const slot = (plot.right - plot.left) / rows.length;
  const barWidth = Math.min(48, slot * 0.6);
  const parts = [];

  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(`${report.subject.label} ÷ ${report.baseline.label}: throughput ratio (higher is better)`)}</text>`);
  const m = report.machine;
  parts.push(`<text x="${width / 2}" y="44" text-anchor="middle" fill="#555">${escapeXml(`${report.date.slice(0, 10)} · ${m.nproc} CPUs, ${m.cpuModel} · pgbench ${report.settings.seconds} s per run`)}</text>`);

  const step = tickStep(max);
  for (let v = 0; v <= max + 1e-9; v += step) {
    const ty = y(v).toFixed(1);
    parts.push(`<line x1="${plot.left}" y1="${ty}" x2="${plot.right}" y2="${ty}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${plot.left - 8}" y="${ty}" text-anchor="end" dominant-baseline="middle" fill="#555">${Number(v.toFixed(2))}×</text>`);
  }

  rows.forEach((row, i) => {
    const cx = plot.left + slot * (i + 0.5);
    const x = (cx - barWidth / 2).toFixed(1);
    if (row.ratio === null) {
      parts.push(`<rect x="${x}" y="${plot.bottom - 24}" width="${barWidth.toFixed(1)}" height="24" fill="none" stroke="#999" stroke-dasharray="3 3"/>`);
      parts.push(`<text x="${cx.toFixed(1)}" y="${plot.bottom - 30}" text-anchor="middle" fill="#b00020">failed</text>`);
    } else {
      const top = y(row.ratio);
      const fill = row.ratio >= 1 ? '#2e7d32' : '#e07b00';
      const opacity = row.clean ? '1' : '0.45';
      parts.push(`<rect x="${x}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(plot.bottom - top).toFixed(1)}" fill="${fill}" fill-opacity="${opacity}"><title>${escapeXml(`${row.workloadName}, ${row.clients} clients, ${row.protocol}: ${Math.round(row.subject.tps)} vs ${Math.round(row.baseline.tps)} tps`)}</title></rect>`);
      parts.push(`<text x="${cx.toFixed(1)}" y="${(top - 6).toFixed(1)}" text-anchor="middle">${row.ratio.toFixed(2)}×${row.clean ? '' : ' !'}</text>`);
    }
    parts.push(`<text x="${cx.toFixed(1)}" y="${plot.bottom + 16}" text-anchor="middle">${escapeXml(row.workload)}</text>`);
    parts.push(`<text x="${cx.toFixed(1)}" y="${plot.bottom + 31}" text-anchor="middle" fill="#555">${row.clients} client${row.clients === 1 ? '' : 's'}</text>`);
    parts.push(`<text x="${cx.toFixed(1)}" y="${plot.bottom + 46}" text-anchor="middle" fill="#555">${escapeXml(row.protocol)}</text>`);
  });

  const parity = y(1).toFixed(1);
  parts.push(`<line x1="${plot.left}" y1="${parity}" x2="${plot.right}" y2="${parity}" stroke="#333" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${plot.right + 6}" y="${parity}" dominant-baseline="middle" fill="#333">parity</text>`);
  parts.push(`<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${width / 2}" y="${height - 22}" text-anchor="middle" fill="#555">${escapeXml(`green: ${report.subject.label} faster · orange: slower · faded with ! : a run had failures (see the .md)`)}</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
