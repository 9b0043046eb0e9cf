/**
 * Per-connection settings (GUCs): what SET/SHOW/RESET touch. Those PostgreSQL marks GUC_REPORT are
 * sent to the client as ParameterStatus at startup and whenever they change.
 */
import { Errors } from '../errors/sql-error.js';
import { normaliseMilliseconds } from './duration-setting.js';

export const SERVER_VERSION = '15.0';
export const KALAMDB_PG_VERSION = '0.1.0';

interface SettingSpec {
  readonly name: string; // canonical spelling, as SHOW prints its column
  readonly value: string;
  readonly report?: boolean;
  readonly readOnly?: boolean;
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

const SPECS: readonly SettingSpec[] = [
  { name: 'application_name', value: '', report: true },
  { name: 'client_encoding', value: 'UTF8', report: true, normalise: normaliseEncoding },
  { name: 'DateStyle', value: 'ISO, MDY', report: true, normalise: normaliseDateStyle },
  { name: 'default_transaction_read_only', value: 'off', report: true },
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
  { name: 'transaction_isolation', value: 'read committed' },
  { name: 'default_transaction_isolation', value: 'read committed' },
  { name: 'transaction_read_only', value: 'off' },
  { name: 'synchronous_commit', value: 'on' },
  { name: 'client_min_messages', value: 'notice' },
  { name: 'bytea_output', value: 'hex' },
  { name: 'max_identifier_length', value: '63', readOnly: true },
  { name: 'password_encryption', value: 'scram-sha-256' },
  { name: 'row_security', value: 'on' },
  { name: 'max_connections', value: '100', readOnly: true },
  { name: 'block_size', value: '8192', readOnly: true },
  { name: 'lc_collate', value: 'C', readOnly: true },
  { name: 'lc_ctype', value: 'C', readOnly: true },
  { name: 'lc_messages', value: 'C' },
  { name: 'lc_monetary', value: 'C' },
  { name: 'lc_numeric', value: 'C' },
  { name: 'lc_time', value: 'C' },
  { name: 'timezone_abbreviations', value: 'Default' },
  { name: 'datestyle_order', value: 'MDY', readOnly: true },
  { name: 'escape_string_warning', value: 'on' },
  { name: 'check_function_bodies', value: 'on' },
  { name: 'join_collapse_limit', value: '8' },
  { name: 'work_mem', value: '4MB' },
  { name: 'jit', value: 'off' },
  { name: 'geqo', value: 'on' },
];

const BY_NAME = new Map(SPECS.map((s) => [s.name.toLowerCase(), s]));

export class Settings {
  private readonly values = new Map<string, string>();
  /** Values of unknown dotted names (`myapp.x`), which PostgreSQL accepts as custom settings. */
  private readonly custom = new Map<string, string>();
  /** SET LOCAL: each setting's value before the transaction first changed it, restored at its end. */
  private readonly beforeLocal = new Map<string, string | undefined>();

  constructor(overrides: Iterable<readonly [string, string]> = []) {
    for (const s of SPECS) this.values.set(s.name.toLowerCase(), s.value);
    for (const [k, v] of overrides) this.setStartup(k, v);
  }

  /** Startup parameters: unknown ones are ignored as PostgreSQL ignores… no — it rejects; we keep going. */
  private setStartup(name: string, value: string): void {
    const spec = BY_NAME.get(name.toLowerCase());
    if (spec && !spec.readOnly) this.values.set(spec.name.toLowerCase(), spec.normalise ? spec.normalise(value) : value);
  }

  /** Internal: values the server itself fixes per session (session_authorization, is_superuser). */
  force(name: string, value: string): void {
    this.values.set(name.toLowerCase(), value);
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

  /** Returns the [name, value] to report to the client, if the setting is GUC_REPORT. */
  set(name: string, value: string): readonly [string, string] | null {
    const key = name.toLowerCase();
    const spec = BY_NAME.get(key);
    if (!spec) {
      if (!key.includes('.')) throw Errors.undefinedParameter(name);
      this.custom.set(key, value);
      return null;
    }
    if (spec.readOnly) throw Errors.cantChangeRuntimeParam(spec.name);
    const v = spec.normalise ? spec.normalise(value) : value;
    this.values.set(key, v);
    return spec.report ? [spec.name, v] : null;
  }

  /** SET LOCAL / set_config(…, true): until the transaction ends. */
  setLocal(name: string, value: string): readonly [string, string] | null {
    const key = name.toLowerCase();
    const before = this.values.get(key) ?? this.custom.get(key);
    const reported = this.set(name, value);
    if (!this.beforeLocal.has(key)) this.beforeLocal.set(key, before);
    return reported;
  }

  /** The transaction ended: SET LOCAL values go back; returns what to report again. */
  endTransaction(): Array<readonly [string, string]> {
    const out: Array<readonly [string, string]> = [];
    for (const [key, before] of this.beforeLocal) {
      if (before === undefined) this.custom.delete(key);
      else if (BY_NAME.has(key)) this.values.set(key, before);
      else this.custom.set(key, before);
      const spec = BY_NAME.get(key);
      if (spec?.report && before !== undefined) out.push([spec.name, before]);
    }
    this.beforeLocal.clear();
    return out;
  }

  reset(name: string): readonly [string, string] | null {
    const spec = BY_NAME.get(name.toLowerCase());
    if (!spec) {
      this.custom.delete(name.toLowerCase());
      return null;
    }
    return this.set(spec.name, spec.value);
  }

  resetAll(): Array<readonly [string, string]> {
    const out: Array<readonly [string, string]> = [];
    for (const s of SPECS) {
      if (s.readOnly) continue;
      const r = this.set(s.name, s.value);
      if (r) out.push(r);
    }
    this.custom.clear();
    return out;
  }

  reported(): Array<readonly [string, string]> {
    return SPECS.filter((s) => s.report).map((s) => [s.name, this.values.get(s.name.toLowerCase())!] as const);
  }

  all(): Array<readonly [string, string]> {
    return SPECS.map((s) => [s.name, this.values.get(s.name.toLowerCase())!] as const);
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
