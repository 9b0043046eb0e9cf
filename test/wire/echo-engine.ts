/**
 * A tiny EnginePort for the wire's end-to-end tests: a test double for the ENGINE (the wire is
 * real). It understands a handful of fixed statements:
 *
 *   select <n>          one int4 row            select '<text>'   one text row
 *   select $1[, $2…]    echoes its parameters   generate <n>      n rows (i int4, label text)
 *   begin/commit/rollback, notice, boom (throws a plain Error), fatal, sleep <ms> (cancellable),
 *   set application_name = <x> (sends ParameterStatus), error/anything else (42601)
 */
import { Errors, SqlError } from '../../src/errors/sql-error.js';
import { makeScramVerifier } from '../../src/auth/scram-verifier.js';
import { md5PasswordHash } from '../../src/auth/md5.js';
import type {
  AuthChallenge,
  EnginePort,
  EngineSession,
  FieldDescription,
  ResultSink,
  StatementDescription,
  TransactionStatus,
  WireCell,
} from '../../src/wire/engine-port.js';

export const PASSWORDS = {
  scram_user: 'scram-pass',
  md5_user: 'md5-pass',
  clear_user: 'clear-pass',
} as const;

const INT4 = 23;
const TEXT = 25;

function field(name: string, typeOid: number, format: 0 | 1 = 0): FieldDescription {
  return { name, tableOid: 0, columnId: 0, typeOid, typeSize: typeOid === INT4 ? 4 : -1, typeModifier: -1, format };
}

interface Plan {
  readonly fields: readonly FieldDescription[] | null;
  /** Rows for the given parameters (text); may throw. */
  rows(params: readonly (string | null)[]): WireCell[][];
  readonly tag: (rowCount: number) => string;
}

function planFor(sql: string, session: EchoSession): Plan {
  const s = sql.trim().replace(/;$/, '');
  let m: RegExpExecArray | null;
  if ((m = /^select (\d+)$/i.exec(s))) {
    const n = m[1]!;
    return { fields: [field('?column?', INT4)], rows: () => [[n]], tag: (c) => `SELECT ${c}` };
  }
  if ((m = /^select '([^']*)'$/i.exec(s))) {
    const t = m[1]!;
    return { fields: [field('?column?', TEXT)], rows: () => [[t]], tag: (c) => `SELECT ${c}` };
  }
  if (/^select \$\d+(, *\$\d+)*$/i.test(s)) {
    const count = s.split(',').length;
    const fields = Array.from({ length: count }, (_, i) => field(`echo${i + 1}`, TEXT));
    return { fields, rows: (p) => [p.slice(0, count)], tag: (c) => `SELECT ${c}` };
  }
  if ((m = /^generate (\d+)$/i.exec(s))) {
    const n = Number(m[1]);
    const rows = () => {
      const out: WireCell[][] = [];
      for (let i = 1; i <= n; i++) out.push([String(i), `row-${i}`]);
      return out;
    };
    return { fields: [field('i', INT4), field('label', TEXT)], rows, tag: (c) => `SELECT ${c}` };
  }
  if (/^execute_error$/i.test(s)) {
    return {
      fields: [field('x', INT4)],
      rows: () => {
        throw Errors.divisionByZero();
      },
      tag: (c) => `SELECT ${c}`,
    };
  }
  if (/^(begin|commit|rollback)$/i.test(s)) {
    const word = s.toUpperCase();
    return { fields: null, rows: () => (session.transaction(word), []), tag: () => word };
  }
  if (/^boom$/i.test(s)) {
    return { fields: null, rows: () => { throw new Error('kaboom'); }, tag: () => 'BOOM' };
  }
  throw Errors.syntax(`syntax error at or near "${s.split(/\s+/)[0] ?? ''}"`, 1);
}

export class EchoSession implements EngineSession {
  private status: TransactionStatus = 'I';
  private readonly statements = new Map<string, { plan: Plan; paramTypes: number[] }>();
  private readonly portals = new Map<string, { plan: Plan; rows: WireCell[][] | null; params: (string | null)[]; formats: readonly number[]; at: number }>();
  private cancelRequested = false;
  closed = false;
  rowsProduced = 0;

