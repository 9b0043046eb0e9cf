/**
 * The Prometheus text exposition format, version 0.0.4: for each figure a `# HELP` and a `# TYPE`
 * line, then `kalamdb_<name> <value>`. A figure that cannot be measured (null) is left out, as in
 * system.stats.
 *
 *   # HELP kalamdb_queries_total Statements run, failed ones included.
 *   # TYPE kalamdb_queries_total counter
 *   kalamdb_queries_total 1042
 */
import type { ServerStat } from './server-stats.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** HELP text escapes backslash and newline (the format's only two). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function prometheusText(stats: readonly ServerStat[]): string {
  const lines: string[] = [];
  for (const s of stats) {
    if (s.value === null) continue;
    const name = `kalamdb_${s.name}`;
    lines.push(`# HELP ${name} ${escapeHelp(s.help)}`, `# TYPE ${name} ${s.type}`, `${name} ${s.value}`);
  }
  return `${lines.join('\n')}\n`;
}
