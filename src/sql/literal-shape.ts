/**
 * The shape of a one-statement query: its tokens with every numeric and plain string literal
 * replaced by a placeholder. Two texts with the same shape parse to the same tree but for those
 * literal values, so a plan made for one can run the other with the literals as parameters —
 * the simple-query protocol's `WHERE id = 42` then costs a lex instead of a parse and a plan.
 *
 * Anything this lexer is not sure to read exactly as PostgreSQL's lexer does (E'', U&'', B'',
 * X'' strings, dollar quotes, $n, adjacent string literals, a number touching an identifier,
 * several statements) makes the text shapeless (null): it takes the ordinary path.
 */

export type LiteralKind = 'int4' | 'int8' | 'numeric' | 'string';

export interface LiteralToken {
  readonly kind: LiteralKind;
  /** The literal's value as the grammar reads it (string: quotes removed, '' unescaped). */
  readonly value: string;
  /** JS index range of the token in the text. */
  readonly start: number;
  readonly end: number;
  /** UTF-8 byte offset of the token (libpg-query locations are byte offsets). */
  readonly byteStart: number;
}

export interface QueryShape {
  readonly key: string;
  readonly literals: readonly LiteralToken[];
}

const INT4_MAX = 2147483647n;
const INT8_MAX = 9223372036854775807n;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

function isIdentChar(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const OPERATOR_CHARS = new Set('+-*/<>=~!@#%^&|`?'.split('').map((c) => c.charCodeAt(0)));

function intKind(text: string): LiteralKind {
  const n = BigInt(text);
  return n <= INT4_MAX ? 'int4' : n <= INT8_MAX ? 'int8' : 'numeric';
}

export function queryShape(sql: string): QueryShape | null {
  const parts: string[] = [];
  const literals: LiteralToken[] = [];
  let bytes = 0; // UTF-8 byte offset of index i
  let i = 0;
  let lastWasString = false;
  let ended = false;
  const n = sql.length;
  const advance = (to: number) => {
    for (let k = i; k < to; k++) {
      const c = sql.charCodeAt(k);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        bytes += 4;
        k++;
      } else bytes += 3;
    }
    i = to;
  };
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      advance(i + 1);
      continue;
    }
    if (c === 45 && sql.charCodeAt(i + 1) === 45) {
      let j = sql.indexOf('\n', i);
      if (j < 0) j = n;
      advance(j);
      continue;
    }
    if (c === 47 && sql.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql.charCodeAt(j) === 47 && sql.charCodeAt(j + 1) === 42) (depth++, (j += 2));
        else if (sql.charCodeAt(j) === 42 && sql.charCodeAt(j + 1) === 47) (depth--, (j += 2));
        else j++;
      }
      if (depth > 0) return null;
      advance(j);
      continue;
    }
    if (ended) return null; // something after the terminating ';'
    if (c === 59) {
      ended = true;
      advance(i + 1);
      continue;
    }
    if (c === 39) {
      if (lastWasString) return null; // 'a' 'b' continuation: leave to the real lexer
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = sql.indexOf("'", j);
        if (q < 0) return null;
        value += sql.slice(j, q);
        if (sql.charCodeAt(q + 1) === 39) {
          value += "'";
          j = q + 2;
          continue;
        }
        j = q + 1;
        break;
      }
      literals.push({ kind: 'string', value, start: i, end: j, byteStart: bytes });
      parts.push('\u0001s');
      advance(j);
      lastWasString = true;
      continue;
    }
    lastWasString = false;
    if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      if (i > 0 && (isIdentChar(sql.charCodeAt(i - 1)) || sql.charCodeAt(i - 1) === 46)) return null;
      let j = i;
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
      let integer = true;
      if (sql.charCodeAt(j) === 46 && sql.charCodeAt(j + 1) !== 46) {
        integer = false;
        j++;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
      }
      const e = sql.charCodeAt(j);
      if (e === 101 || e === 69) {
        let k = j + 1;
        if (sql.charCodeAt(k) === 43 || sql.charCodeAt(k) === 45) k++;
        if (!isDigit(sql.charCodeAt(k))) return null;
        while (k < n && isDigit(sql.charCodeAt(k))) k++;
        integer = false;
        j = k;
      }
      if (j < n && (isIdentChar(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) return null;
      const text = sql.slice(i, j);
      const kind = integer ? intKind(text) : 'numeric';
      literals.push({ kind, value: text, start: i, end: j, byteStart: bytes });
      parts.push(`\u0001${kind}`);
      advance(j);
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentChar(sql.charCodeAt(j))) j++;
      if (sql.charCodeAt(j) === 39 || sql.charCodeAt(j) === 38) return null; // E'…', U&'…', B'…'
      parts.push(sql.slice(i, j));
      advance(j);
      continue;
    }
    if (c === 34) {
      const q = sql.indexOf('"', i + 1);
      if (q < 0) return null;
      let j = q + 1;
      while (sql.charCodeAt(j) === 34) {
        const r = sql.indexOf('"', j + 1);
        if (r < 0) return null;
        j = r + 1;
      }
      parts.push(sql.slice(i, j));
      advance(j);
      continue;
    }
    if (c === 36) return null; // $1 or $tag$
    if (OPERATOR_CHARS.has(c)) {
      let j = i + 1;
      while (j < n && OPERATOR_CHARS.has(sql.charCodeAt(j))) {
        if ((sql.charCodeAt(j) === 45 && sql.charCodeAt(j + 1) === 45) || (sql.charCodeAt(j) === 47 && sql.charCodeAt(j + 1) === 42)) break;
        j++;
      }
      parts.push(sql.slice(i, j));
      advance(j);
      continue;
    }
    // punctuation: ( ) , . [ ] : ;
    parts.push(sql[i]!);
    advance(i + 1);
  }
  if (parts.length === 0) return null;
  return { key: parts.join(' '), literals };
}
