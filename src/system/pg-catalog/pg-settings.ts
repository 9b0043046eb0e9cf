/**
 * pg_settings (a view in PostgreSQL, over a function; a computed relation here): the reading
 * session's settings. Types are read off the values, as tools only branch on vartype and setting.
 */
import { millisecondsOf, MILLISECOND_SETTINGS } from '../../session/duration-setting.js';
import { catalogTable } from './catalog-table.js';

const READ_ONLY = new Set([
  'server_version', 'server_version_num', 'server_encoding', 'integer_datetimes', 'max_identifier_length',
  'in_hot_standby', 'is_superuser', 'session_authorization', 'max_index_keys', 'block_size',
]);

function vartype(value: string): string {
  if (value === 'on' || value === 'off') return 'bool';
  if (/^-?\d+$/.test(value)) return 'integer';
  return 'string';
}

export const pgSettings = catalogTable('pg_settings', (ctx) =>
  ctx.settings().map(([name, shown]) => {
    // SHOW says 5s; pg_settings gives the number in the setting's unit.
    const ms = MILLISECOND_SETTINGS.has(name);
    const setting = ms ? String(millisecondsOf(shown)) : shown;
    return {
      name, setting, unit: ms ? 'ms' : null, context: READ_ONLY.has(name) ? 'internal' : 'user', vartype: vartype(setting),
      source: 'default', boot_val: ms ? '0' : setting, reset_val: ms ? '0' : setting, pending_restart: false,
    };
  }),
);