  constructor(
    readonly user: string,
    readonly database: string,
    private readonly params: ReadonlyMap<string, string>,
  ) {}

  initialParameterStatus(): ReadonlyArray<readonly [string, string]> {
    return [
      ['application_name', this.params.get('application_name') ?? ''],
      ['client_encoding', 'UTF8'],
      ['DateStyle', 'ISO, MDY'],
      ['integer_datetimes', 'on'],
      ['IntervalStyle', 'postgres'],
      ['is_superuser', 'off'],
      ['server_encoding', 'UTF8'],
      ['server_version', '15.0 (echo)'],
      ['session_authorization', this.user],
      ['standard_conforming_strings', 'on'],
      ['TimeZone', 'UTC'],
    ];
  }

  transaction(word: string): void {
    if (word === 'BEGIN') this.status = 'T';
    else this.status = 'I';
  }

  async simpleQuery(sql: string, sink: ResultSink): Promise<void> {
    const statements = sql.split(';').map((x) => x.trim()).filter((x) => x !== '');
    if (statements.length === 0) return sink.emptyQuery();
    for (const stmt of statements) {
      if (this.status === 'E' && !/^(commit|rollback)$/i.test(stmt)) throw Errors.inFailedTransaction();
      try {
        await this.runSimple(stmt, sink);
      } catch (e) {
        if (this.status === 'T') this.status = 'E';
        throw e;
      }
    }
  }

  private async runSimple(stmt: string, sink: ResultSink): Promise<void> {
    let m: RegExpExecArray | null;
    if (/^notice$/i.test(stmt)) {
      sink.notice({ severity: 'NOTICE', code: '00000', message: 'hello from the engine' });
      return sink.commandComplete('DO');
    }
    if (/^fatal$/i.test(stmt)) throw new SqlError('57P01', 'terminating connection due to administrator command', { severity: 'FATAL' });
    if ((m = /^set application_name = (\S+)$/i.exec(stmt))) {
      sink.parameterStatus('application_name', m[1]!);
      return sink.commandComplete('SET');
    }
    if ((m = /^sleep (\d+)$/i.exec(stmt))) {
      this.cancelRequested = false;
      const until = Date.now() + Number(m[1]);
      while (Date.now() < until) {
        if (this.cancelRequested) throw Errors.queryCanceled();
        await new Promise((r) => setTimeout(r, 5));
      }
      return sink.commandComplete('SLEEP');
    }
    if ((m = /^wide (\d+)$/i.exec(stmt))) {
      // Many wide rows, yielding to the sink's backpressure every 100 rows.
      const n = Number(m[1]);
      const pad = 'x'.repeat(1000);
      sink.rowDescription([field('i', INT4), field('pad', TEXT)]);
      for (let i = 1; i <= n; i++) {
        sink.dataRow([String(i), pad]);
        this.rowsProduced++;
        if (i % 100 === 0) await sink.drained?.();
      }
      return sink.commandComplete(`SELECT ${n}`);
    }
    const plan = planFor(stmt, this);
    const rows = plan.rows([]);
    if (plan.fields) sink.rowDescription(plan.fields);
    for (const r of rows) sink.dataRow(r);
    sink.commandComplete(plan.tag(rows.length));
  }

  async parse(name: string, sql: string, paramTypes: readonly number[]): Promise<void> {
    if (name !== '' && this.statements.has(name)) throw Errors.duplicatePreparedStatement(name);
    if (this.status === 'E' && !/^\s*(commit|rollback)\s*;?\s*$/i.test(sql)) throw Errors.inFailedTransaction();
    const plan = planFor(sql, this);
    const count = (sql.match(/\$\d+/g) ?? []).length;
    const types = Array.from({ length: count }, (_, i) => paramTypes[i] || TEXT);
    this.statements.set(name, { plan, paramTypes: types });
  }

