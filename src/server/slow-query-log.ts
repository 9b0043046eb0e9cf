/**
 * --slow-query-ms: a statement that ran at least that long is logged as one `slow_query` event
 * with its duration, user, pid and text (PostgreSQL's log_min_duration_statement, server-wide).
 */
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { Log } from './log.js';

export function logSlowStatements(metrics: ServerMetrics, log: Log, thresholdMs: number | undefined): void {
  if (thresholdMs === undefined) return;
  metrics.slowQueryMs = thresholdMs;
  metrics.onSlow = (s) => log.event('warn', 'slow_query', {
    duration_ms: Math.round(s.durationMs * 1000) / 1000, user: s.user, pid: s.pid, query: s.query,
  });
}
