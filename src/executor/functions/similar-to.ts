/**
 * SQL's SIMILAR TO patterns as PostgreSQL regular expressions (PostgreSQL's similar_to_escape):
 * `%` → `.*`, `_` → `.`, `(` non-capturing, the whole pattern anchored, the escape character
 * quoting the next one. Two escape-double-quotes split the pattern into three parts for
 * `substring(x SIMILAR p ESCAPE e)`, whose middle part is what substring returns:
 *
 *   'a#"b_#"c' ESCAPE '#'   →   ^(?:a){1,1}?(b.){1,1}(?:c)$
 */
import { SqlError } from '../../errors/sql-error.js';

export function similarToRegex(pattern: string, escape: string): string {
  const esc = Array.from(escape);
  if (esc.length > 1) {
    throw new SqlError('22025', 'invalid escape string', { hint: 'Escape string must be empty or one character.' });
  }
  const e = esc[0];
  let out = '^(?:';
  let afterEscape = false;
  let inClass = false;
  let quotes = 0;
  for (const c of pattern) {
    if (afterEscape) {
      if (c === '"' && !inClass) {
        if (quotes === 0) out += '){1,1}?(';
        else if (quotes === 1) out += '){1,1}(?:';
        else throw new SqlError('2200B', 'SQL regular expression may not contain more than two escape-double-quote separators');
        quotes++;
      } else {
        out += `\\${c}`;
      }
      afterEscape = false;
    } else if (c === e) {
      afterEscape = true;
    } else if (inClass) {
      if (c === '\\') out += '\\';
      out += c;
      if (c === ']') inClass = false;
    } else if (c === '[') {
      out += c;
      inClass = true;
    } else if (c === '%') {
      out += '.*';
    } else if (c === '_') {
      out += '.';
    } else if (c === '(') {
      out += '(?:';
    } else if (c === '\\' || c === '.' || c === '^' || c === '$') {
      out += `\\${c}`;
    } else {
      out += c;
    }
  }
  return `${out})$`;
}
