/**
 * Per-connection settings (GUCs): what SET/SHOW/RESET touch. Those PostgreSQL marks GUC_REPORT are
 * sent to the client as ParameterStatus at startup and whenever they change.
 */
import { Errors, SqlError } from '../errors/sql-error.js';
import { normaliseMilliseconds } from './duration-setting.js';

export const SERVER_VERSION = '15.0';
export const KALAMDB_PG_VERSION = '0.1.0';

interface SettingSpec {
  readonly name: string; // canonical spelling, as SHOW prints its column
  readonly value: string;
  readonly report?: boolean;
  readonly readOnly?: boolean;
  /** The current transaction's characteristics: RESET ALL leaves them, the transaction's end resets them. */
  readonly perTransaction?: boolean;
  readonly normalise?: (v: string) => string;
}

function normaliseDateStyle(v: string): string {
  const parts = v.split(',').map((p) => p.trim().toUpperCase()).filter(Boolean);
  let style = 'ISO';
  let order = 'MDY';
  for (const p of parts) {
    if (['ISO', 'SQL', 'POSTGRES', 'GERMAN'].includes(p)) style = p === 'POSTGRES' ? 'Postgres' : p;
    else if (['MDY', 'DMY', 'YMD', 'US', 'NONEURO', 'NONEUROPEAN', 'EURO', 'EUROPEAN'].includes(p)) {
      order = p === 'US' || p.startsWith('NONEURO') ? 'MDY' : p.startsWith('EURO') ? 'DMY' : p;
    } else throw Errors.invalidParameterValue(`invalid value for parameter "DateStyle": "${v}"`);
  }
  if (style !== 'ISO') throw Errors.featureNotSupported(`DateStyle ${style} is not supported; use ISO`);
  return `${style}, ${order}`;
}

function normaliseTimeZone(v: string): string {
  const upper = v.toUpperCase();
  if (upper === 'UTC' || upper === 'GMT' || upper === 'Z') return upper === 'Z' ? 'UTC' : upper;
  if (/^[+-]?\d{1,2}(:\d{2})?$/.test(v) || /^<[+-]\d{2}(:\d{2}){0,2}>[+-]\d{2}(:\d{2}){0,2}$/.test(v)) return v;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: v });
    return v;
  } catch {
    throw Errors.invalidParameterValue(`invalid value for parameter "TimeZone": "${v}"`);
  }
}

function normaliseEncoding(v: string): string {
  const up = v.toUpperCase().replace(/[-_]/g, '');
  if (up === 'UTF8' || up === 'UNICODE') return 'UTF8';
  if (up === 'SQLASCII') return 'SQL_ASCII';
  throw Errors.featureNotSupported(`client_encoding "${v}" is not supported; only UTF8`);
}

function normaliseBool(name: string) {
  return (v: string): string => {
    const l = v.toLowerCase();
    if (['on', 'true', 'yes', '1', 't'].includes(l)) return 'on';
    if (['off', 'false', 'no', '0', 'f'].includes(l)) return 'off';
    throw Errors.invalidParameterValue(`parameter "${name}" requires a Boolean value`);
  };
}

/** client_min_messages' levels, lowest first; 'info' and 'debug' are accepted though not listed. */
export const MESSAGE_LEVELS = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error'];

/** An integer setting with PostgreSQL's messages for a bad value and one out of range. */
function normaliseIntRange(name: string, min: number, max: number) {
  return (v: string): string => {
    const t = v.trim();
    if (!/^[+-]?\d+$/.test(t)) throw Errors.invalidParameterValue(`invalid value for parameter "${name}": "${v}"`);
    const n = Number(t);
    if (n < min || n > max) throw Errors.invalidParameterValue(`${n} is outside the valid range for parameter "${name}" (${min} .. ${max})`);
    return String(n);
  };
}

