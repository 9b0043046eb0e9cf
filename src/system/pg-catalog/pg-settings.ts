/**
 * pg_settings (a view in PostgreSQL, over a function; a computed relation here): the reading
 * session's settings, with PostgreSQL 15's description of each (session/pg15-setting-info.ts).
 * `setting`, `boot_val` and `reset_val` are in the setting's unit, as PostgreSQL stores them
 * ('5000' with unit ms where SHOW prints '5s').
 */
import { PgArray } from '../../types/pg-array.js';
import { KalamDataType } from '../../types/kalam-type.js';
import { PG15_SETTING_INFO } from '../../session/pg15-setting-info.js';
import { parseMilliseconds } from '../../session/duration-setting.js';
import { catalogTable } from './catalog-table.js';

const MEMORY_UNITS: Record<string, number> = { kb: 1, mb: 1024, gb: 1024 * 1024, tb: 1024 * 1024 * 1024 };

/** A value as pg_settings stores it: in the setting's own unit. */
function inUnit(name: string, unit: string | null, shown: string): string {
  if (unit === 'ms') return String(parseMilliseconds(name, shown));
  if (unit === 'kB') {
    const m = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(shown);
    if (m) return String(Number(m[1]) * (m[2] ? (MEMORY_UNITS[m[2].toLowerCase()] ?? 1) : 1));
  }
  return shown;
}

export const pgSettings = catalogTable('pg_settings', (ctx) =>
  ctx.settings().filter((s) => !s.hidden).map((s) => {
    const info = PG15_SETTING_INFO[s.name];
    const unit = info?.unit ?? null;
    const fixed = info?.context === 'internal' && info.vartype === 'integer'; // min = max = the value
    return {
      name: s.name, setting: inUnit(s.name, unit, s.value), unit,
      category: info?.category ?? 'Customized Options', short_desc: info?.shortDesc ?? null, extra_desc: info?.extraDesc ?? null,
      context: info?.context ?? 'user', vartype: info?.vartype ?? 'string', source: s.source,
      min_val: fixed ? s.value : (info?.min ?? null), max_val: fixed ? s.value : (info?.max ?? null),
      enumvals: info?.enumvals ? PgArray.of(KalamDataType.TEXT, [...info.enumvals]) : null,
      boot_val: inUnit(s.name, unit, s.bootValue), reset_val: inUnit(s.name, unit, s.resetValue),
      sourcefile: null, sourceline: null, pending_restart: false,
    };
  }),
  'pg_catalog',
  'session',
);

/** SHOW ALL's description column. */
export function settingDescription(name: string): string {
  return PG15_SETTING_INFO[name]?.shortDesc ?? '';
}
