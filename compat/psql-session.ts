/**
 * One real psql kept open and fed a statement at a time, so other sessions can act between its
 * statements (psql prints an asynchronous notification only after the next command it runs).
 * Each statement is followed by an `\echo` and a `\warn` marker: once both came back, everything
 * psql printed for the statement, on stdout and on stderr, has arrived.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export class PsqlSession {
  private stdout = '';
  private stderr = '';
  private serial = 0;
  private changed: (() => void) | null = null;
  private exited = false;

  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    proc.stdout.on('data', (d: Buffer) => this.append('stdout', d.toString()));
    proc.stderr.on('data', (d: Buffer) => this.append('stderr', d.toString()));
    proc.on('exit', () => {
      this.exited = true;
      this.changed?.();
    });
  }

  static open(port: number, user: string, password: string): PsqlSession {
    const proc = spawn('psql', ['-X', '-v', 'ON_ERROR_STOP=0', `host=127.0.0.1 port=${port} user=${user} dbname=postgres`], {
      env: { ...process.env, PGPASSWORD: password, PGTZ: 'UTC', PGCLIENTENCODING: 'UTF8' },
    });
    return new PsqlSession(proc);
  }

  /** Runs `sql` (one or more statements or meta-commands): what psql printed, stderr after a marker line when any. */
  async run(sql: string, timeoutMs = 20_000): Promise<string> {
    const marker = `@@psql-session-${++this.serial}@@`;
    this.proc.stdin.write(`${sql}\n\\echo ${marker}\n\\warn ${marker}\n`);
    const until = Date.now() + timeoutMs;
    while (!(this.stdout.includes(`${marker}\n`) && this.stderr.includes(`${marker}\n`))) {
      if (this.exited) throw new Error(`psql exited while running ${sql}:\n${this.stdout}\n${this.stderr}`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`psql did not finish ${sql} in ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.changed = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const out = this.take('stdout', marker);
    const err = this.take('stderr', marker);
    return err === '' ? out : `${out}--- stderr ---\n${err}`;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.stdin.end();
    await done;
  }

  private append(stream: 'stdout' | 'stderr', text: string): void {
    this[stream] += text;
    this.changed?.();
  }

  /** What the stream printed before the marker; the marker line goes too. */
  private take(stream: 'stdout' | 'stderr', marker: string): string {
    const at = this[stream].indexOf(`${marker}\n`);
    const text = this[stream].slice(0, at);
    this[stream] = this[stream].slice(at + marker.length + 1);
    return text;
  }
}