function normaliseMessageLevel(v: string): string {
  const l = v.toLowerCase().trim();
  if (l === 'debug') return 'debug2';
  if (l === 'info' || MESSAGE_LEVELS.includes(l)) return l;
  throw new SqlError('22023', `invalid value for parameter "client_min_messages": "${v}"`, { hint: `Available values: ${MESSAGE_LEVELS.join(', ')}.` });
}

const ISOLATION_LEVELS = ['serializable', 'repeatable read', 'read committed', 'read uncommitted'];

/**
 * READ UNCOMMITTED behaves as READ COMMITTED, as in PostgreSQL. REPEATABLE READ and SERIALIZABLE
 * would need a snapshot held for the whole transaction, which the storage does not keep yet.
 */
function normaliseIsolation(name: string) {
  return (v: string): string => {
    const l = v.toLowerCase().trim().replace(/\s+/g, ' ');
    if (!ISOLATION_LEVELS.includes(l)) {
      throw new SqlError('22023', `invalid value for parameter "${name}": "${v}"`, { hint: `Available values: ${ISOLATION_LEVELS.join(', ')}.` });
    }
    if (l === 'repeatable read' || l === 'serializable') {
      throw Errors.featureNotSupported(`transaction isolation level "${l}" is not supported; only READ COMMITTED (and READ UNCOMMITTED, which PostgreSQL runs as READ COMMITTED)`);
    }
    return l;
  };
}

const SPECS: readonly SettingSpec[] = [
  { name: 'application_name', value: '', report: true },
  { name: 'client_encoding', value: 'UTF8', report: true, normalise: normaliseEncoding },
  { name: 'DateStyle', value: 'ISO, MDY', report: true, normalise: normaliseDateStyle },
  { name: 'default_transaction_read_only', value: 'off', report: true, normalise: normaliseBool('default_transaction_read_only') },
  { name: 'in_hot_standby', value: 'off', report: true, readOnly: true },
  { name: 'integer_datetimes', value: 'on', report: true, readOnly: true },
  { name: 'IntervalStyle', value: 'postgres', report: true },
  { name: 'is_superuser', value: 'off', report: true, readOnly: true },
  { name: 'server_encoding', value: 'UTF8', report: true, readOnly: true },
  { name: 'server_version', value: `${SERVER_VERSION} (kalamdb-pg ${KALAMDB_PG_VERSION})`, report: true, readOnly: true },
  { name: 'server_version_num', value: '150000', readOnly: true },
  { name: 'session_authorization', value: '', report: true, readOnly: true },
  { name: 'standard_conforming_strings', value: 'on', report: true, normalise: normaliseBool('standard_conforming_strings') },
  { name: 'TimeZone', value: 'UTC', report: true, normalise: normaliseTimeZone },
  { name: 'search_path', value: '"$user", public' },
  { name: 'extra_float_digits', value: '1' },
  { name: 'statement_timeout', value: '0', normalise: normaliseMilliseconds('statement_timeout') },
  { name: 'lock_timeout', value: '0', normalise: normaliseMilliseconds('lock_timeout') },
  { name: 'idle_in_transaction_session_timeout', value: '0', normalise: normaliseMilliseconds('idle_in_transaction_session_timeout') },
  { name: 'transaction_isolation', value: 'read committed', perTransaction: true, normalise: normaliseIsolation('transaction_isolation') },
  { name: 'default_transaction_isolation', value: 'read committed', normalise: normaliseIsolation('default_transaction_isolation') },
  { name: 'transaction_read_only', value: 'off', perTransaction: true, normalise: normaliseBool('transaction_read_only') },
  { name: 'transaction_deferrable', value: 'off', perTransaction: true, normalise: normaliseBool('transaction_deferrable') },
  { name: 'default_transaction_deferrable', value: 'off', normalise: normaliseBool('default_transaction_deferrable') },
  { name: 'synchronous_commit', value: 'on' },
  { name: 'client_min_messages', value: 'notice', normalise: normaliseMessageLevel },
  { name: 'bytea_output', value: 'hex' },
  { name: 'max_identifier_length', value: '63', readOnly: true },
  // pgjdbc's getImportedKeys/getExportedKeys read it to bound the key positions they join over.
  { name: 'max_index_keys', value: '32', readOnly: true },
  { name: 'password_encryption', value: 'scram-sha-256' },
  { name: 'row_security', value: 'on' },
  // The next three are what the server was started with (--max-connections, --tls-cert): server.ts sets them.
  { name: 'max_connections', value: '100', readOnly: true },
  { name: 'superuser_reserved_connections', value: '3', readOnly: true },
  { name: 'ssl', value: 'off', readOnly: true },
  { name: 'block_size', value: '8192', readOnly: true },
  { name: 'lc_collate', value: 'C', readOnly: true },
  { name: 'lc_ctype', value: 'C', readOnly: true },
  { name: 'lc_messages', value: 'C' },
  { name: 'lc_monetary', value: 'C' },
  { name: 'lc_numeric', value: 'C' },
  { name: 'lc_time', value: 'C' },
  { name: 'timezone_abbreviations', value: 'Default' },
  { name: 'escape_string_warning', value: 'on' },
  { name: 'check_function_bodies', value: 'on' },
  { name: 'join_collapse_limit', value: '8' },
  { name: 'work_mem', value: '4MB' },
  { name: 'jit', value: 'off' },
  { name: 'geqo', value: 'on' },
  // Off makes ORDER BY e <-> $1 LIMIT k scan exactly instead of using an hnsw index (src/vector).
  { name: 'enable_indexscan', value: 'on', normalise: normaliseBool('enable_indexscan') },
  { name: 'enable_seqscan', value: 'on', normalise: normaliseBool('enable_seqscan') },
  // pgvector's: the candidate list an hnsw index search keeps (its recall/speed dial).
  { name: 'hnsw.ef_search', value: '40', normalise: normaliseIntRange('hnsw.ef_search', 1, 1000) },
];