  async bind(
    portal: string,
    statement: string,
    paramFormats: readonly number[],
    params: ReadonlyArray<Uint8Array | null>,
    resultFormats: readonly number[],
  ): Promise<void> {
    const s = this.statements.get(statement);
    if (!s) throw Errors.undefinedPreparedStatement(statement);
    if (params.length !== s.paramTypes.length) {
      throw Errors.protocolViolation(
        `bind message supplies ${params.length} parameters, but prepared statement "${statement}" requires ${s.paramTypes.length}`,
      );
    }
    const text = params.map((p, i) => {
      if (p === null) return null;
      const format = paramFormats.length === 1 ? paramFormats[0] : (paramFormats[i] ?? 0);
      return format === 1 ? Buffer.from(p).toString('hex') : Buffer.from(p).toString('utf8');
    });
    this.portals.set(portal, { plan: s.plan, rows: null, params: text, formats: resultFormats, at: 0 });
  }

  describeStatement(name: string): StatementDescription {
    const s = this.statements.get(name);
    if (!s) throw Errors.undefinedPreparedStatement(name);
    return { paramTypes: s.paramTypes, fields: s.plan.fields };
  }

  describePortal(name: string): readonly FieldDescription[] | null {
    const p = this.portals.get(name);
    if (!p) throw Errors.undefinedCursor(name);
    if (!p.plan.fields) return null;
    return p.plan.fields.map((f, i) => ({ ...f, format: formatOf(p.formats, i) }));
  }

  async execute(portal: string, maxRows: number, sink: ResultSink): Promise<'complete' | 'suspended'> {
    const p = this.portals.get(portal);
    if (!p) throw Errors.undefinedCursor(portal);
    sink.rowDescription([field('must-not-be-sent', TEXT)]); // the wire must drop this
    p.rows ??= p.plan.rows(p.params).map((r) => r.map((c, i) => encode(c, p.plan.fields?.[i]?.typeOid ?? TEXT, formatOf(p.formats, i))));
    const end = maxRows > 0 ? Math.min(p.rows.length, p.at + maxRows) : p.rows.length;
    const from = p.at;
    for (; p.at < end; p.at++) sink.dataRow(p.rows[p.at]!);
    if (p.at < p.rows.length) return 'suspended';
    sink.commandComplete(p.plan.tag(p.at - from));
    return 'complete';
  }

  closeStatement(name: string): void {
    this.statements.delete(name);
  }

  closePortal(name: string): void {
    this.portals.delete(name);
  }

  async sync(): Promise<void> {
    this.portals.delete('');
  }

  markFailed(): void {
    if (this.status === 'T') this.status = 'E';
  }

  transactionStatus(): TransactionStatus {
    return this.status;
  }

  idleInTransactionTimeout(): number {
    return 0;
  }

  attach(): void {}

  cancel(): void {
    this.cancelRequested = true;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function formatOf(formats: readonly number[], i: number): 0 | 1 {
  const f = formats.length === 1 ? formats[0] : formats[i];
  return f === 1 ? 1 : 0;
}

function encode(cell: WireCell, typeOid: number, format: 0 | 1): WireCell {
  if (format === 0 || cell === null || typeof cell !== 'string') return cell;
  if (typeOid === INT4) {
    const b = Buffer.alloc(4);
    b.writeInt32BE(Number(cell));
    return b;
  }
  return Buffer.from(cell, 'utf8');
}

export class EchoEngine implements EnginePort {
  readonly sessions: EchoSession[] = [];
  private readonly challenges = new Map<string, AuthChallenge>([
    ['scram_user', { method: 'scram-sha-256', verifier: makeScramVerifier(PASSWORDS.scram_user) }],
    ['md5_user', { method: 'md5', md5Hash: md5PasswordHash(PASSWORDS.md5_user, 'md5_user') }],
    ['clear_user', { method: 'password', check: (pw) => pw === PASSWORDS.clear_user }],
    ['trust_user', { method: 'trust' }],
    ['broken_user', { method: 'trust' }],
  ]);

  authFor(user: string): AuthChallenge | null {
    return this.challenges.get(user) ?? null;
  }

  async openSession(user: string, database: string, params: ReadonlyMap<string, string>): Promise<EngineSession> {
    if (database === 'nodb') throw new SqlError('3D000', `database "${database}" does not exist`);
    if (user === 'broken_user') throw new Error('session store unavailable');
    const s = new EchoSession(user, database, params);
    this.sessions.push(s);
    return s;
  }
}
