/**
 * The server's log: one JSON object per line on stderr, filtered by --log-level, so a collector
 * can read it without a pattern per message:
 *
 *   {"ts":"2026-12-06T19:40:00.000Z","level":"info","event":"login_failed","message":"…"}
 *   {"ts":"…","level":"warn","event":"slow_query","duration_ms":812.4,"user":"app","pid":3,"query":"SELECT …"}
 */
import type { ServerConfig } from './config.js';

const RANK = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevel = keyof typeof RANK;

export type LogFields = Readonly<Record<string, string | number | boolean | null>>;

export class Log {
  constructor(
    private readonly level: ServerConfig['logLevel'],
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
  ) {}

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }

  /** One event; `fields` go beside ts, level and event (they cannot replace them). */
  event(level: LogLevel, event: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    const head = { ts: new Date().toISOString(), level, event };
    this.write(`${JSON.stringify({ ...head, ...fields, ...head })}\n`);
  }

  error(message: string, event = 'error'): void {
    this.event('error', event, { message });
  }

  warn(message: string, event = 'warning'): void {
    this.event('warn', event, { message });
  }

  info(message: string, event = 'info'): void {
    this.event('info', event, { message });
  }

  debug(message: string, event = 'debug'): void {
    this.event('debug', event, { message });
  }
}