const BY_NAME = new Map(SPECS.map((s) => [s.name.toLowerCase(), s]));

/** Where a setting's value came from, as pg_settings.source says. */
export type SettingSource = 'default' | 'client' | 'session' | 'override';

/** One setting as pg_settings shows it. */
export interface SettingState {
  readonly name: string;
  readonly value: string;
  readonly source: SettingSource;
  /** What RESET gives: the startup packet's value, else the default. */
  readonly resetValue: string;
  readonly bootValue: string;
  /** Left out of SHOW ALL and pg_settings, as PostgreSQL's GUC_NO_SHOW_ALL settings are. */
  readonly hidden: boolean;
}

/** Settings as a savepoint found them (Settings.mark). */
export interface SettingsMark {
  readonly values: ReadonlyMap<string, string>;
  readonly custom: ReadonlyMap<string, string>;
  readonly sources: ReadonlyMap<string, SettingSource>;
  readonly changed: ReadonlyMap<string, { readonly before: string | undefined; readonly afterCommit: string | undefined }>;
}

/** is_superuser and session_authorization: SHOW answers them, SHOW ALL and pg_settings leave them out. */
const NO_SHOW_ALL = new Set(['is_superuser', 'session_authorization']);

export class Settings {
  private readonly values = new Map<string, string>();
  private readonly resetValues = new Map<string, string>();
  private readonly sources = new Map<string, SettingSource>();
  /** Values of unknown dotted names (`myapp.x`), which PostgreSQL accepts as custom settings. */
  private readonly custom = new Map<string, string>();
  /**
   * Settings changed in the open transaction: the value before it (ROLLBACK restores it) and the
   * value a COMMIT keeps (SET LOCAL changes the current value only), as PostgreSQL's GUC stack does.
   */
  private readonly changed = new Map<string, { readonly before: string | undefined; afterCommit: string | undefined }>();

