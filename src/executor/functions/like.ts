/**
 * LIKE/ILIKE patterns and POSIX regular expressions compiled to JS RegExps, once per distinct
 * pattern. LIKE: `%` any run, `_` one character, the escape character (default `\`) quotes the
 * next one; a trailing escape matches nothing, as in PostgreSQL 15.
 */
import { SqlError } from '../../errors/sql-error.js';
import { compilePgRegex, DEFAULT_FLAGS, regexTest } from './pg-regex.js';

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

export function likeToRegExp(pattern: string, escape: string, insensitive: boolean): RegExp | null {
  if (escape.length > 1) throw new SqlError('22025', 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  let src = '^';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (escape !== '' && c === escape) {
      const next = chars[++i];
      if (next === undefined) return null;
      src += next.replace(SPECIAL, '\\$&');
    } else if (c === '%') {
      src += '.*';
    } else if (c === '_') {
      src += '.';
    } else {
      src += c.replace(SPECIAL, '\\$&');
    }
  }
  return new RegExp(`${src}$`, insensitive ? 'isu' : 'su');
}

/** ILIKE lower-cases both sides first, and under LC_CTYPE C that folds ASCII letters only. */
const asciiLower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

export function compileLike(pattern: string, escape: string, insensitive: boolean): (s: string) => boolean {
  if (!insensitive && escape === '\\' && !/[%_\\]/.test(pattern)) return (s) => s === pattern;
  const re = likeToRegExp(insensitive ? asciiLower(pattern) : pattern, escape, false);
  if (re === null) return () => false;
  return insensitive ? (s) => re.test(asciiLower(s)) : (s) => re.test(s);
}

/** `~` and `~*`: PostgreSQL's regular expression dialect (pg-regex.ts). */
export function compileRegex(pattern: string, insensitive: boolean): (s: string) => boolean {
  const rx = compilePgRegex(pattern, insensitive ? INSENSITIVE : DEFAULT_FLAGS);
  return (s) => regexTest(rx, s);
}

const INSENSITIVE = Object.freeze({ ...DEFAULT_FLAGS, insensitive: true });
