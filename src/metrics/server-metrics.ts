/**
 * The server's running counters, one instance per Database. Everything on the statement path is
 * a number bump or a histogram record: no allocation, no clock read beyond the one pair the
 * caller takes around the statement.
 *
 *   session opened / connection refused   ─▶ connections*
 *   statement finished (tag, ms, rows)    ─▶ queries by kind, latency, rows read and written
 *   statement failed (ms)                 ─▶ queries.error, latency
 *   plan reused / planned                 ─▶ planCache*
 */
import { CpuUsage } from './cpu-usage.js';
import { LogHistogram } from './log-histogram.js';
import { RateWindow } from './rate-window.js';
import { rowsInTag, statementKind, type StatementKind } from './statement-kind.js';

/** A statement slower than the threshold, as the slow-query log reports it. */
export interface SlowStatement {
  readonly durationMs: number;
  readonly user: string;
  readonly pid: number;
  readonly query: string;
}

export class ServerMetrics {
  connectionsOpened = 0;
  /** Refused: no free connection slot (53300), failed authentication, CONNECTION LIMIT, lockout. */
  connectionsRejected = 0;
  readonly queries: Record<StatementKind | 'error', number> = {
    select: 0, insert: 0, update: 0, delete: 0, ddl: 0, utility: 0, other: 0, error: 0,
  };
  /** Every statement run, failed ones included. */
  queriesTotal = 0;
  /** Statement run times in microseconds, from the start of execution to its result. */
  readonly latencyUs = new LogHistogram();
  rowsRead = 0;
  rowsWritten = 0;
  planCacheHits = 0;
  planCacheMisses = 0;
  readonly rate = new RateWindow(() => this.queriesTotal);
  readonly cpu = new CpuUsage();
  /**
   * The slow-query log (--slow-query-ms): statements that ran at least `slowQueryMs` are handed
   * to `onSlow`. -1 is off.
   */
  slowQueryMs = -1;
  onSlow: (s: SlowStatement) => void = () => undefined;

  statementDone(tag: string, ms: number, rowsSent: number): StatementKind {
    const kind = statementKind(tag);
    this.queries[kind]++;
    this.queriesTotal++;
    this.latencyUs.record(ms * 1000);
    this.rowsRead += rowsSent;
    if (kind === 'insert' || kind === 'update' || kind === 'delete' || tag.startsWith('MERGE')) this.rowsWritten += rowsInTag(tag);
    return kind;
  }

  statementFailed(ms: number): void {
    this.queries.error++;
    this.queriesTotal++;
    this.latencyUs.record(ms * 1000);
  }

  close(): void {
    this.rate.close();
  }
}
