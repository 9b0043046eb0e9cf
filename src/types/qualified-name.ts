/**
 * PostgreSQL's stringToQualifiedNameList: `pg_catalog.array_in`, `"My T"`, `public."a.b"` → the
 * name parts, unquoted ones folded to lower case. What the reg* input functions read.
 */
import { SqlError } from '../errors/sql-error.js';

export function parseQualifiedName(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  const invalid = () => new SqlError('42602', 'invalid name syntax');
  for (;;) {
    if (s[i] === '"') {
      let name = '';
      for (i++; ; i++) {
        if (i >= s.length) throw invalid();
        if (s[i] === '"') {
          if (s[i + 1] !== '"') break;
          i++;
        }
        name += s[i];
      }
      i++;
      if (name === '') throw invalid();
      parts.push(name);
    } else {
      const m = /^[^."\s]+/.exec(s.slice(i));
      if (m === null) throw invalid();
      parts.push(m[0].toLowerCase());
      i += m[0].length;
    }
    while (s[i] === ' ') i++;
    if (i === s.length) return parts;
    if (s[i] !== '.') throw invalid();
    i++;
    while (s[i] === ' ') i++;
  }
}
