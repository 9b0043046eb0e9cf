/**
 * A statement ended: count it. Called once per statement with the time its execution took;
 * `result` is undefined when it failed. True when it ran past the slow-query threshold, for the
 * caller to report (it knows who ran what).
 */
import type { ServerMetrics } from './server-metrics.js';

export function recordStatement(
  m: ServerMetrics,
  result: { readonly tag: string; readonly rows?: readonly unknown[] } | undefined,
  ms: number,
): boolean {
  if (result) m.statementDone(result.tag, ms, result.rows?.length ?? 0);
  else m.statementFailed(ms);
  return m.slowQueryMs >= 0 && ms >= m.slowQueryMs;
}
