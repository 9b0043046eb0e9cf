/** The server's own log lines on stderr, filtered by --log-level. */
import type { ServerConfig } from './config.js';

const RANK = { error: 0, warn: 1, info: 2, debug: 3 } as const;
export type LogLevel = keyof typeof RANK;

export class Log {
  constructor(private readonly level: ServerConfig['logLevel']) {}

  private write(level: LogLevel, message: string): void {
    if (RANK[level] <= RANK[this.level]) process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`);
  }

  error(message: string): void {
    this.write('error', message);
  }

  warn(message: string): void {
    this.write('warn', message);
  }

  info(message: string): void {
    this.write('info', message);
  }

  debug(message: string): void {
    this.write('debug', message);
  }
}
