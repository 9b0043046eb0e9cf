/**
 * A LISTEN/NOTIFY script for node-postgres sessions, written once and run against kalamdb-pg and
 * against PostgreSQL 15: what each statement answered (rows, notices, errors) and what each session
 * received, with process ids named after the session that sent them, so two runs compare as text.
 *
 * A session's notifications are only known up to a point by synchronising: `sync(who)` has another
 * session send a sentinel notification that `who` alone listens for; commit order puts every
 * notification committed before it ahead of it. Never a sleep.
 */
import pg from 'pg';

export interface Target {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

export type Who = 'L' | 'S' | 'T';
const WHO: readonly Who[] = ['L', 'S', 'T'];
const SENTINEL = 'zz_sync';

export interface NotifyScript {
  /** Runs one query on a session: simple protocol, or extended with `values` or a statement `name`. */
  run(who: Who, text: string, values?: readonly unknown[], name?: string): Promise<void>;
  /** Waits until `who` has received every notification committed so far, and marks the point in its log. */
  sync(who: Who): Promise<void>;
  /** Marks in `who`'s log what it received by now (as of its last statement's answer). */
  mark(who: Who, label: string): void;
}

/** Long texts (8000-byte payloads) shortened for the record: the start and the length are enough to compare. */
function short(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 60)}… (${text.length} characters)`;
}

export interface RecordOptions {
  /** Leave NoticeResponses out of the record (to compare the rest where only a notice differs). */
  readonly notices?: boolean;
}

export async function recordScript(t: Target, script: (s: NotifyScript) => Promise<void>, options: RecordOptions = {}): Promise<string> {
  const clients = {} as Record<Who, pg.Client>;
  const names = new Map<number, Who>();
  const steps: string[] = [];
  const got: Record<Who, string[]> = { L: [], S: [], T: [] };
  const waiting = new Map<Who, { payload: string; resolve: () => void }>();
  for (const who of WHO) {
    const c = new pg.Client({ host: '127.0.0.1', port: t.port, user: t.user, password: t.password, database: 'postgres' });
    await c.connect();
    clients[who] = c;
    names.set(c.processID!, who);
    if (options.notices !== false) c.on('notice', (n) => steps.push(`  ${who} ${n.severity} ${n.code}: ${n.message}`));
    c.on('notification', (n) => {
      const w = waiting.get(who);
      if (n.channel === SENTINEL) {
        if (w && n.payload === w.payload) w.resolve();
        return;
      }
      got[who].push(`${n.channel} | ${n.payload} | from ${names.get(n.processId) ?? 'unknown pid'}`);
    });
  }
  let serial = 0;
  const s: NotifyScript = {
    async run(who, text, values, name) {
      steps.push(`${who}> ${short(text)}${values ? ` ${short(JSON.stringify(values))}` : ''}${name ? ` (statement ${name})` : ''}`);
      try {
        // Several statements in one simple query answer one result each.
        const answer: pg.QueryResult | pg.QueryResult[] = await clients[who].query({ text, values: values as unknown[] | undefined, name });
        for (const r of Array.isArray(answer) ? answer : [answer]) {
          steps.push(`  ${r.command ?? ''}${r.rows.length > 0 ? ` ${short(JSON.stringify(r.rows.map((row: Record<string, unknown>) => Object.values(row))))}` : ''}`);
        }
      } catch (e) {
        const err = e as { code?: string; message: string };
        steps.push(`  ERROR ${err.code ?? '?'}: ${err.message}`);
      }
    },
    async sync(who) {
      const payload = `sync ${++serial}`;
      const other = who === 'T' ? clients.S : clients.T;
      await clients[who].query(`LISTEN ${SENTINEL}`);
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${who} did not receive its sync notification in 10 s`)), 10_000);
        waiting.set(who, { payload, resolve: () => (clearTimeout(timer), resolve()) });
      });
      await other.query(`NOTIFY ${SENTINEL}, '${payload}'`);
      await arrived;
      waiting.delete(who);
      await clients[who].query(`UNLISTEN ${SENTINEL}`);
      got[who].push('-- synced --');
    },
    mark(who, label) {
      got[who].push(`-- ${label} --`);
    },
  };
  try {
    await script(s);
    for (const who of WHO) await s.sync(who);
  } finally {
    await Promise.all(WHO.map((who) => clients[who].end().catch(() => undefined)));
  }
  return [...steps, ...WHO.map((who) => `${who} received:\n${got[who].map((l) => `  ${l}`).join('\n')}`)].join('\n');
}