  constructor(overrides: Iterable<readonly [string, string]> = []) {
    for (const s of SPECS) {
      this.values.set(s.name.toLowerCase(), s.value);
      this.resetValues.set(s.name.toLowerCase(), s.value);
      if (s.perTransaction) this.sources.set(s.name.toLowerCase(), 'override'); // set by each transaction's start
    }
    for (const [k, v] of overrides) this.setStartup(k, v);
  }

  /** Startup parameters set the session's values and what RESET returns to; unknown ones are ignored. */
  private setStartup(name: string, value: string): void {
    const spec = BY_NAME.get(name.toLowerCase());
    if (!spec || spec.readOnly) return;
    const key = spec.name.toLowerCase();
    const v = spec.normalise ? spec.normalise(value) : value;
    this.values.set(key, v);
    this.resetValues.set(key, v);
    this.sources.set(key, 'client');
  }

  /** Internal: values the server itself fixes per session (session_authorization, is_superuser). */
  force(name: string, value: string): void {
    const key = name.toLowerCase();
    this.values.set(key, value);
    this.resetValues.set(key, value);
    this.sources.set(key, 'override');
  }

  get(name: string): string {
    const key = name.toLowerCase();
    const v = this.values.get(key) ?? this.custom.get(key);
    if (v === undefined) throw Errors.undefinedParameter(name);
    return v;
  }

  canonicalName(name: string): string {
    return BY_NAME.get(name.toLowerCase())?.name ?? name.toLowerCase();
  }

  /**
   * SET [LOCAL]: returns the [name, value] to report to the client, if the setting is GUC_REPORT.
   * `local`: only until the transaction ends.
   */
  set(name: string, value: string, local = false): readonly [string, string] | null {
    const key = name.toLowerCase();
    const spec = BY_NAME.get(key);
    if (!spec) {
      if (!key.includes('.')) throw Errors.undefinedParameter(name);
      this.remember(key, this.custom.get(key), local ? undefined : value, local);
      this.custom.set(key, value);
      return null;
    }
    if (spec.readOnly) throw Errors.cantChangeRuntimeParam(spec.name);
    const v = spec.normalise ? spec.normalise(value) : value;
    if (!spec.perTransaction) this.remember(key, this.values.get(key), v, local);
    const reported = this.apply(spec, v);
    this.sources.set(key, 'session');
    return reported;
  }

  private remember(key: string, current: string | undefined, next: string | undefined, local: boolean): void {
    let c = this.changed.get(key);
    if (!c) this.changed.set(key, (c = { before: current, afterCommit: current }));
    if (!local) c.afterCommit = next;
  }

  private apply(spec: SettingSpec, v: string): readonly [string, string] | null {
    this.values.set(spec.name.toLowerCase(), v);
    return spec.report ? [spec.name, v] : null;
  }

  /** RESET: back to the startup packet's value, else the default. */
  reset(name: string): readonly [string, string] | null {
    const spec = BY_NAME.get(name.toLowerCase());
    if (!spec) {
      const key = name.toLowerCase();
      if (this.custom.has(key)) {
        this.remember(key, this.custom.get(key), '', false);
        this.custom.set(key, '');
      }
      return null;
    }
    if (spec.readOnly) throw Errors.cantChangeRuntimeParam(spec.name);
    return this.resetSpec(spec);
  }

  private resetSpec(spec: SettingSpec): readonly [string, string] | null {
    const key = spec.name.toLowerCase();
    this.remember(key, this.values.get(key), this.resetValues.get(key), false);
    const reported = this.apply(spec, this.resetValues.get(key)!);
    if (this.sources.get(key) === 'session') this.sources.set(key, this.resetValues.get(key) === spec.value ? 'default' : 'client');
    return reported;
  }

  resetAll(): Array<readonly [string, string]> {
    const out: Array<readonly [string, string]> = [];
    for (const s of SPECS) {
      if (s.readOnly || s.perTransaction) continue;
      const r = this.resetSpec(s);
      if (r) out.push(r);
    }
    for (const [key, v] of this.custom) {
      this.remember(key, v, '', false);
      this.custom.set(key, '');
    }
    return out;
  }

