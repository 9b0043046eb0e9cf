/**
 * Settings measured in milliseconds (statement_timeout, lock_timeout, …) as PostgreSQL reads and
 * shows them: a number with an optional unit (us, ms, s, min, h, d; none means ms), kept as whole
 * milliseconds, shown in the largest unit that divides it: 5000 → 5s, 3600000 → 1h, 1500 → 1500ms.
 */
import { SqlError } from '../errors/sql-error.js';

const UNITS: readonly (readonly [string, number])[] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1], ['us', 0.001]];
const MAX = 2147483647;

/** The settings kept this way; pg_settings shows them as whole milliseconds with unit ms. */
export const MILLISECOND_SETTINGS: ReadonlySet<string> = new Set(['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout']);

/** `5s` → 5000: a value as normaliseMilliseconds wrote it, back in milliseconds. */
export function millisecondsOf(shown: string): number {
  const m = /^(\d+)([a-z]*)$/.exec(shown);
  return m ? Number(m[1]) * (UNITS.find(([u]) => u === m[2])?.[1] ?? 1) : 0;
}

export function normaliseMilliseconds(name: string): (v: string) => string {
  return (v: string): string => {
    const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-z]*)\s*$/i.exec(v);
    const factor = m ? (m[2] === '' ? 1 : UNITS.find(([u]) => u === m[2])?.[1]) : undefined;
    if (!m || factor === undefined) {
      throw new SqlError('22023', `invalid value for parameter "${name}": "${v}"`, {
        hint: m ? 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".' : undefined,
      });
    }
    const ms = rint(Number(m[1]) * factor);
    if (ms > MAX || ms < -MAX - 1) {
      throw new SqlError('22023', `invalid value for parameter "${name}": "${v}"`, { hint: 'Value exceeds integer range.' });
    }
    if (ms < 0) {
      throw new SqlError('22023', `${ms} ms is outside the valid range for parameter "${name}" (0 .. ${MAX})`);
    }
    if (ms === 0) return '0';
    const [unit, size] = UNITS.find(([, size]) => size >= 1 && ms % size === 0)!;
    return `${ms / size}${unit}`;
  };
}

/** C's rint: to the nearest integer, a half to the even one (2500us is 2ms). */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
