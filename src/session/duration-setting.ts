/**
 * Time settings measured in milliseconds (statement_timeout, lock_timeout,
 * idle_in_transaction_session_timeout): read with PostgreSQL's units and rounding, shown in the
 * largest unit that divides the value ('5s', '1500ms', '1min'), as SHOW prints them.
 */
import { SqlError } from '../errors/sql-error.js';

const UNITS: readonly (readonly [string, number])[] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]];
const INPUT_UNITS = new Map<string, number>([...UNITS, ['us', 0.001]]);
const MAX = 2147483647;

export function parseMilliseconds(name: string, text: string): number {
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? (m[2] === '' ? 1 : INPUT_UNITS.get(m[2]!)) : undefined;
  if (!m || unit === undefined) {
    throw new SqlError('22023', `invalid value for parameter "${name}": "${text}"`,
      m ? { hint: 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".' } : {});
  }
  const ms = rint(Number(m[1]) * unit);
  if (ms > MAX || ms < -MAX - 1) {
    throw new SqlError('22023', `invalid value for parameter "${name}": "${text}"`, { hint: 'Value exceeds integer range.' });
  }
  if (ms < 0) throw new SqlError('22023', `${ms} ms is outside the valid range for parameter "${name}" (0 .. ${MAX})`);
  return ms;
}

export function formatMilliseconds(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

export function normaliseMilliseconds(name: string) {
  return (v: string): string => formatMilliseconds(parseMilliseconds(name, v));
}

/** C's rint, as guc.c rounds: to the nearest integer, a half to the even one (2500us is 2ms). */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