  /** What ROLLBACK TO SAVEPOINT puts back: every value, and what the transaction had changed by then. */
  mark(): SettingsMark {
    return {
      values: new Map(this.values), custom: new Map(this.custom), sources: new Map(this.sources),
      changed: new Map([...this.changed].map(([k, c]) => [k, { ...c }])),
    };
  }

  /** ROLLBACK TO SAVEPOINT: back to `mark`; returns the GUC_REPORT settings whose value changed. */
  restore(mark: SettingsMark): Array<readonly [string, string]> {
    const reports: Array<readonly [string, string]> = [];
    for (const s of SPECS) {
      const key = s.name.toLowerCase();
      const v = mark.values.get(key)!;
      if (s.report && this.values.get(key) !== v) reports.push([s.name, v]);
    }
    for (const [from, to] of [[mark.values, this.values], [mark.custom, this.custom], [mark.sources, this.sources]] as const) {
      (to as Map<string, unknown>).clear();
      for (const [k, v] of from) (to as Map<string, unknown>).set(k, v);
    }
    this.changed.clear();
    for (const [k, c] of mark.changed) this.changed.set(k, { ...c });
    return reports;
  }

  /**
   * A transaction ended: what it SET is kept on COMMIT (but not SET LOCAL) and undone on ROLLBACK;
   * the next one starts with the session's default characteristics. Returns the GUC_REPORT
   * settings whose value changed, to report to the client.
   */
  endTransaction(commit: boolean): { readonly reports: Array<readonly [string, string]>; readonly changed: boolean } {
    const reports: Array<readonly [string, string]> = [];
    let changed = false;
    for (const [key, c] of this.changed) {
      const v = commit ? c.afterCommit : c.before;
      const spec = BY_NAME.get(key);
      if (!spec) {
        // Once defined, a custom setting stays, empty, as PostgreSQL's placeholder does.
        changed ||= this.custom.get(key) !== (v ?? '');
        this.custom.set(key, v ?? '');
      } else if (v !== undefined && v !== this.values.get(key)) {
        changed = true;
        this.values.set(key, v);
        if (spec.report) reports.push([spec.name, v]);
      }
    }
    this.changed.clear();
    this.resetCharacteristics();
    return { reports, changed };
  }

  private resetCharacteristics(): void {
    for (const name of ['isolation', 'read_only', 'deferrable']) {
      this.values.set(`transaction_${name}`, this.values.get(`default_transaction_${name}`)!);
      this.sources.set(`transaction_${name}`, 'override');
    }
  }

  reported(): Array<readonly [string, string]> {
    return SPECS.filter((s) => s.report).map((s) => [s.name, this.values.get(s.name.toLowerCase())!] as const);
  }

  /** Every setting with where its value came from, in name order (pg_settings, SHOW ALL). */
  describe(): SettingState[] {
    return SPECS.map((s) => {
      const key = s.name.toLowerCase();
      return {
        name: s.name, value: this.values.get(key)!, source: this.sources.get(key) ?? 'default',
        resetValue: this.resetValues.get(key)!, bootValue: s.value, hidden: NO_SHOW_ALL.has(key),
      };
    }).sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  }
}

/**
 * search_path's schemas that exist, in order: `"$user"` becomes the user's name, quoted names
 * keep their case, unquoted ones fold to lower case.
 */
export function resolveSearchPath(raw: string, user: string, exists: (ns: string) => boolean): string[] {
  const out: string[] = [];
  for (let part of raw.split(',')) {
    part = part.trim();
    if (part.startsWith('"') && part.endsWith('"')) part = part.slice(1, -1).replace(/""/g, '"');
    else part = part.toLowerCase();
    if (part === '$user') part = user;
    if (part && exists(part)) out.push(part);
  }
  return out;
}
